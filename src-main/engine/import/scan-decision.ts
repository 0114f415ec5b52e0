import type { DateRange } from '../../../src-shared/domain.ts';
import type { Checkpoint } from '../archive/folders-repo.ts';
import type { FolderValues } from '../imap/server-values.ts';
import { rangeCovers } from './date-range.ts';

export type ScanDecision =
  | { type: 'full'; reason: string }
  | { type: 'resume'; reason: string }
  | { type: 'uidvalidity-reset'; reason: string }
  | { type: 'incremental'; reason: string }
  | { type: 'skip'; reason: string };

/** UIDNEXT or EXISTS is null when the server sent none that could be right (imap/server-values.ts). */
export type ServerFolderState = FolderValues;

/**
 * How to scan a folder, from what the archive remembers and what the server says now. Pure.
 * - full: never scanned at this UIDVALIDITY; resume: an earlier scan stopped part-way;
 * - uidvalidity-reset: the server renumbered the folder, so every UID is new and content identity dedupes;
 * - incremental: the last complete scan covered this range and new UIDs arrived since;
 * - skip: nothing arrived or left since the last complete scan of a range covering this one.
 */
export function decideFolderScan(input: {
  current: Checkpoint | null;
  latest: Checkpoint | null;
  server: ServerFolderState;
  range: DateRange;
}): ScanDecision {
  const { current, latest, server, range } = input;
  if (!current) {
    if (latest && latest.uidValidity !== server.uidValidity) {
      return {
        type: 'uidvalidity-reset',
        reason: `UIDVALIDITY changed from ${latest.uidValidity} to ${server.uidValidity}: rescanning, identical messages are not stored again`,
      };
    }
    return { type: 'full', reason: 'first scan of this folder' };
  }
  if (!current.complete) return { type: 'resume', reason: 'continuing an interrupted scan' };
  if (!rangeCovers(current.range, range)) {
    return { type: 'resume', reason: 'the date range reaches beyond the last scan' };
  }
  // Values the server did not send usably never prove a folder unchanged: it is scanned again.
  if (server.uidNext === null || server.messages === null) {
    return { type: 'resume', reason: 'the server sent no usable UIDNEXT or message count: recounting' };
  }
  if (current.uidNext === server.uidNext && current.serverMessages === server.messages) {
    return { type: 'skip', reason: 'unchanged since the last complete scan' };
  }
  if (current.uidNext !== null && server.uidNext > current.uidNext) {
    return { type: 'incremental', reason: 'new messages since the last complete scan' };
  }
  // Messages were removed but none added: nothing to fetch, but re-count what is in range.
  return { type: 'resume', reason: 'messages were removed on the server: recounting' };
}
