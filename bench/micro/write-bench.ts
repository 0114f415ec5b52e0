/**
 * Writes N parsed corpus messages into a fresh archive through the batch writer, batches of 250, as an
 * import does: the SQLite side of an import alone (parsing happens first, untimed).
 * node bench/micro/write-bench.ts --messages 20000 --runs 3
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { addAccount } from '../../src-main/engine/archive/accounts-repo.ts';
import { ensureFolder } from '../../src-main/engine/archive/folders-repo.ts';
import { createBatchWriter, type BatchItem } from '../../src-main/engine/archive/messages-repo.ts';
import { openArchive } from '../../src-main/engine/archive/open.ts';
import { rethreadIfNeeded } from '../../src-main/engine/archive/threads-repo.ts';
import { createParsePool } from '../../src-main/engine/mime/pool.ts';
import { generateCorpus } from '../../test/support/corpus.ts';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '20000' }, runs: { type: 'string', default: '3' } },
});
const corpus = generateCorpus({ count: Number(values.messages), bigAttachments: 5 });
const pool = createParsePool();
const items: BatchItem[] = await Promise.all(
  corpus.map(async (m, i): Promise<BatchItem> => {
    const sha256 = createHash('sha256').update(m.raw).digest();
    const size = m.raw.byteLength;
    return {
      uid: i + 1,
      internalDate: m.internalDate.getTime(),
      flags: [],
      sha256,
      size,
      content: await pool.parse(Buffer.from(m.raw)),
    };
  }),
);
await pool.close();
const cpu = (): number => {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1e6;
};
for (let run = 0; run < Number(values.runs); run++) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-write-'));
  const db = openArchive(dir, { create: true });
  const { id: accountId } = addAccount(db, { name: 'b', host: 'h', port: 143, security: 'none', user: 'u' });
  const folderId = ensureFolder(db, accountId, { path: 'INBOX', delimiter: '/', specialUse: null });
  const write = createBatchWriter(db);
  const c0 = cpu();
  const t0 = performance.now();
  for (let i = 0; i < items.length; i += 250) {
    write({ runId: null, folderId, uidValidity: 1, items: items.slice(i, i + 250), failures: [] });
  }
  const t1 = performance.now();
  const c1 = cpu();
  rethreadIfNeeded(db, items.length);
  const t2 = performance.now();
  db.close();
  const size = fs.statSync(path.join(dir, 'mailtrove.sqlite')).size;
  console.log(
    `run ${run}: write ${((t1 - t0) / 1000).toFixed(2)} s (cpu ${(c1 - c0).toFixed(2)} s), rethread ${((t2 - t1) / 1000).toFixed(2)} s, file ${(size / 1048576).toFixed(0)} MB`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}
