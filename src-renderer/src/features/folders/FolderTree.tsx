/** The account's folders as a tree with tri-state boxes, special-use badges, counts and sizes. */
import { useEffect, useRef } from 'react';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatBytes, formatCount } from '../../lib/format.ts';
import { checkState, flatten, specialUseLabel, toggle, type FolderNode } from './tree.ts';

interface Props {
  tree: readonly FolderNode[];
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
}

export function FolderTree({ tree, selected, onChange }: Props) {
  const rows = flatten(tree);
  if (rows.length === 0) return <p className="empty">The server lists no folders for this account.</p>;
  return (
    <ul className="folder-tree" aria-label="Folders">
      {rows.map((node) => (
        <FolderRow
          key={node.folder.path}
          node={node}
          selected={selected}
          onToggle={() => {
            onChange(toggle(node, selected));
          }}
        />
      ))}
    </ul>
  );
}

function FolderRow({
  node,
  selected,
  onToggle,
}: {
  node: FolderNode;
  selected: ReadonlySet<string>;
  onToggle: () => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  const state = checkState(node, selected);
  const { folder } = node;
  // "mixed" exists only as a DOM property, not as an attribute React can set.
  useEffect(() => {
    if (box.current !== null) box.current.indeterminate = state === 'mixed';
  }, [state]);
  const empty = !folder.selectable && node.children.length === 0;
  return (
    <li className="folder-row" style={{ paddingLeft: `${node.depth * 1.25 + 0.5}rem` }}>
      <label>
        <input
          ref={box}
          type="checkbox"
          checked={state === 'checked'}
          disabled={empty}
          aria-checked={state === 'mixed' ? 'mixed' : state === 'checked'}
          onChange={onToggle}
        />
        <span className="folder-name">{visibleText(folder.name)}</span>
        {folder.specialUse !== null && (
          <span className={`badge badge-${folder.specialUse.slice(1).toLowerCase()}`}>
            {specialUseLabel(folder.specialUse)}
          </span>
        )}
      </label>
      <span className="folder-count">{folder.selectable ? formatCount(folder.messages) : ''}</span>
      <span className="folder-size">{folder.selectable ? formatBytes(folder.bytes) : ''}</span>
    </li>
  );
}
