import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src-shared/domain.ts';
import { json, jsonLines, runCli } from '../support/cli.ts';
import type { CorpusMessage } from '../support/corpus.ts';
import { dovecotAvailable } from '../support/dovecot.ts';
import { startTestMailbox, type TestMailbox } from '../support/mailbox.ts';

const DAY = 86_400_000;
const day = (d: Date): string => d.toISOString().slice(0, 10);
const inDefaultFolders = (m: CorpusMessage): boolean => m.folders.some((f) => f !== 'Junk' && f !== 'Trash');

describe.skipIf(!dovecotAvailable() && process.env['CI'] !== 'true')(
  'date range and limits on INTERNALDATE',
  () => {
    let mailbox: TestMailbox;
    let corpus: CorpusMessage[];
    const now = new Date();

    beforeAll(async () => {
      mailbox = await startTestMailbox({
        user: 'dana',
        corpus: { count: 150, bigAttachments: 0, now, seed: 7 },
      });
      corpus = mailbox.corpus;
    });
    afterAll(async () => {
      await mailbox.stop();
    });

    /** A fresh archive with the account, so each case sees only its own import. */
    async function freshArchive(name: string): Promise<(args: string[]) => ReturnType<typeof runCli>> {
      const archive = await mailbox.newArchive(name);
      return (args) => mailbox.cli(archive, args);
    }

    const storedShas = async (run: (args: string[]) => ReturnType<typeof runCli>): Promise<string[]> =>
      jsonLines<{ sha256: string }>(await run(['messages']))
        .map((m) => m.sha256)
        .sort();

    it('--since/--before select exactly the messages whose INTERNALDATE day is in [since, before)', async () => {
      const run = await freshArchive('range');
      const since = day(new Date(now.getTime() - 400 * DAY));
      const before = day(new Date(now.getTime() - 100 * DAY));
      const result = await run(['import', 'dana', '--since', since, '--before', before, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const expected = corpus.filter(
        (m) => inDefaultFolders(m) && day(m.internalDate) >= since && day(m.internalDate) < before,
      );
      expect(expected.length).toBeGreaterThan(5);
      expect(expected.length).toBeLessThan(corpus.length / 2);
      expect(await storedShas(run)).toEqual(expected.map((m) => m.sha256).sort());
    });

    it('--last-year takes the 365 days up to today, and widening the range later fetches only the rest', async () => {
      const run = await freshArchive('last-year');
      const first = json<ImportSummary>(await run(['import', 'dana', '--last-year', '--json']));
      const since = day(new Date(now.getTime() - 365 * DAY));
      const lastYear = corpus.filter((m) => inDefaultFolders(m) && day(m.internalDate) >= since);
      expect(await storedShas(run)).toEqual(lastYear.map((m) => m.sha256).sort());
      expect(first.new).toBe(lastYear.length);
      const all = json<ImportSummary>(await run(['import', 'dana', '--json']));
      const everything = corpus.filter(inDefaultFolders);
      expect(all.new).toBe(everything.length - lastYear.length);
      expect(await storedShas(run)).toEqual(everything.map((m) => m.sha256).sort());
    });

    it('--max-messages stores the newest N and the next run continues with the rest', async () => {
      const run = await freshArchive('max');
      const first = json<ImportSummary>(
        await run(['import', 'dana', '--folders', 'INBOX', '--max-messages', '10', '--json']),
      );
      expect(first.fetched).toBe(10);
      const inbox = corpus.filter((m) => m.folders.includes('INBOX'));
      const newest = [...inbox]
        .sort((a, b) => b.internalDate.getTime() - a.internalDate.getTime())
        .slice(0, 10);
      expect(await storedShas(run)).toEqual(newest.map((m) => m.sha256).sort());
      const rest = json<ImportSummary>(await run(['import', 'dana', '--folders', 'INBOX', '--json']));
      expect(rest.fetched).toBe(inbox.length - 10);
      expect((await storedShas(run)).length).toBe(new Set(inbox.map((m) => m.sha256)).size);
    });
  },
);
