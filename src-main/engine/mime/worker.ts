import { installConcatenatingBlob } from './fast-blob.ts';
import { parseMessage } from './parse.ts';
import type { ParsedMessage, StoredRaw } from './parsed-message.ts';
import { encodeRaw } from './raw-codec.ts';

export interface ParseTask {
  raw: Uint8Array;
}

export interface ParseResult {
  parsed: ParsedMessage;
  raw: StoredRaw;
}

installConcatenatingBlob();

/** Runs in a worker thread: MIME parsing and compression are the CPU-heavy part of an import. */
export default async function parseAndEncode(task: ParseTask): Promise<ParseResult> {
  const [parsed, raw] = [await parseMessage(task.raw), encodeRaw(task.raw)];
  return { parsed, raw };
}
