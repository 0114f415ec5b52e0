import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finish, json, spawnCli } from '../support/cli.ts';
import { archiveContents, expectedContents } from '../support/archive-checks.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';
import { createRng } from '../support/prng.ts';

interface StatusJson {
  account: string;
  folders: {
    path: string;
    uidValidity: number | null;
    onServer: number | null;
    archived: number;
    missing: unknown[];
  }[];
}

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')('crashes, full disks and locks', () => {
  let mailbox: TestMailbox;

  beforeAll(async () => {
    mailbox = await startTestMailbox({ user: 'kim', corpus: { count: 500, bigAttachments: 0, seed: 31 } });
  });
  afterAll(async () => {
    await mailbox.stop();
  });

  const expectComplete = async (archive: string): Promise<void> => {
    expect(archiveContents(archive)).toEqual(expectedContents(mailbox.corpus));
    expect((await mailbox.cli(archive, ['verify'])).code).toBe(0);
    const status = json<StatusJson>(await mailbox.cli(archive, ['status', mailbox.user, '--json']));
    for (const folder of status.folders) {
      if (folder.uidValidity === null) continue;
      expect(folder.missing, folder.path).toEqual([]);
      expect(folder.archived, folder.path).toBe(folder.onServer);
    }
  };

  it('kill -9 at 10 random moments, re-running each time, ends equal to the server with no doubles', async () => {
    const archive = await mailbox.newArchive('killed');
    const rng = createRng(7);
    const random = (): number => rng.next();
    const env = { MAILTROVE_PASSWORD: mailbox.password };
    let killedMidRun = 0;
    for (let round = 0; round < 10; round += 1) {
      // The first run starts the job; each later run resumes it (or finds it done).
      // Paced, so the kills land during start-up, planning and fetching alike.
      const args = [
        '--archive',
        archive,
        'import',
        mailbox.user,
        '--batch-size',
        '10',
        '--max-bytes-per-second',
        '150000',
      ];
      const child = spawnCli(round === 0 ? args : [...args, '--resume'], { env });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      let stderrText = '';
      child.stderr.on('data', (d: Buffer) => (stderrText += d.toString()));
      // From start-up (still logging in) to deep into the fetch.
      await new Promise((r) => setTimeout(r, 200 + random() * 2000));
      if (child.exitCode === null) killedMidRun += 1;
      else expect.fail(`round ${round} ended by itself (${child.exitCode}): ${stderrText}`);
      child.kill('SIGKILL');
      await exited;
      const now = archiveContents(archive);
      // Whatever moment the kill hit, nothing is ever stored twice.
      expect(new Set(now.shas).size).toBe(now.messages);
    }
    expect(killedMidRun).toBe(10);
    const last = await finish(
      spawnCli(['--archive', archive, 'import', mailbox.user, '--json'], { env }),
      60_000,
    );
    expect(last.code, last.stderr).toBe(0);
    await expectComplete(archive);
  });

  it('a full disk stops the import with a clear message; after freeing space it resumes and completes', async () => {
    const archive = await mailbox.newArchive('full');
    const file = path.join(archive, 'mailtrove.sqlite');
    const probe = new Database(file, { readonly: true });
    const pages = probe.pragma('page_count', { simple: true }) as number;
    probe.close();
    // About 400 KB of room: the import gets going, then the "disk" fills up mid-run.
    const full = await mailbox.cli(archive, ['import', mailbox.user, '--batch-size', '10'], {
      MAILTROVE_TEST_MAX_PAGES: String(pages + 100),
    });
    expect(full.code).toBe(2);
    expect(full.stderr).toMatch(/The disk holding the archive is full/);
    expect(full.stderr).toMatch(/mailtrove import kim --resume/);
    const kept = archiveContents(archive);
    expect(kept.memberships).toBeGreaterThan(0);

    const resumed = await mailbox.cli(archive, ['import', mailbox.user, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    await expectComplete(archive);
  });

  it('an archive locked by another program stops cleanly with a clear message and imports later', async () => {
    const archive = await mailbox.newArchive('locked');
    const holder = new Database(path.join(archive, 'mailtrove.sqlite'));
    holder.pragma('journal_mode = WAL');
    holder.exec('BEGIN EXCLUSIVE');
    let locked;
    try {
      locked = await mailbox.cli(archive, ['import', mailbox.user]);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(locked.code).toBe(2);
    expect(locked.stderr).toMatch(/locked by another program/);
    expect(archiveContents(archive).memberships).toBe(0);
    const later = await mailbox.cli(archive, ['import', mailbox.user]);
    expect(later.code, later.stderr).toBe(0);
    await expectComplete(archive);
  });
});
