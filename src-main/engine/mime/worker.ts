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
  /** the body text, compressed for storage (the index keeps only its tokens) */
  body: StoredRaw;
}

installConcatenatingBlob();

/** Runs in a worker thread: MIME parsing and compression are the CPU-heavy part of an import. */
export default async function parseAndEncode(task: ParseTask): Promise<ParseResult> {
  const parsed = await parseMessage(task.raw);
  return { parsed, raw: encodeRaw(task.raw), body: encodeRaw(Buffer.from(parsed.bodyText, 'utf8')) };
}
