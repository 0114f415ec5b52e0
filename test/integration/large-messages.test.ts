import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultImportOptions } from '../../src-shared/domain.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { createJobManager } from '../../src-main/engine/jobs/job-manager.ts';
import { archiveContents, expectedContents } from '../support/archive-checks.ts';
import { finish, spawnCli } from '../support/cli.ts';
import { writeMaildir, type CorpusMessage } from '../support/corpus.ts';
import { largeMessages } from '../support/corpus-large.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const KiB = 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Bytes a default import downloads: each message once per imported folder it is in. */
const importBytes = (corpus: CorpusMessage[]): number =>
  corpus.reduce(
    (n, m) => n + m.raw.length * m.folders.filter((f) => f !== 'Junk' && f !== 'Trash').length,
    0,
  );

/** The (folder, message) pairs of a default import that the archive does not hold yet, with their bytes. */
const missingBytes = (archive: string, corpus: CorpusMessage[]): number => {
  const reader = new Database(path.join(archive, 'mailtrove.sqlite'), { readonly: true });
  try {
    const held = new Set(
      (
        reader
          .prepare(
            `SELECT f.path || ' ' || hex(m.sha256) AS k FROM memberships s
             JOIN folders f ON f.id = s.folder_id JOIN messages m ON m.id = s.message_id`,
          )
          .pluck()
          .all() as string[]
      ).map((k) => k.toLowerCase()),
    );
    let bytes = 0;
    for (const m of corpus) {
      for (const folder of m.folders) {
        if (folder === 'Junk' || folder === 'Trash') continue;
        if (!held.has(`${folder.toLowerCase()} ${m.sha256}`)) bytes += m.raw.length;
      }
    }
    return bytes;
  } finally {
    reader.close();
  }
};

/** The spool files left in an archive directory (none once every message is stored). */
const spooled = (archive: string): { name: string; size: number }[] => {
  const dir = path.join(archive, 'spool');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }));
};

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'large messages over a link that drops',
  () => {
    let mailbox: TestMailbox;
    let corpus: CorpusMessage[];
    let proxy: FaultProxy | null = null;
    let db: Database.Database | null = null;

    beforeAll(async () => {
      mailbox = await startTestMailbox({ user: 'max', corpus: { count: 60, bigAttachments: 0, seed: 52 } });
      // The 11 MB message is the newest, so it is the first one fetched.
      const large = largeMessages({ sizes: [11_000_000, 6_000_000, 2_000_000], seed: 3 });
      writeMaildir(mailbox.server.maildir(mailbox.user), large);
      corpus = [...mailbox.corpus, ...large];
    });
    afterEach(async () => {
      db?.close();
      db = null;
      await proxy?.close();
      proxy = null;
    });
    afterAll(async () => {
      await mailbox.stop();
    });

    /** A fresh archive whose account talks to Dovecot through a new fault proxy. */
    const archiveThroughProxy = async (name: string): Promise<{ dir: string; proxy: FaultProxy }> => {
      const p = await startFaultProxy({ host: mailbox.server.host, port: mailbox.server.port }, {}, 18);
      proxy = p;
      const dir = path.join(mailbox.tmp, name);
      const flags = [
        '--host',
        p.host,
        '--port',
        String(p.port),
        '--security',
        'none',
        '--user',
        mailbox.user,
      ];
      const added = await mailbox.cli(dir, ['account', 'add', mailbox.user, ...flags]);
      expect(added.code, added.stderr).toBe(0);
      return { dir, proxy: p };
    };

    it('a connection cut after every 100-400 KiB: the import completes, each large message about once over the wire', async () => {
      const { dir, proxy: p } = await archiveThroughProxy('flaky');
      p.settings.dropConnectionAfter = { min: 100 * KiB, max: 400 * KiB };
      db = openArchive(dir, { readonly: false });
      const jobs = createJobManager({
        db,
        passwordFor: () => Promise.resolve(mailbox.password),
        // Backoff in milliseconds so the test is quick; the logic is the same as with seconds.
        settings: { retry: { baseDelayMs: 10, maxDelayMs: 100, maxRetries: 10 }, stallTimeoutMs: 5000 },
      });
      const job = await jobs.start(mailbox.user, { ...defaultImportOptions(), batchSize: 50 });
      const done = await jobs.settled(job.id);
      expect(done.state, done.error ?? '').toBe('completed');
      expect(done.summary?.failed).toBe(0);
      // Every connection was cut many times over (19 MB of large mail alone needs ~75 connections).
      expect(p.stats.drops).toBeGreaterThan(50);
      expect(archiveContents(dir)).toEqual(expectedContents(corpus));
      const wire = p.stats.bytesToClient + p.stats.bytesToServer;
      const mailboxBytes = importBytes(corpus);
      expect(wire / mailboxBytes).toBeLessThanOrEqual(1.3);
      expect(spooled(dir)).toEqual([]);
    }, 120_000);

    it('killed mid-message, the next run continues from the spooled bytes instead of byte 0', async () => {
      const { dir, proxy: p } = await archiveThroughProxy('killed');
      const env = { MAILTROVE_PASSWORD: mailbox.password };
      // Paced so the kill lands inside the first (11 MB) message.
      const first = spawnCli(
        ['--archive', dir, 'import', mailbox.user, '--max-bytes-per-second', '3000000'],
        { env },
      );
      const exited = finish(first, 90_000);
      const deadline = Date.now() + 60_000;
      while (!spooled(dir).some((f) => f.size >= 2_000_000) && Date.now() < deadline) await sleep(20);
      first.kill('SIGKILL');
      const killed = await exited;
      const kept = spooled(dir);
      expect(kept.length, killed.stderr).toBe(1);
      const spool = kept[0] ?? { name: '', size: 0 };
      expect(spool.size).toBeGreaterThanOrEqual(2_000_000);
      expect(spool.size).toBeLessThan(11_000_000);
      // Mail, like the archive itself: readable by the user alone.
      expect(fs.statSync(path.join(dir, 'spool', spool.name)).mode & 0o077).toBe(0);

      const needed = missingBytes(dir, corpus) - spool.size;
      const before = p.stats.bytesToClient;
      const second = await mailbox.cli(dir, ['import', mailbox.user, '--resume', '--json']);
      expect(second.code, second.stderr).toBe(0);
      expect(archiveContents(dir)).toEqual(expectedContents(corpus));
      expect(spooled(dir)).toEqual([]);
      // What was left, less what the spool held, plus the commands' own traffic: the spooled bytes were
      // not fetched again.
      const wire = p.stats.bytesToClient - before;
      expect(wire).toBeGreaterThanOrEqual(needed);
      expect(wire).toBeLessThan(needed + 300 * KiB);
    }, 120_000);
  },
);
