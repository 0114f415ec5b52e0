import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function mbsyncAvailable(): boolean {
  return spawnSync('mbsync', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Times mbsync (isync) pulling the whole account into a fresh Maildir, with its default settings (which
 * include fsync): what a user who archives with mbsync gets.
 */
export function timeMbsync(
  work: string,
  server: { host: string; port: number },
  user: string,
  password: string,
): number {
  const maildir = path.join(work, 'mbsync-maildir');
  fs.mkdirSync(maildir, { recursive: true });
  const config = path.join(work, 'mbsyncrc');
  fs.writeFileSync(
    config,
    [
      'IMAPAccount bench',
      `Host ${server.host}`,
      `Port ${server.port}`,
      `User ${user}`,
      `Pass "${password}"`,
      'SSLType None',
      'AuthMechs LOGIN',
      '',
      'IMAPStore bench-remote',
      'Account bench',
      '',
      'MaildirStore bench-local',
      `Path ${maildir}/`,
      `Inbox ${maildir}/INBOX`,
      'SubFolders Verbatim',
      '',
      'Channel bench',
      'Far :bench-remote:',
      'Near :bench-local:',
      'Patterns *',
      'Create Near',
      'Sync Pull',
      'SyncState *',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  const started = performance.now();
  execFileSync('mbsync', ['-q', '-c', config, 'bench'], { stdio: 'inherit' });
  return (performance.now() - started) / 1000;
}
