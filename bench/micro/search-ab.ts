/** node bench/micro/search-ab.ts ARCHIVE.sqlite [runs] — the bench's fixed broad queries, timed. */
import Database from 'better-sqlite3';
import { searchArchive } from '../../src-main/engine/search/search.ts';

const file = process.argv[2] ?? '/tmp/perf-wt/archive50k/mailtrove.sqlite';
const runs = Number(process.argv[3] ?? 10);
const queries = [
  'zqrarmy3z22',
  'budget',
  'server',
  'coffee',
  '"Question about the invoice"',
  '"out of office"',
  'migrat*',
  'renov*',
  'from:mueller',
  'to:priya',
  'subject:invoice',
  'folder:INBOX meeting',
  'has:attachment report',
  'after:2025 budget',
  'coffee OR lunch',
  'meeting -budget',
  'uberarbeitete',
  '会議',
];
const db = new Database(file, { readonly: true, fileMustExist: true });
for (const q of queries) searchArchive(db, q, { limit: 20 });
const all: number[] = [];
for (const q of queries) {
  const t: number[] = [];
  let total = 0;
  let first = '';
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const page = searchArchive(db, q, { limit: 20 });
    t.push(performance.now() - s);
    total = page.totalThreads;
    first = page.hits.map((h) => h.threadId).join(',');
  }
  t.sort((a, b) => a - b);
  all.push(...t);
  console.log(
    `${q.padEnd(30)} p50 ${t[Math.floor(runs / 2)]?.toFixed(1)} max ${t.at(-1)?.toFixed(1)} total ${total} top ${first.slice(0, 60)}`,
  );
}
all.sort((a, b) => a - b);
console.log(
  `overall p50 ${all[Math.floor(all.length / 2)]?.toFixed(1)} p95 ${all[Math.ceil(all.length * 0.95) - 1]?.toFixed(1)}`,
);
