import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ARCHIVE_FILE_NAME = 'mailtrove.sqlite';
export const ARCHIVE_ENV = 'MAILTROVE_ARCHIVE';

/**
 * `--archive PATH` names a directory (the archive's home, created 0700) or, when it ends in
 * .sqlite/.sqlite3/.db or is an existing file, the database file itself.
 */
export function resolveArchiveFile(archivePath: string): string {
  const looksLikeFile = /\.(sqlite3?|db)$/i.test(archivePath);
  if (looksLikeFile) return path.resolve(archivePath);
  if (fs.existsSync(archivePath) && fs.statSync(archivePath).isFile()) return path.resolve(archivePath);
  return path.resolve(archivePath, ARCHIVE_FILE_NAME);
}

/** The directory that holds the archive file, where files that belong with it (settings.json) go. */
export function archiveDirectory(archivePath: string): string {
  return path.dirname(resolveArchiveFile(archivePath));
}

export function archiveExists(archivePath: string): boolean {
  return fs.existsSync(resolveArchiveFile(archivePath));
}

/** --archive, else MAILTROVE_ARCHIVE, else the per-user data directory of the platform. */
export function defaultArchivePath(
  env: NodeJS.ProcessEnv = process.env,
  platform = process.platform,
): string {
  const fromEnv = env[ARCHIVE_ENV];
  if (fromEnv) return fromEnv;
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'MailTrove');
  if (platform === 'win32')
    return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'MailTrove');
  return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'mailtrove');
}
