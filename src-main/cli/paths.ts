import os from 'node:os';
import path from 'node:path';

export const ARCHIVE_ENV = 'MAILTROVE_ARCHIVE';

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
