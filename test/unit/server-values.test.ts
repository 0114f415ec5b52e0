import { describe, expect, it } from 'vitest';
import { decideFolderScan } from '../../src-main/engine/import/scan-decision.ts';
import type { Checkpoint } from '../../src-main/engine/archive/folders-repo.ts';
import {
  badUidProblem,
  checkFolderValues,
  internalDateMs,
  MAX_UINT32,
  number32,
  nzNumber32,
} from '../../src-main/engine/imap/server-values.ts';
import {
  askRawUidValidity,
  rawValueLogger,
  takeDroppedSearchEntries,
} from '../../src-main/engine/imap/raw-values.ts';

describe('numbers from the server', () => {
  it('takes a UID, UIDVALIDITY or UIDNEXT only from 1 to 2^32-1, as a number or a bigint', () => {
    expect([1, MAX_UINT32, 7n].map(nzNumber32)).toEqual([1, MAX_UINT32, 7]);
    const bogus = [0, -1, MAX_UINT32 + 1, 2n ** 64n + 1n, 1.5, Number.NaN, '5', undefined, null];
    expect(bogus.map(nzNumber32)).toEqual(bogus.map(() => null));
  });

  it('takes counts and sizes from 0', () => {
    expect([0, 12, MAX_UINT32].map(number32)).toEqual([0, 12, MAX_UINT32]);
    expect([-1, MAX_UINT32 + 1, undefined].map(number32)).toEqual([null, null, null]);
  });
});

describe('INTERNALDATE', () => {
  it('is kept when it names a real moment, and null when missing, unparseable or absurd', () => {
    const fine = new Date('2024-03-05T10:00:00Z');
    expect(internalDateMs(fine)).toBe(fine.getTime());
    // imapflow hands over an unparseable INTERNALDATE as the string the server sent
    const bogus = ['garbage', undefined, new Date('nope'), new Date(0), new Date('2999-01-01T00:00:00Z')];
    expect(bogus.map(internalDateMs)).toEqual(bogus.map(() => null));
  });
});

describe('a folder as EXAMINE describes it', () => {
  const where = { host: 'imap.example.com', path: 'Archive/2019', sent: null };

  it('gives the values the import relies on, with unusable UIDNEXT and EXISTS as unknown', () => {
    expect(checkFolderValues({ uidValidity: 42n, uidNext: 9, exists: 8 }, where)).toEqual({
      values: { uidValidity: 42, uidNext: 9, messages: 8 },
    });
    expect(checkFolderValues({ uidValidity: 42n, uidNext: 0 }, where)).toEqual({
      values: { uidValidity: 42, uidNext: null, messages: null },
    });
  });

  it('skips a folder whose UIDVALIDITY is out of range, naming the server and the value sent', () => {
    const tooBig = checkFolderValues({ uidValidity: 2n ** 40n, uidNext: 9, exists: 8 }, where);
    expect(tooBig).toMatchObject({ problem: { code: 'bad-uidvalidity', leftOut: null } });
    const message = 'problem' in tooBig ? tooBig.problem.message : '';
    expect(message).toContain('imap.example.com');
    expect(message).toContain('UIDVALIDITY 1099511627776');
    expect(message).toContain('"Archive/2019"');
    // imapflow drops what it cannot parse; the raw text the connection saw is quoted instead
    const dropped = checkFolderValues({ uidNext: 9 }, { ...where, sent: '-1' });
    expect('problem' in dropped && dropped.problem.message).toContain('UIDVALIDITY -1 ');
    const missing = checkFolderValues({}, where);
    expect('problem' in missing && missing.problem.message).toContain('sent no UIDVALIDITY');
  });

  it('reports UIDs no message can have, with how many were left out', () => {
    const problem = badUidProblem({ host: 'h', path: 'INBOX' }, [0, MAX_UINT32 + 1], false);
    expect(problem).toMatchObject({ code: 'bad-uid', leftOut: 2 });
    expect(problem.message).toContain(`The server h listed 2 UID(s) (0, ${MAX_UINT32 + 1}) in the folder`);
    // imapflow drops them before we see them: then how many is not known, but at least one is missing
    const unseen = badUidProblem({ host: 'h', path: 'INBOX' }, [], true);
    expect(unseen).toMatchObject({ code: 'bad-uid', leftOut: 1 });
    expect(unseen.message).toContain(
      'The server h listed UIDs in the folder "INBOX" that no message can have',
    );
  });
});

