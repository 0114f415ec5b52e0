/** Domain types shared by the engine, the CLI, the handlers and the renderer. Runs anywhere. */

export type Security = 'tls' | 'starttls' | 'none';

export interface AccountConfig {
  name: string;
  host: string;
  port: number;
  security: Security;
  user: string;
}

/** IMAP special-use attributes (RFC 6154) plus Gmail's \All, as the engine reports them. */
export type SpecialUse =
  | '\\Inbox'
  | '\\Sent'
  | '\\Drafts'
  | '\\Archive'
  | '\\Junk'
  | '\\Trash'
  | '\\All'
  | '\\Flagged'
  /** Gmail's "Important" (RFC 8457) */
  | '\\Important';

export interface FolderInfo {
  path: string;
  name: string;
  delimiter: string;
  parentPath: string;
  specialUse: SpecialUse | null;
  /** false for \Noselect / \NonExistent containers that hold no messages themselves */
  selectable: boolean;
  messages: number | null;
  bytes: number | null;
  uidValidity: number | null;
  uidNext: number | null;
  /** CONDSTORE's HIGHESTMODSEQ from STATUS, in decimal (63 bits); null or absent without CONDSTORE */
  highestModseq?: string | null;
  /** ticked by default: everything but Junk and Trash */
  defaultSelected: boolean;
  /**
   * Gmail: a label folder's messages are archived through this folder (All Mail, which holds each message
   * once), never downloaded from the label folder itself
   */
  archivedVia?: string;
}

export interface DateRange {
  /** inclusive, YYYY-MM-DD, compared with the server's INTERNALDATE (IMAP SEARCH SINCE) */
  since: string | null;
  /** exclusive, YYYY-MM-DD (IMAP SEARCH BEFORE) */
  before: string | null;
}

/** The range in words: "all dates", "since 2025-06-01", "2024-01-01 up to 2025-01-01". */
export function describeRange(range: DateRange): string {
  if (range.since === null && range.before === null) return 'all dates';
  if (range.before === null) return `since ${range.since ?? ''}`;
  if (range.since === null) return `before ${range.before}`;
  return `${range.since} up to ${range.before}`;
}

/** Limits a user sets to stay under a provider's radar. null = no limit. */
export interface ImportLimits {
  callsPerMinute: number | null;
  bytesPerSecond: number | null;
  /** bytes per UTC day for the account, across runs (Gmail allows about 2,500 MB/day over IMAP) */
  dailyBudgetBytes: number | null;
}

export interface ImportOptions {
  folders: string[] | null;
  exclude: string[];
  range: DateRange;
  dryRun: boolean;
  maxMessages: number | null;
  batchSize: number;
  /** kept with the job, so a resumed job keeps its pace */
  limits?: ImportLimits;
}

/** Messages per fetch and per transaction unless the user says otherwise (the CLI's --batch-size default). */
export const DEFAULT_BATCH_SIZE = 250;

/** An import of every date in the engine's default folders (all but Junk and Trash), without limits. */
export function defaultImportOptions(): ImportOptions {
  return {
    folders: null,
    exclude: [],
    range: { since: null, before: null },
    dryRun: false,
    maxMessages: null,
    batchSize: DEFAULT_BATCH_SIZE,
  };
}

import type { ImportSummary } from './counts.ts';

export type { FolderImportSummary, ImportSummary } from './counts.ts';

/**
 * How far an import job is, as it happens. Counts are the job's (earlier runs of a resumed job included),
 * with the meanings of counts.ts: `total` is a folder's toFetch, `done` its settled messages (downloaded,
 * failed or gone) plus those arriving now, and each overall count is the sum over the job's folders.
 */
export interface ImportProgress {
  /** 'stopped': the run was paused or cancelled; the counts are where it stopped */
  phase: 'planning' | 'fetching' | 'done' | 'stopped';
  folder: string;
  folderIndex: number;
  folderCount: number;
  /**
   * folders planned so far: the import starts on the first while the others are still scanned, and the
   * overall totals below only count planned folders (and what earlier runs of the job counted), so they
   * are an estimate that only grows until this is folderCount
   */
  foldersPlanned: number;
  /** the current folder: messages settled so far / to download */
  done: number;
  total: number;
  bytes: number;
  totalBytes: number;
  /** the whole job */
  overallDone: number;
  overallTotal: number;
  overallBytes: number;
  overallTotalBytes: number;
  /** this run's pace */
  messagesPerSecond: number;
  bytesPerSecond: number;
  /** null until there is a rate to go by and every folder is planned */
  etaSeconds: number | null;
}

/** Folders of the run not planned yet: until none are left, the overall totals are a lower bound. */
export function foldersToScan(progress: Pick<ImportProgress, 'folderCount' | 'foldersPlanned'>): number {
  return progress.folderCount - progress.foldersPlanned;
}

/** Where an import job is in its life (queued, running, waiting, paused, …). */
export type JobState = 'queued' | 'running' | 'paused' | 'waiting' | 'cancelled' | 'completed' | 'failed';

/** An import job as it is persisted in the archive: its parameters, counters and where it stands. */
export interface JobInfo {
  id: number;
  account: string;
  state: JobState;
  /** why the job waits (throttled by the server, daily budget spent, backing off after a dropped connection) */
  waitingReason: string | null;
  /** epoch ms when a waiting job goes on by itself; null when not waiting */
  waitingUntil: number | null;
  options: ImportOptions;
  /** true for `--retry-failed` jobs that fetch only the UIDs in the error log */
  retryFailed: boolean;
  /** counters so far, over every run of the job */
  summary: ImportSummary | null;
  /** the reason a failed job failed */
  error: string | null;
  /** epoch ms */
  createdAt: number;
  updatedAt: number;
}

/** One line of a job's history: every state change with its reason. */
export interface JobEvent {
  jobId: number;
  at: number;
  state: JobState;
  message: string;
}

/** A message (or a folder) the import could not archive, from the error log (`mailtrove errors`). */
export interface MessageErrorEntry {
  account: string;
  folder: string;
  /** null (with uid): the entry is about the folder, not one message (e.g. the server's UIDVALIDITY) */
  uidValidity: number | null;
  uid: number | null;
  code: string;
  message: string;
  attempts: number;
  /** epoch ms of the last attempt */
  at: number;
}

/** Why a message in range on the server is not in the archive. */
export type MissingCause = 'failed' | 'filtered' | 'vanished' | 'pending';

/** Completeness per folder (`mailtrove status NAME --json`). */
export interface FolderCompleteness {
  path: string;
  uidValidity: number | null;
  /** messages on the server in the last run's date range */
  onServer: number | null;
  archived: number;
  missing: { uid: number; cause: MissingCause }[];
}
