import type { SecretStore } from '../secrets/secret-store.ts';

/**
 * Windows' credential store refuses secrets over 2,560 bytes of UTF-16, i.e. 1,280 characters; refresh
 * tokens can be longer. Parts stay well under it.
 */
export const PART_CHARS = 1000;
const HEAD = 'mailtrove-split:v1:';

/**
 * One account's refresh token as one logical keychain entry. A short token is the entry itself; a long one
 * is written as parts under a new generation first, then the head entry is switched to them (the commit
 * point, so a crash leaves the old token whole), then the old generation's parts are deleted.
 */
export interface RefreshTokenStore {
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  /** true when there was a token */
  delete(): Promise<boolean>;
}

export function refreshTokenStore(store: SecretStore, key: string): RefreshTokenStore {
  const partKey = (generation: string, index: number): string => `${key}#${generation}.${index}`;
  const readHead = async (): Promise<{
    raw: string | null;
    parts: { generation: string; count: number } | null;
  }> => {
    const raw = await store.get(key);
    if (raw === null || !raw.startsWith(HEAD)) return { raw, parts: null };
    const [generation = '', count = ''] = raw.slice(HEAD.length).split(':');
    return { raw, parts: { generation, count: Number(count) } };
  };
  const deleteParts = async (parts: { generation: string; count: number } | null): Promise<void> => {
    if (!parts) return;
    for (let i = 0; i < parts.count; i++) await store.delete(partKey(parts.generation, i));
  };
  return {
    async get() {
      const { raw, parts } = await readHead();
      if (!parts) return raw;
      const pieces: string[] = [];
      for (let i = 0; i < parts.count; i++) {
        const piece = await store.get(partKey(parts.generation, i));
        // A part gone missing (someone edited the keychain): no token, so the user signs in again.
        if (piece === null) return null;
        pieces.push(piece);
      }
      return pieces.join('');
    },
    async set(token) {
      const old = (await readHead()).parts;
      if (token.length <= PART_CHARS && !token.startsWith(HEAD)) {
        await store.set(key, token);
      } else {
        const generation = Date.now().toString(36) + Math.random().toString(36).slice(2, 6);
        const count = Math.ceil(token.length / PART_CHARS);
        for (let i = 0; i < count; i++) {
          await store.set(partKey(generation, i), token.slice(i * PART_CHARS, (i + 1) * PART_CHARS));
        }
        await store.set(key, `${HEAD}${generation}:${count}`);
      }
      await deleteParts(old);
    },
    async delete() {
      const { parts } = await readHead();
      const existed = await store.delete(key);
      await deleteParts(parts);
      return existed;
    },
  };
}
