import fs from 'node:fs';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { parseMessage } from './parse.ts';
import { packFileInParts } from './raw-codec.ts';
import { toStoredContent, transferables, type StoredContent } from './stored-content.ts';
import { release } from './transfer.ts';
import { unparsedMessage } from './unparsed.ts';

/**
 * Messages parsed by one task: a pool hands them over in groups (pool.ts), or a large message as the
 * file that holds it (its spool file), which this thread reads itself.
 */
export type ParseTask = { raws: Uint8Array[] } | FileTask;

export interface FileTask {
  file: string;
  /** store the message without reading its MIME, for this reason (too big, or it killed a parser) */
  unparsed: string | null;
}

export type ParseResult = StoredContent;

/**
 * Runs in a worker thread: MIME parsing and compression are the CPU-heavy part of an import. The stored
 * bytes go back to the main thread transferred, not cloned: a clone copies a view's whole backing
 * ArrayBuffer, and zlib hands back small outputs as views into its 16 KB chunk.
 */
export default function parseAndEncode(task: ParseTask): unknown {
  if ('file' in task) {
    const content = parseFile(task);
    return move({ [transferableSymbol]: transferables(content), [valueSymbol]: content });
  }
  const contents = task.raws.map(parseBytes);
  return move({ [transferableSymbol]: contents.flatMap(transferables), [valueSymbol]: contents });
}

function parseBytes(raw: Uint8Array): StoredContent {
  crashOnTestMarker(raw);
  return toStoredContent(parseMessage(raw), raw);
}

/**
 * A large message: read whole only for its MIME and freed at once, then packed in parts read from the
 * file one at a time, so this thread never holds the message and its packed form together.
 */
function parseFile(task: FileTask): StoredContent {
  let parsed = unparsedMessage(task.unparsed ?? '');
  if (task.unparsed === null) {
    const raw = fs.readFileSync(task.file);
    crashOnTestMarker(raw);
    parsed = parseMessage(raw);
    // The parsed fields are strings and numbers: nothing refers to the bytes any more.
    release(raw);
  }
  return toStoredContent(parsed, packFileInParts(task.file));
}

/**
 * Test-only, behind an environment variable: MAILTROVE_TEST_CRASH_PARSER_ON=TEXT makes this
 * thread die on a message containing TEXT, as a parser bug or an out-of-memory would.
 */
function crashOnTestMarker(raw: Uint8Array): void {
  const marker = process.env['MAILTROVE_TEST_CRASH_PARSER_ON'];
  if (marker && Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).includes(marker)) process.exit(70);
}
