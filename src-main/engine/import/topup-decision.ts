import type { DateRange } from '../../../src-shared/domain.ts';
import type { Checkpoint } from '../archive/folders-repo.ts';

/** A folder's values from STATUS (LIST-STATUS), asked without selecting it. */
export interface FolderStatusValues {
  uidValidity: number | null;
  uidNext: number | null;
  messages: number | null;
  /** CONDSTORE's HIGHESTMODSEQ; null where the server offers no CONDSTORE or sent none */
  highestModseq: bigint | null;
}

/** Which flags a top-up reads: those changed since a mod-sequence, all of them, or none. */
export type FlagRefresh = { since: bigint } | 'all' | null;

export type TopUpDecision =
  /** nothing to ask: the folder is not selected at all */
  | { type: 'unchanged'; reason: string }
  /** the folder is selected, but only what changed since the last complete scan is asked for */
  | {
      type: 'top-up';
      reason: string;
      /** new mail: UIDs from this one up (the UIDNEXT the last complete scan saw); null: none arrived */
      newFrom: number | null;
      flags: FlagRefresh;
    }
  /** the STATUS values prove nothing: the folder is scanned (EXAMINE, then decideFolderScan) */
  | { type: 'scan'; reason: string };

/**
 * How a run treats a folder, from its STATUS values and the archive's record of the last complete scan
 * under the same UIDVALIDITY and date range. Pure. Only values the server sent usably are trusted; any
 * doubt means a scan, which is what every run did before top-ups.
 */
export function decideTopUp(input: {
  current: Checkpoint | null;
  status: FolderStatusValues;
  range: DateRange;
}): TopUpDecision {
  const { current, status, range } = input;
  if (status.uidValidity === null || status.uidNext === null || status.messages === null) {
    return { type: 'scan', reason: 'STATUS gave no usable UIDVALIDITY, UIDNEXT or message count' };
  }
  if (current === null || current.uidValidity !== status.uidValidity) {
    return { type: 'scan', reason: 'no complete scan under this UIDVALIDITY' };
  }
  if (!current.complete) return { type: 'scan', reason: 'the last scan stopped part-way' };
  if (current.range.since !== range.since || current.range.before !== range.before) {
    return { type: 'scan', reason: 'the date range differs from the last complete scan' };
  }
  if (current.uidNext === null || current.serverMessages === null) {
    return { type: 'scan', reason: 'the last scan recorded no UIDNEXT or message count' };
  }
  if (status.uidNext < current.uidNext) {
    return { type: 'scan', reason: 'UIDNEXT went back since the last scan' };
  }
  const arrived = status.uidNext > current.uidNext;
  // Without new UIDs the count cannot grow; a server saying so is not to be topped up on trust.
  if (!arrived && status.messages > current.serverMessages) {
    return { type: 'scan', reason: 'more messages without new UIDs' };
  }
  // A server that gave a HIGHESTMODSEQ before and none now cannot say whether flags changed.
  if (current.highestModseq !== null && status.highestModseq === null) {
    return { type: 'scan', reason: 'STATUS gave no HIGHESTMODSEQ, the last scan recorded one' };
  }
  const flags = flagRefresh(current.highestModseq, status.highestModseq);
  const removed = !arrived && status.messages < current.serverMessages;
  if (!arrived && !removed && flags === null) {
    return { type: 'unchanged', reason: 'unchanged since the last complete scan (STATUS)' };
  }
  const what = [
    ...(arrived ? ['new messages'] : []),
    ...(removed ? ['messages removed'] : []),
    ...(flags === null ? [] : ['flags changed']),
  ];
  return {
    type: 'top-up',
    reason: `${what.join(', ')} since the last complete scan`,
    newFrom: arrived ? current.uidNext : null,
    flags,
  };
}

/**
 * Flags to read again: with CONDSTORE, those changed since the recorded HIGHESTMODSEQ; all of them when
 * none was recorded yet (a scan from before top-ups); none without CONDSTORE, where no change can be seen
 * short of reading every flag, which a run over an unchanged folder does not do.
 */
function flagRefresh(recorded: bigint | null, now: bigint | null): FlagRefresh {
  if (now === null) return null;
  if (recorded === null) return 'all';
  return now > recorded ? { since: recorded } : null;
}

/**
 * Whether the server's message count says some archived message left the folder: after a top-up found
 * `added` new ones, the folder should hold `recorded + added` unless some were removed. Pure.
 */
export function countShowsRemovals(recorded: number, added: number, now: number): boolean {
  return now < recorded + added;
}
