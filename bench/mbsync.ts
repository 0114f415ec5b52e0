import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function mbsyncAvailable(): boolean {
  return spawnSync('mbsync', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Times mbsync (isync) pulling the whole account into a fresh Maildir, with its default settings (which
 * include fsync): what a user who archives with mbsync gets.
 */
export interface MbsyncRun {
  seconds: number;
  /** messages mbsync refused to copy ("incomplete header; skipping") */
  skipped: number;
}

export function timeMbsync(
  work: string,
  server: { host: string; port: number },
  user: string,
  password: string,
): MbsyncRun {
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
  const result = spawnSync('mbsync', ['-c', config, 'bench'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0)
    throw new Error(`mbsync failed (${result.status ?? 'signal'}): ${result.stderr.slice(-2000)}`);
  return { seconds, skipped: (result.stderr.match(/incomplete header; skipping/g) ?? []).length };
}
