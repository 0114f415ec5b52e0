import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliResult } from './cli.ts';
import { generateCorpus, writeMaildir, type CorpusMessage, type CorpusOptions } from './corpus.ts';
import { startDovecot, type DovecotServer } from './dovecot.ts';

/** A real IMAP account for tests: Dovecot serving a generated corpus, plus a temp dir for archives. */
export interface TestMailbox {
  server: DovecotServer;
  user: string;
  password: string;
  corpus: CorpusMessage[];
  /** removed by stop() */
  tmp: string;
  /** `--host … --port … --security none --user …` for `mailtrove account add` */
  accountFlags: string[];
  /** runs `mailtrove --archive ARCHIVE ARGS` with the password in MAILTROVE_PASSWORD */
  cli(archive: string, args: string[], env?: NodeJS.ProcessEnv): Promise<CliResult>;
  /** a fresh archive under tmp that already holds this account (named like the user) */
  newArchive(name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestMailbox(options: {
  user: string;
  corpus: CorpusOptions;
  password?: string;
}): Promise<TestMailbox> {
  const { user } = options;
  const password = options.password ?? 'pw';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `mailtrove-${user}-`));
  const corpus = generateCorpus(options.corpus);
  const server = await startDovecot({ users: [{ user, password }] });
  writeMaildir(server.maildir(user), corpus);
  const accountFlags = [
    '--host',
    server.host,
    '--port',
    String(server.port),
    '--security',
    'none',
    '--user',
    user,
  ];
  const cli = (archive: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
    runCli(['--archive', archive, ...args], { env: { MAILTROVE_PASSWORD: password, ...env } });
  return {
    server,
    user,
    password,
    corpus,
    tmp,
    accountFlags,
    cli,
    async newArchive(name) {
      const archive = path.join(tmp, name);
      const added = await cli(archive, ['account', 'add', user, ...accountFlags]);
      if (added.code !== 0) throw new Error(`account add failed (${added.code}): ${added.stderr}`);
      return archive;
    },
    async stop() {
      // The server's directory holds the mailbox's copy of the corpus: megabytes per test file.
      await server.stop({ removeDir: true });
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
