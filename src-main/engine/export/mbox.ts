import type Database from 'better-sqlite3';
import { createEnvelopeLookup } from '../archive/export-queries.ts';
import { iterateRawMessages } from '../archive/raw-repo.ts';

/**
 * mboxrd (one file, many messages). Why this dialect: unlike mboxo/mboxcl, quoting every /^>*From /
 * line with one more '>' is reversible, so readMboxrd gives back the exact original bytes.
 * Lines are split on LF only; CR bytes are ordinary content, so CRLF messages survive untouched.
 */

const LF = 0x0a;
const GT = 0x3e;
const QUOTE = Buffer.from('>');
const NEWLINE = Buffer.from('\n');
const FROM_SPACE = Buffer.from('From ');
const LF_FROM_SPACE = Buffer.from('\nFrom ');
const FALLBACK_SENDER = 'MAILER-DAEMON';
/** An envelope sender must be one word of printable ASCII, or the separator line stops being one line. */
const SENDER_OK = /^[\x21-\x7e]+$/;

/** How much mboxrd text one chunk gathers: few write calls for small messages, flat memory for many. */
const CHUNK_BYTES = 1024 * 1024;

export interface MboxChunk {
  data: Buffer;
  /** messages complete so far, this chunk included */
  messages: number;
}

/**
 * The mboxrd text of these messages, in chunks of about a megabyte (a bigger message is one chunk of its
 * own). Reads one message at a time, when the consumer asks for the next chunk, so a file export and a
 * browser download give the same bytes and neither holds the whole export in memory.
 */
export function* mboxChunks(db: Database.Database, messageIds: Iterable<number>): Generator<MboxChunk> {
  const envelopeOf = createEnvelopeLookup(db);
  let parts: Buffer[] = [];
  let size = 0;
  let messages = 0;
  for (const message of iterateRawMessages(db, messageIds)) {
    const row = envelopeOf(message.id);
    const envelope = { sender: envelopeSender(row?.from_addr ?? null), date: new Date(row?.date ?? 0) };
    for (const part of encodeParts(message.raw, envelope)) {
      parts.push(part);
      size += part.byteLength;
    }
    messages += 1;
    if (size >= CHUNK_BYTES) {
      yield { data: Buffer.concat(parts, size), messages };
      parts = [];
      size = 0;
    }
  }
  if (size > 0) yield { data: Buffer.concat(parts, size), messages };
}

/** Pure: the mboxrd encoding of one message (separator line + quoted body + the terminating newline). */
export function encodeMboxrdMessage(raw: Buffer, envelope: { sender: string; date: Date }): Buffer {
  return Buffer.concat(encodeParts(raw, envelope));
}

/**
 * Pure: splits an mboxrd file back into the exact original message bytes. Each message is the text
 * between its separator line and the next line starting with "From " (or EOF), minus the one "\n"
 * the writer appended, with one '>' removed from every /^>+From / line.
 */
export function* readMboxrd(file: Buffer): Generator<Buffer> {
  if (file.length === 0) return;
  if (!startsWithAt(file, 0, FROM_SPACE))
    throw new Error('Not an mbox file: it does not start with "From ".');
  let separator = 0;
  while (separator < file.length) {
    const separatorEnd = file.indexOf(LF, separator);
    if (separatorEnd === -1)
      throw new Error(`Truncated mbox: separator at byte ${separator} has no line end.`);
    const bodyStart = separatorEnd + 1;
    // Searching from the separator's own LF also finds a next separator right at bodyStart.
    const next = file.indexOf(LF_FROM_SPACE, separatorEnd);
    const bodyEnd = next === -1 ? file.length : next + 1;
    let body = file.subarray(bodyStart, bodyEnd);
    // Only our own terminator is removed; a foreign file lacking it loses nothing.
    if (body.length > 0 && body[body.length - 1] === LF) body = body.subarray(0, body.length - 1);
    yield unquote(body);
    separator = bodyEnd;
  }
}

/** The separator, the quoted message and the terminator, as slices so big messages are not copied twice. */
function encodeParts(raw: Buffer, envelope: { sender: string; date: Date }): Buffer[] {
  const sender = SENDER_OK.test(envelope.sender) ? envelope.sender : FALLBACK_SENDER;
  const separator = Buffer.from(`From ${sender} ${asctime(envelope.date)}\n`, 'latin1');
  return [separator, ...quote(raw), NEWLINE];
}

/** Adds one '>' to every line matching /^>*From /. */
function quote(raw: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  let copied = 0;
  for (const line of lineStarts(raw)) {
    if (!isFromLine(raw, line)) continue;
    parts.push(raw.subarray(copied, line), QUOTE);
    copied = line;
  }
  parts.push(raw.subarray(copied));
  return parts;
}

/** Removes one '>' from every line matching /^>+From /: the exact inverse of quote. */
function unquote(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let copied = 0;
  for (const line of lineStarts(body)) {
    if (body[line] !== GT || !isFromLine(body, line)) continue;
    parts.push(body.subarray(copied, line));
    copied = line + 1;
  }
  if (copied === 0) return Buffer.from(body);
  parts.push(body.subarray(copied));
  return Buffer.concat(parts);
}

/** Offsets where lines begin: 0 and after every LF (the last one may be the buffer's end). */
function* lineStarts(buf: Buffer): Generator<number> {
  let line = 0;
  for (;;) {
    yield line;
    const lf = buf.indexOf(LF, line);
    if (lf === -1) return;
    line = lf + 1;
  }
}

/** Whether the line at `start` matches /^>*From /. */
function isFromLine(buf: Buffer, start: number): boolean {
  let i = start;
  while (buf[i] === GT) i += 1;
  return startsWithAt(buf, i, FROM_SPACE);
}

function startsWithAt(buf: Buffer, offset: number, prefix: Buffer): boolean {
  return (
    offset + prefix.length <= buf.length &&
    buf.compare(prefix, 0, prefix.length, offset, offset + prefix.length) === 0
  );
}

/**
 * The address for the separator line, from the stored From header (cheap: same row as the date).
 * from_addr is "Name <addr>, ..." or "addr, ..."; anything not plainly one address falls back.
 */
export function envelopeSender(fromAddr: string | null): string {
  if (fromAddr === null) return FALLBACK_SENDER;
  const bare = /^([^\s,<>"]+@[^\s,<>"]+)(?:,|$)/.exec(fromAddr);
  const angled = /<([^<>\s]+@[^<>\s]+)>/.exec(fromAddr);
  const address = bare?.[1] ?? angled?.[1];
  return address !== undefined && SENDER_OK.test(address) ? address : FALLBACK_SENDER;
}

const DAYS = 'SunMonTueWedThuFriSat';
const MONTHS = 'JanFebMarAprMayJunJulAugSepOctNovDec';

/** C asctime() in UTC, as mbox separators use: "Mon Nov  4 14:05:00 2026" (day padded with a space). */
export function asctime(date: Date): string {
  const d = Number.isNaN(date.getTime()) ? new Date(0) : date;
  const day = d.getUTCDay();
  const month = d.getUTCMonth();
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${DAYS.slice(day * 3, day * 3 + 3)} ${MONTHS.slice(month * 3, month * 3 + 3)} ` +
    `${String(d.getUTCDate()).padStart(2, ' ')} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:` +
    `${two(d.getUTCSeconds())} ${d.getUTCFullYear()}`
  );
}
