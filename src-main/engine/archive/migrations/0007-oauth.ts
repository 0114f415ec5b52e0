import type { Migration } from './registry.ts';

/**
 * OAuth2 sign-in (issue 20): `accounts.auth` holds how an account logs in, as JSON (provider, token and
 * authorization URLs, client id, scope, tenant); NULL is a password in the keychain, as every account
 * before it. Tokens are never stored here. Only adds.
 */
export const oauth: Migration = {
  version: 7,
  name: 'oauth',
  up: (db) => {
    db.exec('ALTER TABLE accounts ADD COLUMN auth TEXT');
  },
};
