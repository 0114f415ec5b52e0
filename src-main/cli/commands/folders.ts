import { Command } from 'commander';
import type { FolderInfo } from '../../../src-shared/domain.ts';
import { contextOf } from '../context.ts';
import { formatBytes, table } from '../format.ts';

export function foldersCommand(): Command {
  return new Command('folders')
    .description('show the folder tree with special use, message counts and sizes')
    .argument('<name>', 'account name')
    .action(async (name: string, _options: unknown, command: Command) => {
      const { out, engine } = contextOf(command, name);
      const folders = await engine.accounts.folders(name, (account) => {
        out.info(`Listing folders of ${account.user} at ${account.host}…`);
      });
      out.result(folders, () => renderTree(folders));
    });
}

function renderTree(folders: FolderInfo[]): string {
  const rows = folders.map((f) => {
    const depth = f.path === f.name ? 0 : f.path.split(f.delimiter).length - 1;
    const tick = !f.selectable ? ' ' : f.defaultSelected ? '✓' : '·';
    const badge =
      (f.specialUse ? ` [${f.specialUse.slice(1)}]` : '') + (f.archivedVia ? ` (via ${f.archivedVia})` : '');
    return [
      `${tick} ${'  '.repeat(depth)}${f.name}${badge}`,
      f.messages === null ? '' : String(f.messages).padStart(7),
      f.bytes === null ? '' : formatBytes(f.bytes).padStart(9),
      f.path,
    ];
  });
  const total = folders.reduce((sum, f) => sum + (f.messages ?? 0), 0);
  const bytes = folders.reduce((sum, f) => sum + (f.bytes ?? 0), 0);
  return [
    table([['  FOLDER', 'MESSAGES', '     SIZE', 'PATH'], ...rows]),
    '',
    `${folders.length} folders, ${total} messages, ${formatBytes(bytes)}. ✓ = imported by default (Junk and Trash are not).`,
  ].join('\n');
}
