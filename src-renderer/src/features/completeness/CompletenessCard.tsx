/**
 * "Did it get everything?" per folder, from the archive alone (what `mailtrove status` says): the server's
 * count in range against what is archived, the folder's state, and every gap with its cause.
 */
import { useEffect } from 'react';
import type { FolderStatusView } from '../../../../src-shared/ipc/views.ts';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { useInvoke } from '../../api/use-invoke.ts';
import { formatCount } from '../../lib/format.ts';
import { ErrorBox } from '../../ui/ErrorBox.tsx';
import { CAUSE_TEXT, STATE_TEXT, gapsByCause, hasEverything, uidList } from './gaps.ts';

interface Props {
  account: string;
  /** changes when an import starts or ends, so the view reloads with its result */
  refreshKey: string;
}

export function CompletenessCard({ account, refreshKey }: Props) {
  const status = useInvoke('status:account', { account });
  const { reload } = status;
  useEffect(() => {
    reload();
  }, [refreshKey, reload]);

  if (status.error !== null) return <ErrorBox error={status.error} title="Completeness could not be read" />;
  const folders = status.value?.folders.filter((f) => f.state !== 'not-started') ?? [];
  if (folders.length === 0) return null;
  const complete = folders.filter(hasEverything).length;
  const notStarted = (status.value?.folders.length ?? 0) - folders.length;
  return (
    <section className="card completeness" aria-labelledby="completeness-title">
      <h2 id="completeness-title">Completeness</h2>
      <p data-testid="completeness-headline">
        {complete === folders.length
          ? `Everything the server had in range is archived, in ${folders.length === 1 ? 'the one imported folder' : `all ${formatCount(folders.length)} imported folders`}.`
          : `${formatCount(complete)} of ${formatCount(folders.length)} imported folders are complete.`}
        {notStarted > 0 && ` ${formatCount(notStarted)} not imported yet.`}
      </p>
      <div className="table-wrap">
        <table className="completeness-table" aria-label="Completeness per folder">
          <thead>
            <tr>
              <th scope="col">Folder</th>
              <th scope="col">State</th>
              <th scope="col">On the server in range</th>
              <th scope="col">Archived</th>
              <th scope="col">Missing</th>
            </tr>
          </thead>
          <tbody>
            {folders.map((folder) => (
              <FolderRow key={folder.path} folder={folder} />
            ))}
          </tbody>
        </table>
      </div>
      {folders.some((f) => !hasEverything(f)) && (
        <ul className="gaps" aria-label="Why messages are missing">
          {folders.flatMap((folder) => gapLines(folder))}
        </ul>
      )}
    </section>
  );
}

function FolderRow({ folder }: { folder: FolderStatusView }) {
  const good = hasEverything(folder);
  return (
    <tr data-folder={folder.path} className={good ? undefined : 'row-warn'}>
      <th scope="row">{visibleText(folder.path)}</th>
      <td data-cell="state">{good ? STATE_TEXT.complete : STATE_TEXT[folder.state]}</td>
      <td data-cell="onServer">{folder.onServer === null ? '—' : formatCount(folder.onServer)}</td>
      <td data-cell="archived">{formatCount(folder.archived)}</td>
      <td data-cell="missing">{formatCount(folder.missing.length)}</td>
    </tr>
  );
}

function gapLines(folder: FolderStatusView) {
  const name = visibleText(folder.path);
  return [
    ...gapsByCause(folder).map(({ cause, uids }) => (
      <li key={`${folder.path}:${cause}`} data-folder={folder.path} data-cause={cause}>
        <strong>{name}</strong>: {formatCount(uids.length)} {CAUSE_TEXT[cause]} (UID {uidList(uids)})
      </li>
    )),
    ...folder.folderErrors.map((e) => (
      <li key={`${folder.path}:${e.code}`} data-folder={folder.path} data-cause={e.code}>
        <strong>{name}</strong>: left out because of the server: {visibleText(e.message)}
      </li>
    )),
    ...(folder.state === 'partial' && folder.missing.length === 0
      ? [
          <li key={`${folder.path}:partial`} data-folder={folder.path} data-cause="partial">
            <strong>{name}</strong>: the last import stopped before it had looked at the whole folder
          </li>,
        ]
      : []),
  ];
}
