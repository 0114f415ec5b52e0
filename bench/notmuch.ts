/**
 * notmuch as the search baseline: the Xapian-backed mail indexer most people would compare MailTrove's
 * search with. It indexes the very Maildir Dovecot serves, but keeps its database in a directory of its
 * own (notmuch ≥ 0.32 separates database.path from database.mail_root), so Dovecot's Maildir is never
 * written to.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export interface Notmuch {
  /** Wall time of `notmuch new` over the whole Maildir, in seconds. */
  indexSeconds: number;
  /** Messages notmuch indexed (`notmuch count '*'`). */
  messages: number;
  /** Wall milliseconds of one `notmuch search --output=threads --limit=<limit> <query>` spawn. */
  timeSearch(query: string, limit: number): number;
  /** Threads the query matches (not timed). */
  countThreads(query: string): number;
  /** Wall milliseconds of spawning `notmuch --version`: the process cost inside every timed search. */
  timeSpawn(): number;
}

export function notmuchAvailable(): boolean {
  return spawnSync('notmuch', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Writes a config into `dir`, indexes `maildirRoot` into `dir/db` and returns the query helpers. */
export async function indexWithNotmuch(dir: string, maildirRoot: string): Promise<Notmuch> {
  const dbDir = path.join(dir, 'db');
  fs.mkdirSync(dbDir, { recursive: true });
  const config = path.join(dir, 'notmuch-config');
  fs.writeFileSync(
    config,
    [
      '[database]',
      `path=${dbDir}`,
      `mail_root=${maildirRoot}`,
      '',
      '[user]',
      'name=Alex Example',
      'primary_email=alex@example.com',
      '',
      '[new]',
      'tags=',
      // Dovecot's own files (uidlist, indexes, uidvalidity, subscriptions) are not mail; without this
      // notmuch reports each of them as a non-mail file.
      'ignore=/(^|/)dovecot[-.][^/]*$/;subscriptions',
      '',
      '[maildir]',
      // With flag sync on, notmuch may rename Maildir files, and the Maildir belongs to Dovecot.
      'synchronize_flags=false',
      '',
    ].join('\n'),
  );
  // XAPIAN_CJK_NGRAM makes Xapian index and parse CJK text as n-grams, as a Japanese notmuch user
  // would set it up; without it a whole Japanese sentence is one term and no word in it can be found.
  const env = { ...process.env, NOTMUCH_CONFIG: config, XAPIAN_CJK_NGRAM: '1' };
  const run = (args: string[]): string => {
    const result = spawnSync('notmuch', args, {
      env,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 << 20,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      throw new Error(
        `notmuch ${args.join(' ')} exited with ${result.status ?? 'a signal'}: ${result.stderr}`,
      );
    }
    return result.stdout;
  };
  const timed = (args: string[]): number => {
    const started = performance.now();
    run(args);
    return performance.now() - started;
  };

  const started = performance.now();
  await indexAll(env);
  const indexSeconds = (performance.now() - started) / 1000;
  return {
    indexSeconds,
    messages: Number(run(['count', '*']).trim()),
    timeSearch: (query, limit) => timed(['search', '--output=threads', `--limit=${limit}`, query]),
    countThreads: (query) => Number(run(['count', '--output=threads', query]).trim()),
    timeSpawn: () => timed(['--version']),
  };
}

/** `notmuch new`, asynchronously: on a big Maildir it runs for minutes. */
function indexAll(env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('notmuch', ['new', '--quiet'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`notmuch new exited with ${code ?? 'a signal'}: ${stderr}`));
    });
  });
}
