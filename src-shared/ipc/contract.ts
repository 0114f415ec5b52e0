/**
 * The one contract between the window (or a browser) and the engine: every channel's request schema,
 * the reply type it answers with, and the events pushed back. Main validates every request with these
 * schemas before anything reaches the engine. Runs anywhere: no node:*, no DOM.
 */
import { z } from 'zod';
import type {
  AccountConfig,
  FolderCompleteness,
  FolderInfo,
  ImportProgress,
  ImportSummary,
  JobEvent,
  JobInfo,
  MessageErrorEntry,
} from '../domain.ts';
import type { AccountStatusView, MessageView, SearchPageView, ThreadMessageView } from './views.ts';

const name = z.string().trim().min(1).max(200);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

export const accountConfigSchema = z.object({
  name,
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535),
  security: z.enum(['tls', 'starttls', 'none']),
  user: z.string().min(1).max(320),
});

export const importOptionsSchema = z.object({
  folders: z.array(z.string().min(1)).nullable(),
  exclude: z.array(z.string().min(1)),
  range: z.object({ since: day.nullable(), before: day.nullable() }),
  dryRun: z.boolean(),
  maxMessages: z.number().int().positive().nullable(),
  batchSize: z.number().int().min(1).max(5000),
  limits: z
    .object({
      callsPerMinute: z.number().int().positive().nullable(),
      bytesPerSecond: z.number().int().positive().nullable(),
      dailyBudgetBytes: z.number().int().positive().nullable(),
    })
    .optional(),
});

export const lastChoicesSchema = z.object({
  /** the account shown last */
  account: name.nullable(),
  rangePreset: z.enum(['week', 'month', 'year', 'all']).nullable(),
  previewFirst: z.boolean(),
});

/** What the window remembers between runs (never secrets). */
export type LastChoices = z.output<typeof lastChoicesSchema>;

const accountRef = z.object({ account: name });
const jobRef = z.object({ jobId: z.number().int().positive() });
const nothing = z.object({}).strict();

/** Which messages an export takes: those a search query matches, or those in a folder (of any account). */
export const exportSourceSchema = z.union([
  z.object({ query: z.string().min(1).max(2000) }),
  z.object({ folder: z.string().min(1) }),
]);
export type ExportSource = z.output<typeof exportSourceSchema>;
const exportFormat = z.enum(['eml', 'mbox']);

/** How often an account is topped up while the app or `mailtrove serve` runs. */
export const scheduleEverySchema = z.enum(['hourly', 'daily', 'weekly', 'off']);
export type ScheduleEvery = z.output<typeof scheduleEverySchema>;

/** An account's schedule; times are epoch ms, null when it has none (off, or never imported). */
export interface ScheduleView {
  account: string;
  every: ScheduleEvery;
  lastRunAt: number | null;
  nextRunAt: number | null;
}

/** Request schemas, one per channel `domain:verb`. */
export const requests = {
  'app:info': nothing,
  'settings:get': nothing,
  'settings:set': z.object({ lastChoices: lastChoicesSchema }),
  'schedule:get': accountRef,
  'schedule:set': z.object({ account: name, every: scheduleEverySchema }),
  'accounts:list': nothing,
  /** saves the account and puts the password into the OS keychain */
  'accounts:add': z.object({ account: accountConfigSchema, password: z.string().min(1) }),
  /** logs in without saving anything: for "Test connection" before or after adding */
  'accounts:test': z.union([
    accountRef,
    z.object({ account: accountConfigSchema, password: z.string().min(1) }),
  ]),
  /**
   * finds the address's IMAP server: DNS SRV records, then imap./mail./the domain on 993 (TLS) and 143
   * (STARTTLS) in parallel; only reads greetings, sends no password
   */
  'accounts:discover': z.object({ address: z.string().trim().min(3).max(320) }),
  /** deleteMail also removes the mail only this account holds from the archive */
  'accounts:remove': z.object({ account: name, deleteMail: z.boolean() }),
  'folders:list': accountRef,
  /** which sign-in presets have an OAuth2 client id in this build */
  'oauth:clients': nothing,
  /**
   * Starts a browser sign-in (PKCE, the engine's loopback listener receives the redirect): for a new
   * Google/Microsoft account, or for an existing OAuth2 account that needs sign-in. The window opens `url`.
   */
  'oauth:begin': z.union([
    z.object({ account: name, provider: z.enum(['gmail', 'microsoft']), user: z.string().min(1).max(320) }),
    accountRef,
  ]),
  /** waits for that sign-in to end: a new account is saved; an existing one's waiting jobs go on */
  'oauth:finish': z.object({ signInId: z.string().min(1).max(100) }),
  /** a dry run: per folder in range / already archived / to fetch / bytes / estimated time */
  'import:preview': z.object({ account: name, options: importOptionsSchema }),
  'import:start': z.object({ account: name, options: importOptionsSchema }),
  'import:retryFailed': accountRef,
  'jobs:list': z.object({ account: name.optional() }),
  'jobs:history': jobRef,
  'jobs:pause': jobRef,
  'jobs:resume': jobRef,
  /** a waiting job reconnects now instead of at the end of its backoff */
  'jobs:retryNow': jobRef,
  'jobs:cancel': jobRef,
  'errors:list': accountRef,
  'status:completeness': accountRef,
  /** per folder: scan state, on the server vs archived, every gap and why (what `mailtrove status` shows) */
  'status:account': accountRef,
  'search:query': z.object({
    // Only a bound on the request: the query language's own, lower limit answers with a 'query' error
    // that says what to change.
    query: z.string().max(100_000),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
    /** best match first, or newest first */
    sort: z.enum(['relevance', 'date']).default('relevance'),
  }),
  'thread:get': z.object({ threadId: z.number().int().positive() }),
  'message:get': z.object({ id: z.number().int().positive() }),
  /** the attachment's bytes, base64; the transport turns it into a download or a save dialog */
  'message:attachment': z.object({ id: z.number().int().positive(), index: z.number().int().min(0) }),
  /**
   * Writes to `out` (an absolute path), never over an existing file unless `overwrite` says the user
   * confirmed replacing it; the archive's own files and folder are refused whatever the flag says.
   */
  'export:run': z.object({
    source: exportSourceSchema,
    format: exportFormat,
    out: z.string().min(1).max(4096),
    overwrite: z.boolean().default(false),
  }),
  /** the desktop app's native save dialog; `path` is null when the user cancelled */
  'export:choose': z.object({ format: exportFormat }),
} as const;

