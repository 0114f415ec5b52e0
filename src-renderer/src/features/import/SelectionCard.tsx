/** The selection in one card: a preset, the folders (select all / none / defaults) and the date range. */
import type { FolderInfo } from '../../../../src-shared/domain.ts';
import type { ReplyError } from '../../../../src-shared/ipc/contract.ts';
import { FolderTree } from '../folders/FolderTree.tsx';
import { buildFolderTree, defaultSelection } from '../folders/tree.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { DateRangePicker } from './DateRangePicker.tsx';
import { allFolders, type Selection } from './selection.ts';

interface Props {
  folders: readonly FolderInfo[] | null;
  foldersError: ReplyError | null;
  selection: Selection;
  onChange: (selection: Selection) => void;
}

export function SelectionCard({ folders, foldersError, selection, onChange }: Props) {
  const tree = buildFolderTree(folders ?? []);
  const choose = (paths: Set<string>): void => {
    onChange({ ...selection, folders: paths });
  };
  return (
    <div className="columns">
      <section className="card" aria-labelledby="folders-title">
        <div className="card-head">
          <h2 id="folders-title">Folders</h2>
          {folders !== null && (
            <div className="link-buttons" role="group" aria-label="Choose folders">
              <button
                type="button"
                className="link"
                onClick={() => {
                  choose(allFolders(folders));
                }}
              >
                All
              </button>
              <button
                type="button"
                className="link"
                onClick={() => {
                  choose(new Set());
                }}
              >
                None
              </button>
              <button
                type="button"
                className="link"
                onClick={() => {
                  choose(defaultSelection(folders));
                }}
              >
                All but Junk and Trash
              </button>
            </div>
          )}
        </div>
        {foldersError !== null && <ErrorBox error={foldersError} title="The folders could not be listed" />}
        {folders === null && foldersError === null && (
          <p className="muted">Asking the server for its folders…</p>
        )}
        {folders !== null && <FolderTree tree={tree} selected={selection.folders} onChange={choose} />}
      </section>
      <section className="card" aria-labelledby="range-title">
        <h2 id="range-title">Date range</h2>
        <DateRangePicker
          range={selection.range}
          onChange={(range) => {
            onChange({ ...selection, range });
          }}
        />
      </section>
    </div>
  );
}
