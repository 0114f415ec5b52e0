import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { readMboxrd } from '../../src-main/engine/export/mbox.ts';
import { matchingMessageIds, searchArchive } from '../../src-main/engine/search/search.ts';
import { jsonLines, runCli, spawnCli } from '../support/cli.ts';
import type { CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const inDefault = (m: CorpusMessage): boolean => m.folders.some((f) => f !== 'Junk' && f !== 'Trash');

interface Listing {
  id: number;
  sha256: string;
  threadId: number;
  date: string;
  size: number;
  hasAttachments: boolean;
  folders: string[];
}

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'search, threads and export over a real import',
  () => {
    let mailbox: TestMailbox;
    let corpus: CorpusMessage[];
    let tmp: string;
    let archive: string;
    let db: Database.Database;
    let listing: Listing[];
    const run = (args: string[]): ReturnType<typeof runCli> => mailbox.cli(archive, args);
    const shasOf = (ids: number[]): string[] => {
      const byId = new Map(listing.map((m) => [m.id, m.sha256]));
      return ids.map((id) => byId.get(id) ?? '?').sort();
    };
    const query = (q: string): string[] => shasOf(matchingMessageIds(db, q));

    beforeAll(async () => {
      mailbox = await startTestMailbox({ user: 'gil', corpus: { count: 300, bigAttachments: 1, seed: 21 } });
      ({ corpus, tmp } = mailbox);
      archive = await mailbox.newArchive('archive');
      const imported = await run(['import', 'gil']);
      expect(imported.code, imported.stderr).toBe(0);
      listing = jsonLines<Listing>(await run(['messages']));
      db = openArchive(archive, { readonly: true });
    });
    afterAll(async () => {
      db.close();
      await mailbox.stop();
    });

    it('finds every planted word in exactly its message, broken MIME included', () => {
      const expected = corpus.filter(inDefault);
      for (const message of expected) {
        expect(query(message.plantedWord), `${message.kind} ${message.plantedWord}`).toEqual([
          message.sha256,
        ]);
      }
      expect(expected.some((m) => m.kind === 'broken-mime')).toBe(true);
    });

    it('narrows with each operator exactly as the stored metadata says', () => {
      const all = listing.map((m) => m.sha256).sort();
      const where = (f: (m: Listing) => boolean): string[] =>
        listing
          .filter(f)
          .map((m) => m.sha256)
          .sort();
      expect(query('folder:Sent')).toEqual(where((m) => m.folders.includes('Sent')));
      expect(query('folder:Archive')).toEqual(
        where((m) => m.folders.some((f) => f === 'Archive' || f.startsWith('Archive/'))),
      );
      expect(query('has:attachment')).toEqual(where((m) => m.hasAttachments));
      expect(query('after:2025-06-01')).toEqual(where((m) => m.date >= '2025-06-01'));
      expect(query('before:2024')).toEqual(where((m) => m.date < '2024'));
      expect(query('larger:20k')).toEqual(where((m) => m.size > 20 * 1024));
      expect(query('-folder:INBOX')).toEqual(where((m) => !m.folders.includes('INBOX')));
      const sent = corpus.find((m) => m.folders.length === 1 && m.folders[0] === 'Sent');
      expect(sent).toBeDefined();
      if (!sent) return;
      expect(query(`${sent.plantedWord} folder:Sent`)).toEqual([sent.sha256]);
      expect(query(`${sent.plantedWord} folder:INBOX`)).toEqual([]);
      expect(query(`${sent.plantedWord} OR zzznothing`)).toEqual([sent.sha256]);
      expect(query(`-${sent.plantedWord}`)).toEqual(all.filter((s) => s !== sent.sha256));
    });

    it('groups by thread exactly as the generator threaded the mail, and lists a thread in order', async () => {
      const shaToRoot = new Map(corpus.map((m) => [m.sha256, m.threadRoot]));
      const byThread = new Map<number, Set<string>>();
      for (const m of listing)
        byThread.set(m.threadId, (byThread.get(m.threadId) ?? new Set()).add(shaToRoot.get(m.sha256) ?? '?'));
      // Each thread holds one ground-truth thread, and there are as many threads as ground-truth threads.
      for (const roots of byThread.values()) expect(roots.size).toBe(1);
      expect(byThread.size).toBe(new Set(corpus.filter(inDefault).map((m) => m.threadRoot)).size);
      const biggest =
        [...byThread.keys()].sort(
          (a, b) =>
            listing.filter((m) => m.threadId === b).length - listing.filter((m) => m.threadId === a).length,
        )[0] ?? 0;
      const thread = jsonLines<{ threadId: number; date: string }>(
        await run(['thread', String(biggest), '--json']),
      );
      expect(thread.length).toBeGreaterThan(1);
      expect(thread.every((m) => m.threadId === biggest)).toBe(true);
      expect(thread.map((m) => m.date)).toEqual([...thread.map((m) => m.date)].sort());
      const missing = await run(['thread', '999999999']);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/No thread 999999999 in this archive/);
    });

    it('prints one JSON object per thread with matching messages, snippet and score', async () => {
      const word = corpus.find((m) => m.kind === 'plain' && inDefault(m))?.plantedWord ?? '';
      const hits = jsonLines<{
        threadId: number;
        messages: { id: number; sha256: string }[];
        snippet: string;
        score: number;
        folders: string[];
      }>(await run(['search', word, '--json']));
      expect(hits).toHaveLength(1);
      expect(hits[0]?.snippet).toContain(`**${word}**`);
      expect(hits[0]?.messages).toHaveLength(1);
      expect(hits[0]?.score).toBeLessThan(0);
      const page = searchArchive(db, 'the', { limit: 5 });
      expect(page.hits.length).toBeLessThanOrEqual(5);
      expect(page.totalThreads).toBeGreaterThan(5);
      expect(new Set(page.hits.map((h) => h.threadId)).size).toBe(page.hits.length);
      const bad = await run(['search', 'from:(unclosed']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/position/);
    });

    it("lists every matching message of each shown thread, the query's filters included", () => {
      const threadOf = new Map(listing.map((m) => [m.id, m.threadId]));
      for (const q of ['the', 'the folder:INBOX', 'the -folder:INBOX']) {
        const matching = matchingMessageIds(db, q);
        const page = searchArchive(db, q, { limit: 50 });
        expect(page.hits.length, q).toBeGreaterThan(1);
        expect(
          page.hits.some((hit) => hit.messages.length > 1),
          q,
        ).toBe(true);
        for (const hit of page.hits) {
          const expected = matching.filter((id) => threadOf.get(id) === hit.threadId).sort((a, b) => a - b);
          expect(
            hit.messages.map((m) => m.id).sort((a, b) => a - b),
            `${q}: thread ${hit.threadId}`,
          ).toEqual(expected);
        }
      }
    });

    it('exports search results as .eml and as mboxrd that reads back byte-for-byte', async () => {
      const expected = query('folder:INBOX');
      const mbox = path.join(tmp, 'inbox.mbox');
      const result = await run([
        'export',
        '--query',
        'folder:INBOX',
        '--format',
        'mbox',
        '--out',
        mbox,
        '--json',
      ]);
      expect(result.code, result.stderr).toBe(0);
      const back = [...readMboxrd(fs.readFileSync(mbox))].map((raw) =>
        createHash('sha256').update(raw).digest('hex'),
      );
      expect(back.sort()).toEqual(expected);
      const emlDir = path.join(tmp, 'eml-query');
      const word = corpus.find((m) => m.kind === 'from-lines' && inDefault(m));
      expect(word).toBeDefined();
      await run(['export', '--query', word?.plantedWord ?? '', '--format', 'eml', '--out', emlDir]);
      const files = fs.readdirSync(emlDir).map((f) => fs.readFileSync(path.join(emlDir, f)));
      expect(files.map((f) => createHash('sha256').update(f).digest('hex'))).toEqual([word?.sha256]);
    });

    it('answers searches while an import is writing to the archive', async () => {
      const other = await mailbox.newArchive('busy');
      const importing = spawnCli(['--archive', other, 'import', 'gil', '--batch-size', '1'], {
        env: { MAILTROVE_PASSWORD: mailbox.password },
      });
      const done = new Promise((resolve) => importing.on('exit', resolve));
      const running = (): boolean => importing.exitCode === null;
      let searchedWhileRunning = 0;
      const deadline = Date.now() + 60_000;
      while (running() && Date.now() < deadline) {
        const result = await mailbox.cli(other, ['search', 'folder:INBOX', '--json', '--limit', '1']);
        if (running() && result.code === 0) searchedWhileRunning += 1;
        expect(result.code, result.stderr).toBe(0);
      }
      await done;
      expect(importing.exitCode).toBe(0);
      expect(searchedWhileRunning).toBeGreaterThan(0);
    });
  },
);
