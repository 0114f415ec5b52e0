import fsp from 'node:fs/promises';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { createEnvelopeLookup } from '../archive/export-queries.ts';
import { iterateRawMessages } from '../archive/raw-repo.ts';

export { selectMessageIds } from '../archive/export-queries.ts';

/**
 * Writes each message to its own .eml file in `folder` (created, or found empty, by the caller),
 * byte-identical to the server's copy. Names sort by date and stay unique:
 * YYYY-MM-DD_<first 16 hex of the SHA-256>.eml. Files are created exclusively: nothing is overwritten.
 */
export async function writeEmlFiles(
  db: Database.Database,
  messageIds: Iterable<number>,
  folder: string,
  onProgress?: (done: number) => void,
): Promise<{ files: number; bytes: number }> {
  const envelopeOf = createEnvelopeLookup(db);
  let files = 0;
  let bytes = 0;
  for (const message of iterateRawMessages(db, messageIds)) {
    const day = new Date(envelopeOf(message.id)?.date ?? 0).toISOString().slice(0, 10);
    const name = `${day}_${message.sha256.toString('hex').slice(0, 16)}.eml`;
    await fsp.writeFile(path.join(folder, name), message.raw, { flag: 'wx', mode: 0o600 });
    files += 1;
    bytes += message.raw.byteLength;
    onProgress?.(files);
  }
  return { files, bytes };
}
