import type { ImapFlow } from 'imapflow';
import { MailtroveError } from '../errors.ts';

/** One byte range of a message, with what the server says of the whole message at that moment. */
export interface MessageRange {
  /** the bytes from the asked offset on; fewer than asked at the message's end */
  bytes: Buffer;
  /** RFC822.SIZE now, or null when the server left it out */
  size: number | null;
  flags: string[];
  /**
   * the server ignored the range and sent the whole message (some servers do); `bytes` are then the
   * message from its first byte
   */
  whole: boolean;
}

/**
 * `UID FETCH uid (UID FLAGS RFC822.SIZE BODY.PEEK[]<start.length>)`: PEEK, so \Seen is never set. Null
 * when the message is gone from the server (expunged).
 */
export async function fetchRange(
  client: ImapFlow,
  uid: number,
  start: number,
  length: number,
): Promise<MessageRange | null> {
  const message = await client.fetchOne(
    String(uid),
    { uid: true, flags: true, size: true, source: { start, maxLength: length } },
    { uid: true },
  );
  if (message === false || message.uid !== uid) return null;
  const bytes = message.source ?? Buffer.alloc(0);
  // imapflow records the <origin> of a partial answer. Some servers leave it out; an answer from another
  // offset is of another request (imapflow's download() guards against the same).
  const origins = (message as { partialOrigins?: Map<string, number> }).partialOrigins;
  const origin = origins?.get('');
  if (origin !== undefined && origin !== start) {
    throw new MailtroveError(
      'connection',
      `The server answered bytes from ${origin} on when asked for ${start} on (UID ${uid}).`,
    );
  }
  return {
    bytes,
    size: typeof message.size === 'number' ? message.size : null,
    flags: message.flags ? [...message.flags] : [],
    // More than asked: the server ignored the range (imapflow's download() meets the same).
    whole: bytes.byteLength > length,
  };
}
