import { describe, expect, it } from 'vitest';
import { explainSetupError, tidy } from '../../src-renderer/src/features/accounts/setup-errors.ts';

const where = { host: 'imap.example.org', port: 993 };

describe('explainSetupError', () => {
  it('points each failure at the field to check', () => {
    const field = (code: 'auth' | 'connection', message: string) =>
      explainSetupError({ code, message }, where).field;
    expect(field('auth', 'The server rejected the login for ann (server: Authentication failed.).')).toBe(
      'password',
    );
    expect(field('connection', 'Cannot connect to imap.example.org:993: ENOTFOUND: getaddrinfo')).toBe(
      'host',
    );
    expect(field('connection', 'Cannot connect to imap.example.org:993: ECONNREFUSED: connect')).toBe('port');
    expect(
      field('connection', 'Cannot connect to imap.example.org:993: GREETING_TIMEOUT: Maybe should use TLS?'),
    ).toBe('security');
    expect(field('connection', 'Cannot connect to imap.example.org:993: ETIMEDOUT: connect')).toBe('host');
  });

  it('keeps the raw text as details, and says the headline without codes', () => {
    const problem = explainSetupError(
      { code: 'connection', message: 'Cannot connect: ECONNREFUSED: x' },
      where,
    );
    expect(problem.text).not.toContain('ECONNREFUSED');
    expect(problem.details).toContain('ECONNREFUSED');
  });
});

describe('tidy', () => {
  it('drops the doubled punctuation of a quoted server reply', () => {
    expect(tidy('rejected the login (server: Authentication failed.).')).toBe(
      'rejected the login (server: Authentication failed.)',
    );
    expect(tidy('Done..')).toBe('Done.');
  });
});