export type Channel = keyof typeof requests;
export type RequestOf<C extends Channel> = z.input<(typeof requests)[C]>;
export type ParsedRequestOf<C extends Channel> = z.output<(typeof requests)[C]>;

export interface AccountView extends AccountConfig {
  /** a password for it is in the OS keychain */
  hasPassword: boolean;
  /** it signs in with OAuth2 (a refresh token in the keychain) instead of a password */
  oauth2?: boolean;
}

/** A server that greeted during discovery, and whether DNS (srv) or a usual name (guess) pointed at it. */
export interface DiscoveredServer {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
  source: 'srv' | 'guess';
}

/** What each channel answers with. */
export interface Replies {
  'app:info': { version: string; archivePath: string };
  'settings:get': { lastChoices: LastChoices | null };
  'settings:set': { lastChoices: LastChoices };
  'schedule:get': ScheduleView;
  'schedule:set': ScheduleView;
  'accounts:list': AccountView[];
  'accounts:add': AccountView;
  'accounts:test': { folders: number; capabilities: string[] };
  'accounts:discover': { server: DiscoveredServer | null };
  'accounts:remove': { removedMessages: number };
  'folders:list': FolderInfo[];
  'oauth:clients': { gmail: boolean; microsoft: boolean };
  'oauth:begin': { signInId: string; url: string };
  'oauth:finish': { account: AccountView; resumed: JobInfo[] };
  'import:preview': ImportSummary;
  'import:start': JobInfo;
  'import:retryFailed': JobInfo;
  'jobs:list': JobInfo[];
  'jobs:history': JobEvent[];
  'jobs:pause': JobInfo;
  'jobs:resume': JobInfo;
  'jobs:retryNow': JobInfo;
  'jobs:cancel': JobInfo;
  'errors:list': MessageErrorEntry[];
  'status:completeness': { account: string; folders: FolderCompleteness[] };
  'status:account': AccountStatusView;
  'search:query': SearchPageView;
  'thread:get': ThreadMessageView[];
  'message:get': MessageView;
  'message:attachment': { filename: string; contentType: string; base64: string };
  'export:run': { messages: number; path: string };
  'export:choose': { path: string | null };
}

/** Error codes a reply can carry; the UI words its advice by them. */
export const errorCodes = [
  'invalid-request',
  'usage',
  /** the search cannot run as written (syntax, or too long or deeply nested): the user changes it */
  'query',
  'config',
  'auth',
  'connection',
  'archive',
  'not-found',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export interface ReplyError {
  code: ErrorCode;
  message: string;
  hint?: string;
}

/** Thrown errors lose their fields across IPC, so every reply is a value. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: ReplyError };

/** Events pushed from the engine to every window / socket. */
export interface Events {
  'import:progress': { jobId: number; progress: ImportProgress };
  'job:state': JobInfo;
}
export type EventName = keyof Events;

/** The API the preload (or the web transport) gives the renderer: exactly the contract, nothing else. */
export interface MailtroveApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Reply<Replies[C]>>;
  /** returns the unsubscribe function */
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
}

/** Validates a request; the error names the channel and the first problem in plain words. */
export function parseRequest<C extends Channel>(channel: C, request: unknown): Reply<ParsedRequestOf<C>> {
  const schema: z.ZodType = requests[channel];
  const parsed = schema.safeParse(request);
  // The schema is requests[channel], so its output is that channel's parsed request.
  if (parsed.success) return { ok: true, value: parsed.data as ParsedRequestOf<C> };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return {
    ok: false,
    error: {
      code: 'invalid-request',
      message: `Invalid ${channel} request${where}: ${issue?.message ?? 'malformed'}`,
    },
  };
}

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}
