import { ImapFlow } from 'imapflow';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeModifiedUtf7, startGmailDouble, totalBodyFetches, type GmailDouble } from './gmail-imap.ts';

let double: GmailDouble | null = null;
afterEach(async () => {
  await double?.stop();
  double = null;
});

const messages = [
  {
    msgId: '1001',
    thrId: '900',
    labels: ['\\Inbox', 'Büro'],
    subject: 'One',
    date: new Date('2024-03-01T10:00:00Z'),
  },
  { msgId: '1002', thrId: '900', labels: ['\\Sent'], subject: 'Two', date: new Date('2024-03-02T10:00:00Z') },
  {
    msgId: '1003',
    thrId: '901',
    labels: [],
    subject: 'Spam',
    date: new Date('2024-03-03T10:00:00Z'),
    bin: 'spam' as const,
  },
];

async function client(port: number): Promise<ImapFlow> {
  const c = new ImapFlow({
    host: '127.0.0.1',
    port,
    secure: false,
    auth: { user: 'u', pass: 'p' },
    logger: false,
  });
  await c.connect();
  return c;
}

describe('the Gmail double', () => {
  it('encodes labels in modified UTF-7 as RFC 3501 shows', () => {
    expect(encodeModifiedUtf7('Büro')).toBe('B&APw-ro');
    expect(encodeModifiedUtf7('~peter/mail/台北/日本語')).toBe('~peter/mail/&U,BTFw-/&ZeVnLIqe-');
    expect(encodeModifiedUtf7('A&B')).toBe('A&-B');
  });

  it('lists All Mail by its flag, serves Gmail items decoded by imapflow and counts bodies', async () => {
    double = await startGmailDouble({ user: 'u', password: 'p', messages });
    const c = await client(double.port);
    try {
      const list = await c.list();
      expect(list.find((f) => f.specialUse === '\\All')?.path).toBe('[Gmail]/Alle Nachrichten');
      expect(list.map((f) => f.path)).toContain('Büro');
      const lock = await c.getMailboxLock('[Gmail]/Alle Nachrichten');
      try {
        const got = await c.fetchAll(
          '1:*',
          { uid: true, labels: true, threadId: true, source: true },
          { uid: true },
        );
        expect(got.map((m) => [m.emailId, m.threadId, [...(m.labels ?? [])]])).toEqual([
          ['1001', '900', ['\\Inbox', 'Büro']],
          ['1002', '900', ['\\Sent']],
        ]);
      } finally {
        lock.release();
      }
      expect(double.bodyFetches.get('1001')).toBe(1);
      expect(totalBodyFetches(double)).toBe(2);
      const inbox = await c.getMailboxLock('INBOX');
      try {
        const got = await c.fetchAll('1:*', { uid: true, labels: true });
        // Gmail leaves out the label of the folder being read.
        expect(got.map((m) => [...(m.labels ?? [])])).toEqual([['Büro']]);
        expect(await c.search({ gmraw: 'label:büro' }, { uid: true })).toEqual([1]);
      } finally {
        inbox.release();
      }
    } finally {
      await c.logout();
    }
  });

  it('hides All Mail from LIST when asked', async () => {
    double = await startGmailDouble({ user: 'u', password: 'p', messages, hideAll: true });
    const c = await client(double.port);
    try {
      const list = await c.list();
      expect(list.some((f) => f.specialUse === '\\All')).toBe(false);
      expect(list.find((f) => f.specialUse === '\\Junk')?.path).toBe('[Gmail]/Spam');
    } finally {
      await c.logout();
    }
  });
});
