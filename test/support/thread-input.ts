import type { ThreadInput } from '../../src-main/engine/threading/jwz.ts';

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const T0 = Date.UTC(2024, 0, 1);

/** A threading input with a Message-ID and a date from its id; no links and no subject unless given. */
export function msg(id: number, fields: Partial<Omit<ThreadInput, 'id'>> = {}): ThreadInput {
  return {
    id,
    messageId: `m${String(id)}@example.org`,
    inReplyTo: null,
    references: [],
    subject: null,
    date: T0 + id * HOUR,
    ...fields,
  };
}
