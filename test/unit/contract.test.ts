import { describe, expect, it } from 'vitest';
import { isChannel, parseRequest, requests } from '../../src-shared/ipc/contract.ts';

const options = {
  folders: ['INBOX'],
  exclude: [],
  range: { since: '2024-01-01', before: null },
  dryRun: true,
  maxMessages: null,
  batchSize: 250,
};
const account = {
  name: 'work',
  host: 'imap.example.org',
  port: 993,
  security: 'tls',
  user: 'me@example.org',
};

function messageOf(reply: ReturnType<typeof parseRequest>): string {
  if (reply.ok) throw new Error('expected the request to be rejected');
  expect(reply.error.code).toBe('invalid-request');
  return reply.error.message;
}

describe('the IPC contract', () => {
  it('accepts the requests the window sends, filling defaults', () => {
    expect(parseRequest('accounts:list', {})).toEqual({ ok: true, value: {} });
    expect(parseRequest('import:preview', { account: 'work', options }).ok).toBe(true);
    expect(parseRequest('accounts:test', { account: 'work' }).ok).toBe(true);
    expect(parseRequest('accounts:test', { account, password: 'pw' }).ok).toBe(true);
    expect(parseRequest('export:run', { source: { folder: 'INBOX' }, format: 'eml', out: '/tmp/x' }).ok).toBe(
      true,
    );
    expect(parseRequest('search:query', { query: 'from:alice' })).toEqual({
      ok: true,
      value: { query: 'from:alice', offset: 0, limit: 50, sort: 'relevance' },
    });
    // Names are trimmed, so " work" and "work" are one account.
    expect(parseRequest('folders:list', { account: '  work ' })).toEqual({
      ok: true,
      value: { account: 'work' },
    });
  });

  it('rejects bad requests with the channel, the field and the problem in plain words', () => {
    expect(messageOf(parseRequest('jobs:pause', { jobId: -1 }))).toMatch(
      /^Invalid jobs:pause request at jobId: /,
    );
    expect(
      messageOf(
        parseRequest('import:start', {
          account: 'work',
          options: { ...options, range: { since: '1.1.2024', before: null } },
        }),
      ),
    ).toMatch(/at options\.range\.since: a date as YYYY-MM-DD/);
    expect(
      messageOf(parseRequest('accounts:add', { account: { ...account, port: 70000 }, password: 'pw' })),
    ).toMatch(/at account\.port/);
    expect(messageOf(parseRequest('accounts:add', { account, password: '' }))).toMatch(/at password/);
    expect(messageOf(parseRequest('search:query', { query: 'x', limit: 10_000 }))).toMatch(/at limit/);
    expect(messageOf(parseRequest('accounts:remove', { account: 'work' }))).toMatch(/at deleteMail/);
    expect(messageOf(parseRequest('message:get', null))).toMatch(/^Invalid message:get request/);
  });

  it('lets no extra fields through on channels that take nothing', () => {
    expect(messageOf(parseRequest('app:info', { debug: true }))).toMatch(/app:info/);
  });

  it('never repeats a rejected password in its message', () => {
    const secret = 'hunter2-secret';
    const reply = parseRequest('accounts:add', {
      account: { ...account, security: 'ssl' },
      password: secret,
    });
    expect(messageOf(reply)).not.toContain(secret);
  });

  it('knows its channels and nothing else', () => {
    expect(isChannel('search:query')).toBe(true);
    expect(isChannel('toString')).toBe(false);
    expect(isChannel('__proto__')).toBe(false);
    expect(Object.keys(requests).every((c) => /^[a-z]+:[a-zA-Z]+$/.test(c))).toBe(true);
  });
});
