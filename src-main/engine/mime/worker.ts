import { move, transferableSymbol, valueSymbol } from 'piscina';
import { parseMessage } from './parse.ts';
import { toStoredContent, transferables, type StoredContent } from './stored-content.ts';

/** Messages parsed by one task: a pool hands them over in groups (pool.ts). */
export interface ParseTask {
  raws: Uint8Array[];
}

export type ParseResult = StoredContent;

/**
 * Runs in a worker thread: MIME parsing and compression are the CPU-heavy part of an import. The stored
 * bytes go back to the main thread transferred, not cloned: a clone copies a view's whole backing
 * ArrayBuffer, and zlib hands back small outputs as views into its 16 KB chunk (measured on 20k messages:
 * 1.2 s of each worker's CPU went to postMessage and the garbage it left).
 */
export default function parseAndEncode(task: ParseTask): unknown {
  const contents = task.raws.map((raw) => {
    crashOnTestMarker(raw);
    return toStoredContent(parseMessage(raw), raw);
  });
  return move({ [transferableSymbol]: contents.flatMap(transferables), [valueSymbol]: contents });
}

/**
 * Test-only (STYLE.md: test hooks behind an env flag): MAILTROVE_TEST_CRASH_PARSER_ON=TEXT makes this
 * thread die on a message containing TEXT, as a parser bug or an out-of-memory would.
 */
function crashOnTestMarker(raw: Uint8Array): void {
  const marker = process.env['MAILTROVE_TEST_CRASH_PARSER_ON'];
  if (marker && Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).includes(marker)) process.exit(70);
}
