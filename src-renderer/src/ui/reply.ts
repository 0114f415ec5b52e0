import type { Reply, ReplyError } from '../../../src-shared/ipc/contract.ts';

/** A promise that rejected (a transport bug, never a contract error) as a reply error to show. */
export function unexpected(error: unknown): ReplyError {
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** Awaits a reply, turning a rejected promise into an error reply so every caller handles one shape. */
export async function settle<T>(reply: Promise<Reply<T>>): Promise<Reply<T>> {
  try {
    return await reply;
  } catch (error) {
    return { ok: false, error: unexpected(error) };
  }
}
