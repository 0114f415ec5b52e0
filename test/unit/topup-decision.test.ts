import { describe, expect, it } from 'vitest';
import type { DateRange } from '../../src-shared/domain.ts';
import type { Checkpoint } from '../../src-main/engine/archive/folders-repo.ts';
import {
  countShowsRemovals,
  decideTopUp,
  type FolderStatusValues,
} from '../../src-main/engine/import/topup-decision.ts';

const everything: DateRange = { since: null, before: null };
/** What the archive recorded at the folder's last complete scan. */
const scanned = (over: Partial<Checkpoint> = {}): Checkpoint => ({
  folderId: 1,
  uidValidity: 7,
  complete: true,
  uidNext: 100,
  serverMessages: 90,
  range: everything,
  inRange: 90,
  batchesDone: 3,
  updatedAt: 0,
  highestModseq: 500n,
  ...over,
});
/** STATUS of the same folder, unchanged unless said otherwise. */
const status = (over: Partial<FolderStatusValues> = {}): FolderStatusValues => ({
  uidValidity: 7,
  uidNext: 100,
  messages: 90,
  highestModseq: 500n,
  ...over,
});
const decide = (current: Checkpoint | null, values: FolderStatusValues, range: DateRange = everything) =>
  decideTopUp({ current, status: values, range });

describe('decideTopUp', () => {
  it('leaves an unchanged folder unselected, with and without CONDSTORE', () => {
    expect(decide(scanned(), status()).type).toBe('unchanged');
    expect(decide(scanned({ highestModseq: null }), status({ highestModseq: null })).type).toBe('unchanged');
  });

  it('asks only for UIDs above the recorded UIDNEXT when mail arrived', () => {
    expect(decide(scanned(), status({ uidNext: 150, messages: 140, highestModseq: 560n }))).toMatchObject({
      type: 'top-up',
      newFrom: 100,
      flags: { since: 500n },
    });
  });

  it('reads flags changed since the recorded HIGHESTMODSEQ, and nothing new', () => {
    expect(decide(scanned(), status({ highestModseq: 501n }))).toMatchObject({
      type: 'top-up',
      newFrom: null,
      flags: { since: 500n },
    });
  });

  it('reads every flag once when the last scan recorded no HIGHESTMODSEQ but the server has one', () => {
    expect(decide(scanned({ highestModseq: null }), status())).toMatchObject({
      type: 'top-up',
      flags: 'all',
    });
  });

  it('tops up a folder that lost messages, to mark them deleted on server', () => {
    expect(decide(scanned(), status({ messages: 89, highestModseq: 501n }))).toMatchObject({
      type: 'top-up',
      newFrom: null,
      reason: expect.stringContaining('removed') as unknown,
    });
  });

  it('scans when the STATUS values or the record prove nothing', () => {
    const scans = [
      decide(null, status()),
      decide(scanned({ complete: false }), status()),
      decide(scanned({ uidValidity: 6 }), status()),
      decide(scanned(), status({ uidNext: null })),
      decide(scanned(), status({ messages: null })),
      decide(scanned(), status({ uidValidity: null })),
      decide(scanned({ uidNext: null }), status()),
      decide(scanned({ serverMessages: null }), status()),
      decide(scanned(), status({ uidNext: 99 })),
      decide(scanned(), status({ messages: 91 })),
      decide(scanned(), status(), { since: '2024-01-01', before: null }),
      decide(scanned(), status({ highestModseq: null })),
    ];
    expect(scans.map((d) => d.type)).toEqual(scans.map(() => 'scan'));
  });
});

describe('countShowsRemovals', () => {
  it('is true only when fewer messages are on the server than recorded plus the new ones', () => {
    expect(countShowsRemovals(90, 50, 140)).toBe(false);
    expect(countShowsRemovals(90, 50, 139)).toBe(true);
    expect(countShowsRemovals(90, 0, 90)).toBe(false);
    expect(countShowsRemovals(90, 0, 88)).toBe(true);
  });
});
