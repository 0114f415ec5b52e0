import type { FolderInfo } from '../../../src-shared/domain.ts';
import { MailtroveError } from '../errors.ts';

/**
 * Which folders an import reads. Without --folders: every selectable folder ticked by default (not Junk or
 * Trash). --folders names exact paths (Junk and Trash included when named); --exclude removes a path and
 * everything below it. Unknown names are an error, not a silent no-op.
 */
export function selectFolders(
  folders: FolderInfo[],
  choice: { folders: string[] | null; exclude: string[] },
): FolderInfo[] {
  const byPath = new Map(folders.map((f) => [normalize(f.path), f]));
  const unknown = [...(choice.folders ?? []), ...choice.exclude].filter((p) => !byPath.has(normalize(p)));
  if (unknown.length > 0) {
    throw new MailtroveError('usage', `No such folder: ${unknown.map((p) => `"${p}"`).join(', ')}.`, {
      hint: 'See the folder paths with mailtrove folders NAME.',
    });
  }
  const chosen =
    choice.folders === null
      ? folders.filter((f) => f.defaultSelected)
      : choice.folders.map((p) => byPath.get(normalize(p)) as FolderInfo);
  const notSelectable = chosen.filter((f) => !f.selectable);
  if (choice.folders !== null && notSelectable.length > 0) {
    throw new MailtroveError(
      'usage',
      `"${notSelectable[0]?.path ?? ''}" holds no messages of its own (\\Noselect).`,
    );
  }
  const excluded = choice.exclude.map((p) => byPath.get(normalize(p)) as FolderInfo);
  const isExcluded = (f: FolderInfo): boolean =>
    excluded.some((x) => f.path === x.path || f.path.startsWith(x.path + x.delimiter));
  return [...new Set(chosen)].filter((f) => f.selectable && !isExcluded(f));
}

/** INBOX is case-insensitive (RFC 3501 5.1); every other name is exact. */
function normalize(path: string): string {
  return path.toUpperCase() === 'INBOX' ? 'INBOX' : path;
}