describe('what imapflow drops and only logs', () => {
  it('quotes the UIDVALIDITY a server sends when asked again, and asks for no log entries otherwise', async () => {
    const { logger, attach } = rawValueLogger();
    const seen = logger as typeof logger & { isLevelEnabled(level: string): boolean };
    // Serializing responses for the log costs 0.5 s for one SEARCH answer of 52k UIDs: never asked for.
    expect(seen.isLevelEnabled('debug')).toBe(false);
    expect(seen.isLevelEnabled('trace')).toBe(false);
    const asked: boolean[] = [];
    const client = {
      status: (path: string) => {
        asked.push(seen.isLevelEnabled('debug'));
        logger.debug({ src: 'c', msg: `5 STATUS ${path} (UIDVALIDITY)` });
        logger.debug({ src: 's', msg: `* STATUS ${path} (UIDVALIDITY -1)` });
        return Promise.resolve({ path });
      },
    };
    attach(client);
    expect(await askRawUidValidity(client, 'Bad')).toBe('-1');
    expect(asked).toEqual([true]);
    expect(seen.isLevelEnabled('debug')).toBe(false);
    // Entries outside a question are not taken.
    logger.debug({ src: 's', msg: '* OK [UIDVALIDITY 12] UIDs valid' });
    const silent = { status: () => Promise.reject(new Error('BAD')) };
    attach(silent);
    expect(await askRawUidValidity(silent, 'Bad')).toBeNull();
    expect(await askRawUidValidity({ status: client.status }, 'unwatched')).toBeNull();
  });

  it('keeps a quoted value short, whatever the server sends', async () => {
    const { logger, attach } = rawValueLogger();
    const client = {
      status: () => {
        logger.debug({ src: 's', msg: `* STATUS x (UIDVALIDITY ${'9'.repeat(5000)})` });
        return Promise.resolve({ path: 'x' });
      },
    };
    attach(client);
    expect((await askRawUidValidity(client, 'x'))?.length).toBeLessThan(50);
  });

  it('notes when imapflow dropped UIDs of a SEARCH answer, once', () => {
    const { logger, attach } = rawValueLogger();
    const client = {};
    attach(client);
    logger.warn({ msg: 'something else' });
    expect(takeDroppedSearchEntries(client)).toBe(false);
    logger.warn({ msg: 'Invalid entries in the SEARCH result', truncated: false, discarded: true });
    expect(takeDroppedSearchEntries(client)).toBe(true);
    expect(takeDroppedSearchEntries(client)).toBe(false);
  });
});

describe('scan decision without a usable UIDNEXT', () => {
  it('never takes the folder as unchanged', () => {
    const current: Checkpoint = {
      folderId: 1,
      uidValidity: 7,
      complete: true,
      uidNext: 100,
      serverMessages: 90,
      range: { since: null, before: null },
      inRange: 90,
      batchesDone: 1,
      updatedAt: 0,
      highestModseq: null,
    };
    const range = { since: null, before: null };
    const decide = (uidNext: number | null, messages: number | null): string =>
      decideFolderScan({ current, latest: current, server: { uidValidity: 7, uidNext, messages }, range })
        .type;
    expect(decide(100, 90)).toBe('skip');
    expect(decide(null, 90)).toBe('resume');
    expect(decide(100, null)).toBe('resume');
  });
});
