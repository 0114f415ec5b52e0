import { PLAUSIBLE_DATES } from '../mime/date-header.ts';

/**
 * Values a server sends that the archive keys on, checked where they enter. A server can send anything
 * (a bug, a botched migration, a hostile host); a value that cannot be right is turned into null or a
 * reasoned problem here, so it never reaches a NOT NULL column or a comparison as NaN.
 */

/** RFC 3501 nz-number and number: UIDs, UIDVALIDITY, UIDNEXT and counts are 32-bit unsigned. */
export const MAX_UINT32 = 0xffff_ffff;

/** A UID, UIDVALIDITY or UIDNEXT (1 to 2^32-1), or null. */
export function nzNumber32(value: unknown): number | null {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_UINT32 ? n : null;
}

/** A count or RFC822.SIZE (0 to 2^32-1), or null. */
export function number32(value: unknown): number | null {
  return value === 0 ? 0 : nzNumber32(value);
}

/** An INTERNALDATE in ms since the epoch, or null when missing, unparseable or outside any real date. */
export function internalDateMs(value: unknown): number | null {
  if (!(value instanceof Date)) return null;
  const ms = value.getTime();
  return ms >= PLAUSIBLE_DATES.earliest && ms <= PLAUSIBLE_DATES.latest ? ms : null;
}

/** What an EXAMINE said about a folder, as the import may rely on it. */
export interface FolderValues {
  uidValidity: number;
  /** null: missing or unusable, so the folder is never taken as unchanged */
  uidNext: number | null;
  messages: number | null;
}

/** A value the server cannot have meant, and what it cost; recorded in the error log per folder. */
export interface FolderProblem {
  code: 'bad-uidvalidity' | 'bad-uid';
  message: string;
  /** messages of the folder left out because of it; null: the whole folder was skipped */
  leftOut: number | null;
}

/**
 * The folder's values after EXAMINE, or why it must be skipped: without a UIDVALIDITY from 1 to 2^32-1
 * its UIDs cannot be told apart from the next numbering, so nothing of it could be resumed or deduplicated
 * by UID. A bad UIDNEXT or EXISTS only costs the shortcut of skipping an unchanged folder.
 */
export function checkFolderValues(
  mailbox: { uidValidity?: bigint; uidNext?: number; exists?: number },
  where: {
    host: string;
    path: string;
    /** the value as sent, when imapflow dropped it */ sent: string | null;
  },
): { values: FolderValues } | { problem: FolderProblem } {
  const uidValidity = nzNumber32(mailbox.uidValidity);
  if (uidValidity === null) {
    const raw = where.sent ?? mailbox.uidValidity?.toString() ?? null;
    const sent = raw === null ? 'no UIDVALIDITY' : `UIDVALIDITY ${raw}`;
    return {
      problem: {
        code: 'bad-uidvalidity',
        message:
          `The server ${where.host} sent ${sent} for the folder "${where.path}"; it must be a number from 1 ` +
          `to ${MAX_UINT32}, else the folder's UIDs cannot be trusted, so the folder was skipped. This is a ` +
          'fault of the server: the folder is imported once it sends a valid value.',
        leftOut: null,
      },
    };
  }
  return {
    values: { uidValidity, uidNext: nzNumber32(mailbox.uidNext), messages: number32(mailbox.exists) },
  };
}

/**
 * UIDs of a SEARCH answer that no message can have (0, above 2^32-1), as a folder problem: `bad` those
 * that reached us, `dropped` whether imapflow left out others before they did (their values unknown).
 */
export function badUidProblem(
  where: { host: string; path: string },
  bad: readonly number[],
  dropped: boolean,
): FolderProblem {
  const shown = bad.length === 0 ? '' : ` (${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ', …' : ''})`;
  return {
    code: 'bad-uid',
    message:
      `The server ${where.host} listed ${bad.length > 0 && !dropped ? `${bad.length} UID(s)` : 'UIDs'}` +
      `${shown} in the folder "${where.path}" that no message can have (a UID is a number from 1 to ` +
      `${MAX_UINT32}); the messages behind them cannot be fetched and were left out.`,
    // at least one message for UIDs imapflow dropped unseen
    leftOut: Math.max(bad.length, dropped ? 1 : 0),
  };
}
