import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { dovecotAvailable, resetFolderIdentity, startDovecot, type DovecotServer } from './dovecot.ts';
import {
  CORPUS_FOLDERS,
  folderDir,
  generateCorpus,
  rewriteFolder,
  writeMaildir,
  type CorpusMessage,
} from './corpus.ts';

const USER = 'alice';
const PASSWORD = 'p@ss w0rd!';

describe.skipIf(!dovecotAvailable())('test Dovecot server', () => {
  let server: DovecotServer | undefined;
  const corpus = generateCorpus({ count: 80, bigAttachments: 1 });

  const live = (): DovecotServer => {
    if (!server) throw new Error('server not started');
    return server;
  };

  const client = (pass = PASSWORD): ImapFlow =>
    new ImapFlow({
      host: live().host,
      port: live().port,
      secure: false,
      auth: { user: USER, pass },
      logger: false,
    });

  /** Run fn with a logged-in client and always log out, so no session keeps a folder open. */
  async function withClient<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = client();
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.logout();
    }
  }

  async function folderState(
    c: ImapFlow,
    path: string,
  ): Promise<{ uidValidity: bigint; messages: Map<string, Date> }> {
    const lock = await c.getMailboxLock(path, { readOnly: true });
    try {
      const mailbox = c.mailbox;
      if (!mailbox) throw new Error(`${path} not selected`);
      const messages = new Map<string, Date>();
      if (mailbox.exists > 0) {
        for await (const msg of c.fetch('1:*', { source: true, internalDate: true })) {
          messages.set(
            createHash('sha256')
              .update(msg.source ?? Buffer.alloc(0))
              .digest('hex'),
            new Date(msg.internalDate ?? 0),
          );
        }
      }
      return { uidValidity: mailbox.uidValidity, messages };
    } finally {
      lock.release();
    }
  }

  const expectedIn = (folder: string, messages: readonly CorpusMessage[] = corpus): CorpusMessage[] =>
    messages.filter((m) => m.folders.includes(folder));

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mailtrove-dovecot-test-'));
    server = await startDovecot({ users: [{ user: USER, password: PASSWORD }], dir });
    writeMaildir(live().maildir(USER), corpus);
  });

  afterAll(async () => {
    await server?.stop({ removeDir: true });
  });

  it('lists every corpus folder with unicode names and special-use flags from the server', async () => {
    const list = await withClient((c) => c.list());
    const byPath = new Map(list.map((box) => [box.path, box]));
    for (const folder of CORPUS_FOLDERS) expect(byPath.has(folder), folder).toBe(true);
    // Served as modified UTF-7 (RFC 3501 §5.1.3), decoded by the client.
    expect(byPath.get('日本語')?.pathAsListed).toBe('&ZeVnLIqe-');
    expect(byPath.get('Notes & Ideas')?.pathAsListed).toBe('Notes &- Ideas');
    expect(byPath.get('Reisekostenabrechnung')?.flags.has('\\Noselect')).toBe(true);
    for (const use of ['Sent', 'Drafts', 'Archive', 'Junk', 'Trash']) {
      expect(byPath.get(use)?.flags.has(`\\${use}`), use).toBe(true);
      expect(byPath.get(use)?.specialUseSource, use).toBe('extension');
    }
  });

  it('holds exactly the corpus: counts, bytes (SHA-256) and INTERNALDATE per folder', async () => {
    await withClient(async (c) => {
      for (const folder of CORPUS_FOLDERS) {
        const status = await c.status(folder, { messages: true });
        const expected = expectedIn(folder);
        expect(status && status.messages, folder).toBe(expected.length);
        const { messages } = await folderState(c, folder);
        expect([...messages.keys()].sort(), folder).toEqual(expected.map((m) => m.sha256).sort());
        for (const m of expected)
          expect(messages.get(m.sha256)?.getTime(), m.kind).toBe(m.internalDate.getTime());
      }
    });
  });

  it('rejects a wrong password with authenticationFailed', async () => {
    const c = client('wrong password');
    c.on('error', () => undefined);
    const err: unknown = await c.connect().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ authenticationFailed: true });
    // The auth penalty is off: the right password still logs in at once.
    const started = Date.now();
    await withClient(() => Promise.resolve());
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('resetFolderIdentity gives a folder a new UIDVALIDITY once the server next opens it', async () => {
    for (const folder of ['Notes & Ideas', 'INBOX']) {
      const before = await withClient((c) => folderState(c, folder));
      resetFolderIdentity(folderDir(live().maildir(USER), folder));
      const after = await withClient((c) => folderState(c, folder));
      expect(after.uidValidity, folder).not.toBe(before.uidValidity);
      expect([...after.messages.keys()].sort(), folder).toEqual([...before.messages.keys()].sort());
    }
  });

  it('rewriteFolder replaces a folder with fresh mail under a new UIDVALIDITY', async () => {
    const folder = 'Archive/2023';
    const before = await withClient((c) => folderState(c, folder));
    const fresh = generateCorpus({ count: 6, seed: 99, bigAttachments: 0 });
    rewriteFolder(live().maildir(USER), folder, fresh);
    const after = await withClient((c) => folderState(c, folder));
    expect(after.uidValidity).not.toBe(before.uidValidity);
    expect([...after.messages.keys()].sort()).toEqual(fresh.map((m) => m.sha256).sort());
  });

  it('sees mail added while running, restarts on the same dir and port, and logs no errors', async () => {
    const extra = generateCorpus({ count: 3, seed: 123, bigAttachments: 0 }).map((m) => ({
      ...m,
      folders: ['INBOX'],
    }));
    writeMaildir(live().maildir(USER), extra);
    const inbox = await withClient((c) => folderState(c, 'INBOX'));
    for (const m of extra) expect(inbox.messages.has(m.sha256)).toBe(true);

    const { dir, port } = live();
    await live().stop();
    server = await startDovecot({ users: [{ user: USER, password: PASSWORD }], dir, port });
    const again = await withClient((c) => folderState(c, 'INBOX'));
    expect(again.uidValidity).toBe(inbox.uidValidity);
    expect(again.messages.size).toBe(inbox.messages.size);
    // The one expected warning is the master noting our SIGTERM at stop().
    const problems = live()
      .logs()
      .split('\n')
      .filter((l) => /(Error|Fatal|Panic|Warning):/.test(l) && !l.includes('Killed with signal 15'));
    expect(problems).toEqual([]);
  });

  it('runs several servers side by side', async () => {
    const other = await startDovecot({ users: [{ user: 'bob', password: 'x' }] });
    try {
      expect(other.port).not.toBe(live().port);
      const c = new ImapFlow({
        host: other.host,
        port: other.port,
        secure: false,
        auth: { user: 'bob', pass: 'x' },
        logger: false,
      });
      await c.connect();
      const status = await c.status('INBOX', { messages: true });
      await c.logout();
      expect(status && status.messages).toBe(0);
    } finally {
      await other.stop({ removeDir: true });
    }
  });
});
