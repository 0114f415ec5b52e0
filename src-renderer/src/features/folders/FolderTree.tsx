/**
 * The account's folders as a tree with tri-state boxes, special-use badges, counts and sizes. The tree is
 * one tab stop (a roving tabindex): arrows, Home and End move between folders, Space ticks one.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { visibleText } from '../../../../src-shared/visible-text.ts';
import { formatBytes, formatCount } from '../../lib/format.ts';
import { archivedViaNote, checkState, flatten, specialUseLabel, toggle, type FolderNode } from './tree.ts';

interface Props {
  tree: readonly FolderNode[];
  selected: ReadonlySet<string>;
  onChange: (selected: Set<string>) => void;
}

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowDown: (i, n) => Math.min(n - 1, i + 1),
  ArrowRight: (i, n) => Math.min(n - 1, i + 1),
  ArrowUp: (i) => Math.max(0, i - 1),
  ArrowLeft: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_, n) => n - 1,
};

export function FolderTree({ tree, selected, onChange }: Props) {
  const rows = flatten(tree);
  const usable = rows.filter((node) => !isEmpty(node));
  const [active, setActive] = useState<string | null>(null);
  // The tab stop: the folder last moved to, else the first one that can be ticked.
  const current = usable.find((node) => node.folder.path === active) ?? usable[0];

  if (rows.length === 0) return <p className="empty">The server lists no folders for this account.</p>;

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    const move = MOVES[event.key];
    if (move === undefined || current === undefined) return;
    event.preventDefault();
    const next = usable[move(usable.indexOf(current), usable.length)];
    if (next === undefined) return;
    setActive(next.folder.path);
    event.currentTarget
      .querySelector<HTMLInputElement>(`input[data-path="${CSS.escape(next.folder.path)}"]`)
      ?.focus();
  };

  return (
    <ul className="folder-tree" aria-label="Folders" onKeyDown={onKeyDown}>
      {rows.map((node) => (
        <FolderRow
          key={node.folder.path}
          node={node}
          selected={selected}
          tabStop={node === current}
          onFocus={() => {
            setActive(node.folder.path);
          }}
          onToggle={() => {
            onChange(toggle(node, selected));
          }}
        />
      ))}
    </ul>
  );
}

/** A container the server lists but that holds no mail and no folders: nothing to tick. */
function isEmpty(node: FolderNode): boolean {
  return !node.folder.selectable && node.children.length === 0;
}

function FolderRow({
  node,
  selected,
  tabStop,
  onFocus,
  onToggle,
}: {
  node: FolderNode;
  selected: ReadonlySet<string>;
  tabStop: boolean;
  onFocus: () => void;
  onToggle: () => void;
}) {
  const box = useRef<HTMLInputElement>(null);
  const state = checkState(node, selected);
  const { folder } = node;
  // "mixed" exists only as a DOM property, not as an attribute React can set.
  useEffect(() => {
    if (box.current !== null) box.current.indeterminate = state === 'mixed';
  }, [state]);
  const empty = isEmpty(node);
  return (
    <li className="folder-row" style={{ paddingLeft: `${node.depth * 1.25 + 0.5}rem` }}>
      <label>
        <input
          ref={box}
          type="checkbox"
          checked={state === 'checked'}
          disabled={empty}
          tabIndex={tabStop ? 0 : -1}
          data-path={folder.path}
          onFocus={onFocus}
          aria-checked={state === 'mixed' ? 'mixed' : state === 'checked'}
          onChange={onToggle}
        />
        <span className="folder-name">{visibleText(folder.name)}</span>
        {folder.specialUse !== null && (
          <span className={`badge badge-${folder.specialUse.slice(1).toLowerCase()}`}>
            {specialUseLabel(folder.specialUse)}
          </span>
        )}
        {archivedViaNote(folder) !== null && (
          <span
            className="folder-via muted"
            title={`Gmail label: its mail is imported once, from ${folder.archivedVia ?? ''}`}
          >
            {visibleText(archivedViaNote(folder) ?? '')}
          </span>
        )}
      </label>
      <span className="folder-count">{folder.selectable ? formatCount(folder.messages) : ''}</span>
      <span className="folder-size">{folder.selectable ? formatBytes(folder.bytes) : ''}</span>
    </li>
  );
}
