import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finish, json, jsonLines, spawnCli } from '../support/cli.ts';
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

  it('lists failed messages in the error log and --retry-failed fetches just those', async () => {
    const archive = await mailbox.newArchive('retry');
    expect((await mailbox.cli(archive, ['import', mailbox.user])).code).toBe(0);
    // What a run leaves when three messages failed: error rows for their UIDs, no membership.
    const db = new Database(path.join(archive, 'mailtrove.sqlite'));
    const rows = db
      .prepare(
        `SELECT ms.folder_id, ms.uid_validity, ms.uid FROM memberships ms JOIN folders f ON f.id = ms.folder_id
         WHERE f.path = 'INBOX' ORDER BY ms.uid LIMIT 3`,
      )
      .all() as { folder_id: number; uid_validity: number; uid: number }[];
    for (const r of rows) {
      db.prepare('DELETE FROM memberships WHERE folder_id = ? AND uid_validity = ? AND uid = ?').run(
        r.folder_id,
        r.uid_validity,
        r.uid,
      );
      db.prepare(
        "INSERT INTO message_errors (folder_id, uid_validity, uid, code, message, at) VALUES (?, ?, ?, 'fetch', 'NO [UNAVAILABLE] try later', 1)",
      ).run(r.folder_id, r.uid_validity, r.uid);
    }
    db.close();
    const uids = rows.map((r) => r.uid);

    const errors = jsonLines<{ folder: string; uid: number; code: string; attempts: number }>(
      await mailbox.cli(archive, ['errors', mailbox.user, '--json']),
    );
    expect(errors.map((e) => [e.folder, e.uid, e.code]).sort()).toEqual(
      uids.map((u) => ['INBOX', u, 'fetch']).sort(),
    );
    const before = json<StatusJson>(await mailbox.cli(archive, ['status', mailbox.user, '--json']));
    expect(before.folders.find((f) => f.path === 'INBOX')?.missing).toEqual(
      uids.map((uid) => ({ uid, cause: 'failed' })),
    );

    const retried = json<{ fetched: number; failed: number }>(
      await mailbox.cli(archive, ['import', mailbox.user, '--retry-failed', '--json']),
    );
    expect(retried).toMatchObject({ fetched: 3, failed: 0 });
    expect(jsonLines(await mailbox.cli(archive, ['errors', mailbox.user, '--json']))).toEqual([]);
    await expectComplete(archive);
    // The retry saw only three UIDs; a normal run afterwards still knows each folder's full range.
    const topUp = json<{ inRange: number; fetched: number }>(
      await mailbox.cli(archive, ['import', mailbox.user, '--json']),
    );
    expect(topUp).toMatchObject({ inRange: expectedContents(mailbox.corpus).memberships, fetched: 0 });
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
