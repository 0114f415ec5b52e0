/** The completeness view's words: a folder's state and why a message is missing, as a person reads them. */
import type { FolderStatusView } from '../../../../src-shared/ipc/views.ts';

type Cause = FolderStatusView['missing'][number]['cause'];

export const CAUSE_TEXT: Record<Cause, string> = {
  failed: 'could not be downloaded (see the error log)',
  filtered: 'left for later by the message limit',
  vanished: 'deleted on the server during the import',
  pending: 'not downloaded yet',
};

export const STATE_TEXT: Record<FolderStatusView['state'], string> = {
  complete: 'Complete',
  partial: 'Incomplete',
  skipped: 'Skipped',
  'not-started': 'Not imported yet',
};

/** A folder's gaps counted by cause, most frequent first: "3 not downloaded yet, 1 could not…". */
export function gapsByCause(folder: FolderStatusView): { cause: Cause; uids: number[] }[] {
  const groups = new Map<Cause, number[]>();
  for (const gap of folder.missing) {
    const uids = groups.get(gap.cause) ?? [];
    uids.push(gap.uid);
    groups.set(gap.cause, uids);
  }
  return [...groups].map(([cause, uids]) => ({ cause, uids })).sort((a, b) => b.uids.length - a.uids.length);
}

/** Complete means every message the server had in range is in the archive, with nothing left out. */
export function hasEverything(folder: FolderStatusView): boolean {
  return folder.state === 'complete' && folder.missing.length === 0 && folder.folderErrors.length === 0;
}

/** Shows a list of UIDs without flooding the page: the first few, then how many more. */
export function uidList(uids: readonly number[], shown = 20): string {
  const head = uids.slice(0, shown).join(', ');
  return uids.length > shown ? `${head} and ${uids.length - shown} more` : head;
}
