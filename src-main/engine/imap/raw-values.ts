import type { ImapFlow, Logger } from 'imapflow';

/**
 * What imapflow leaves out of a server's answers and only logs, kept per connection so an error can say
 * what the server really sent: a UIDVALIDITY it cannot parse (-1, 2^64+1, "abc") is missing from the
 * mailbox, and UIDs outside 1..2^32-1 are missing from a SEARCH result.
 */
interface Watch {
  /** debug entries are asked for only while a value is asked again: serializing every response is slow */
  capturing: boolean;
  uidValidity: string | null;
  droppedSearchEntries: boolean;
}

const watches = new WeakMap<object, Watch>();

/** Longest raw value kept for an error message: a hostile server may send megabytes of digits. */
const MAX_RAW = 40;

/** The logger to give imapflow; `attach` it to the client it was given to. */
export function rawValueLogger(): { logger: Logger; attach: (client: object) => void } {
  const watch: Watch = { capturing: false, uidValidity: null, droppedSearchEntries: false };
  const ignore = (): void => undefined;
  const logger: Logger & { isLevelEnabled(level: string): boolean } = {
    isLevelEnabled: (level) => level === 'debug' && watch.capturing,
    debug: (entry: { src?: unknown; msg?: unknown }) => {
      if (!watch.capturing || entry.src !== 's' || typeof entry.msg !== 'string') return;
      const sent = /\bUIDVALIDITY ([^\s)\]]+)/i.exec(entry.msg)?.[1];
      if (sent !== undefined) watch.uidValidity = sent.length > MAX_RAW ? `${sent.slice(0, MAX_RAW)}…` : sent;
    },
    info: ignore,
    warn: (entry: { msg?: unknown }) => {
      if (/^Invalid entries in the E?SEARCH/.test(String(entry.msg))) watch.droppedSearchEntries = true;
    },
    error: ignore,
    fatal: ignore,
  };
  return {
    logger,
    attach: (client) => {
      watches.set(client, watch);
    },
  };
}

/**
 * The UIDVALIDITY the server sends for `path`, verbatim, asked again with STATUS; null when it sends none
 * or the client is not watched. A round trip: only for a folder already found to have no usable one.
 */
export async function askRawUidValidity(
  client: Pick<ImapFlow, 'status'>,
  path: string,
): Promise<string | null> {
  const watch = watches.get(client);
  if (!watch) return null;
  watch.capturing = true;
  watch.uidValidity = null;
  try {
    await client.status(path, { uidValidity: true });
  } catch {
    // Refused or cut off: there is nothing to quote, and the caller reports the folder all the same.
  } finally {
    watch.capturing = false;
  }
  return watch.uidValidity;
}

/** Whether imapflow dropped entries of a SEARCH answer on this connection since the last call. */
export function takeDroppedSearchEntries(client: object): boolean {
  const watch = watches.get(client);
  const dropped = watch?.droppedSearchEntries ?? false;
  if (watch) watch.droppedSearchEntries = false;
  return dropped;
}
