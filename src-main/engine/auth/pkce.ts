import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636, S256) plus the `state` that ties a redirect to the request that caused it. */
export interface PkcePair {
  verifier: string;
  challenge: string;
  state: string;
}

/** 32 random bytes each: a 43-character verifier, the upper end of what RFC 7636 recommends. */
export function createPkce(): PkcePair {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: s256(verifier), state: randomBytes(16).toString('base64url') };
}

/** BASE64URL(SHA256(ASCII(verifier))), no padding. */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
