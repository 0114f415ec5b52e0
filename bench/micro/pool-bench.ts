/**
 * Parses N corpus messages through the worker pool, as an import would: wall time, CPU, peak RSS.
 * node bench/micro/pool-bench.ts --messages 20000 --runs 3 [--threads 1]
 */
import { parseArgs } from 'node:util';
import { generateCorpus } from '../../test/support/corpus.ts';
import { createParsePool } from '../../src-main/engine/mime/pool.ts';
import { storedBytes } from '../../src-main/engine/mime/stored-content.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    // default: one per core, as an import uses
    threads: { type: 'string' },
  },
});
const corpus = generateCorpus({ count: Number(values.messages), bigAttachments: 5 });
const raws = corpus.map((m) => m.raw);
console.log(
  `${raws.length} messages, ${(raws.reduce((s, r) => s + r.byteLength, 0) / 1048576).toFixed(0)} MB`,
);
for (let run = 0; run < Number(values.runs); run++) {
  const pool = values.threads ? createParsePool(Number(values.threads)) : createParsePool();
  const cpu0 = process.cpuUsage();
  const main0 = process.threadCpuUsage();
  const started = performance.now();
  let bodyBytes = 0;
  let rawBytes = 0;
  // Batches of 250 with two in flight, like the import.
  for (let i = 0; i < raws.length; i += 250) {
    const batch = raws.slice(i, i + 250).map((r) => Buffer.concat([r]));
    const results = await Promise.all(batch.map((r) => pool.parse(r)));
    for (const r of results) {
      bodyBytes += r.searchBody.byteLength;
      // Packed bytes of the message, whole or in parts (the last array is the search text).
      rawBytes += storedBytes(r)
        .slice(0, -1)
        .reduce((n, bytes) => n + bytes.byteLength, 0);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const main = process.threadCpuUsage(main0);
  console.log(
    `run ${run}: ${((performance.now() - started) / 1000).toFixed(2)} s, cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (main ${((main.user + main.system) / 1e6).toFixed(2)}), stored raw ${(rawBytes / 1048576).toFixed(0)} MB body ${(bodyBytes / 1048576).toFixed(0)} MB, rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  await pool.close();
}
