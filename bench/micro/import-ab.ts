/**
 * A/B driver: one corpus served by one Dovecot, the CLI import run repeatedly into fresh archives.
 * node bench/micro/import-ab.ts --messages 20000 --runs 3 [--variant NAME=ENVJSON ...]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus, maildirFolders, writeMaildir } from '../../test/support/corpus.ts';
import { startDovecot } from '../../test/support/dovecot.ts';
import { addBenchAccount, runMeasured } from '../measure.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '3' },
    variant: { type: 'string', multiple: true, default: ['base={}'] },
    keep: { type: 'string' },
  },
});
const USER = 'bench';
const PASSWORD = 'bench-password';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-ab-'));
const server = await startDovecot({ users: [{ user: USER, password: PASSWORD }] });
const corpus = generateCorpus({ count: Number(values.messages), bigAttachments: 5 });
writeMaildir(server.maildir(USER), corpus);
const folders = maildirFolders(server.maildir(USER));
const variants = values.variant.map((v) => {
  const at = v.indexOf('=');
  return { name: v.slice(0, at), env: JSON.parse(v.slice(at + 1)) as Record<string, string> };
});
try {
  let n = 0;
  for (let run = 0; run < Number(values.runs) + 1; run++) {
    for (const variant of variants) {
      const archive = path.join(work, `a${n++}`);
      const env = { MAILTROVE_PASSWORD: PASSWORD, ...variant.env };
      await addBenchAccount(archive, server, USER, env);
      const r = await runMeasured(
        ['--archive', archive, 'import', 'bench', '--folders', folders.join(','), '--json'],
        env,
      );
      if (r.code !== 0) throw new Error(r.stderr);
      const s = JSON.parse(r.stdout) as { fetched: number; new: number };
      console.log(
        `${run === 0 ? '(warm-up) ' : ''}${variant.name}: ${r.seconds.toFixed(2)} s, peak ${(r.peakRssBytes / 1048576).toFixed(0)} MB, cpu ${r.cpuSeconds.toFixed(1)} s, ${s.fetched} fetched ${s.new} new`,
      );
      if (values.keep && run === Number(values.runs))
        fs.cpSync(archive, `${values.keep}-${variant.name}`, { recursive: true });
      fs.rmSync(archive, { recursive: true, force: true });
    }
  }
} finally {
  await server.stop({ removeDir: true });
  fs.rmSync(work, { recursive: true, force: true });
}
