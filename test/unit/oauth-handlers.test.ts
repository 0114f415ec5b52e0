import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reply } from '../../src-shared/ipc/contract.ts';
import { createHandlerArchive, type HandlerArchive } from '../support/handler-archive.ts';

let archive: HandlerArchive;
const saved = process.env['MAILTROVE_GOOGLE_CLIENT_ID'];
beforeEach(() => {
  archive = createHandlerArchive();
  delete process.env['MAILTROVE_GOOGLE_CLIENT_ID'];
});
afterEach(() => {
  archive.close();
  if (saved === undefined) delete process.env['MAILTROVE_GOOGLE_CLIENT_ID'];
  else process.env['MAILTROVE_GOOGLE_CLIENT_ID'] = saved;
});

function failure<T>(reply: Reply<T>): { code: string; message: string; hint?: string } {
  if (reply.ok) throw new Error('expected a failure');
  return reply.error;
}

describe('window sign-in channels', () => {
  it('tells the window which presets have a client id', async () => {
    expect(await archive.handlers.invoke('oauth:clients', {})).toEqual({
      ok: true,
      value: { gmail: false, microsoft: false },
    });
    process.env['MAILTROVE_GOOGLE_CLIENT_ID'] = 'id-from-the-build';
    expect(await archive.handlers.invoke('oauth:clients', {})).toEqual({
      ok: true,
      value: { gmail: true, microsoft: false },
    });
  });

  it('refuses a Google sign-in without a client id at once, saying what to do, and adds nothing', async () => {
    const before = await archive.handlers.invoke('accounts:list', {});
    const reply = await archive.handlers.invoke('oauth:begin', {
      account: 'personal',
      provider: 'gmail',
      user: 'me@gmail.com',
    });
    expect(failure(reply)).toMatchObject({ code: 'config' });
    expect(failure(reply).message).toContain('client id');
    expect(failure(reply).hint).toContain('--client-id');
    expect(await archive.handlers.invoke('accounts:list', {})).toEqual(before);
  });

  it('does not sign a password account in with OAuth2, and knows no unknown sign-in', async () => {
    const login = await archive.handlers.invoke('oauth:begin', { account: 'work' });
    expect(failure(login)).toMatchObject({ code: 'usage' });
    expect(failure(login).message).toContain('password, not OAuth2');
    const finish = await archive.handlers.invoke('oauth:finish', { signInId: 'nothing-started' });
    expect(failure(finish)).toMatchObject({ code: 'usage' });
  });
});
