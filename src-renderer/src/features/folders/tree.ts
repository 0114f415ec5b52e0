/** The folder tree and its tri-state selection, pure so unit tests can cover them. */
import type { FolderInfo, SpecialUse } from '../../../../src-shared/domain.ts';

export interface FolderNode {
  folder: FolderInfo;
  children: FolderNode[];
  depth: number;
}

export type CheckState = 'checked' | 'unchecked' | 'mixed';

/** Where well-known folders sort among their siblings: the order people expect from mail clients. */
const SPECIAL_ORDER: readonly (SpecialUse | null)[] = [
  '\\Inbox',
  '\\Sent',
  '\\Drafts',
  '\\Archive',
  '\\All',
  '\\Flagged',
  '\\Important',
  null,
  '\\Junk',
  '\\Trash',
];

function rank(folder: FolderInfo): number {
  // Servers without SPECIAL-USE still call the inbox INBOX (RFC 3501 §5.1: case-insensitive).
  const use = folder.specialUse ?? (folder.path.toUpperCase() === 'INBOX' ? '\\Inbox' : null);
  const index = SPECIAL_ORDER.indexOf(use);
  return index === -1 ? SPECIAL_ORDER.indexOf(null) : index;
}

function compare(a: FolderNode, b: FolderNode): number {
  return rank(a.folder) - rank(b.folder) || a.folder.name.localeCompare(b.folder.name);
}

/**
 * Nests folders by `parentPath`. A folder whose parent the server did not list (a namespace prefix such
 * as "INBOX." or a hidden container) becomes a root, so nothing the server reported is ever dropped.
 */
export function buildFolderTree(folders: readonly FolderInfo[]): FolderNode[] {
  const byPath = new Map<string, FolderNode>();
  for (const folder of folders) byPath.set(folder.path, { folder, children: [], depth: 0 });
  const roots: FolderNode[] = [];
  for (const node of byPath.values()) {
    const parent = node.folder.parentPath === '' ? undefined : byPath.get(node.folder.parentPath);
    if (parent === undefined || parent === node) roots.push(node);
    else parent.children.push(node);
  }
  const settle = (nodes: FolderNode[], depth: number): void => {
    nodes.sort(compare);
    for (const node of nodes) {
      node.depth = depth;
      settle(node.children, depth + 1);
    }
  };
  settle(roots, 0);
  return roots;
}

/** The tree in display order, depth first. */
export function flatten(nodes: readonly FolderNode[]): FolderNode[] {
  return nodes.flatMap((node) => [node, ...flatten(node.children)]);
}

/** Paths of the folders an import can read in this subtree: containers (\Noselect) hold no mail. */
export function selectablePaths(node: FolderNode): string[] {
  const own = node.folder.selectable ? [node.folder.path] : [];
  return [...own, ...node.children.flatMap(selectablePaths)];
}

/** What the engine would import by default: everything selectable but Junk and Trash. */
export function defaultSelection(folders: readonly FolderInfo[]): Set<string> {
  return new Set(folders.filter((f) => f.selectable && f.defaultSelected).map((f) => f.path));
}

/** A box is ticked when every selectable folder under it (itself included) is, mixed when only some are. */
export function checkState(node: FolderNode, selected: ReadonlySet<string>): CheckState {
  const paths = selectablePaths(node);
  const ticked = paths.filter((path) => selected.has(path)).length;
  if (paths.length === 0 || ticked === 0) return 'unchecked';
  return ticked === paths.length ? 'checked' : 'mixed';
}

/** Clicking a ticked box clears its subtree; clicking an empty or mixed one ticks the whole subtree. */
export function toggle(node: FolderNode, selected: ReadonlySet<string>): Set<string> {
  const next = new Set(selected);
  const paths = selectablePaths(node);
  if (checkState(node, selected) === 'checked') for (const path of paths) next.delete(path);
  else for (const path of paths) next.add(path);
  return next;
}

/** Human name for a special-use flag, for its badge. */
/**
 * On Gmail a label folder's mail comes in once through All Mail: the row says so, naming that folder by
 * its last segment ("[Gmail]/Alle Nachrichten" → "Alle Nachrichten"); null for every other folder.
 */
export function archivedViaNote(folder: Pick<FolderInfo, 'archivedVia' | 'delimiter'>): string | null {
  if (!folder.archivedVia) return null;
  const parts = folder.delimiter ? folder.archivedVia.split(folder.delimiter) : [folder.archivedVia];
  return `label · imported with ${parts[parts.length - 1] ?? folder.archivedVia}`;
}

export function specialUseLabel(use: SpecialUse): string {
  const labels: Record<SpecialUse, string> = {
    '\\Inbox': 'Inbox',
    '\\Sent': 'Sent',
    '\\Drafts': 'Drafts',
    '\\Archive': 'Archive',
    '\\Junk': 'Junk',
    '\\Trash': 'Trash',
    '\\All': 'All Mail',
    '\\Flagged': 'Flagged',
    '\\Important': 'Important',
  };
  return labels[use];
}
