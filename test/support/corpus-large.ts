/**
 * Messages of a chosen size (a short letter plus one base64 attachment), for tests and benchmarks of
 * multi-megabyte mail: generated from a seed, never committed. Each carries its own planted word and a
 * seed tag in its Message-ID, so it can be mixed into a generated corpus.
 */
import { createHash } from 'node:crypto';
import { formatAddress, rfc5322Date } from './corpus-encode.ts';
import { attachmentEntity, fakeFile, multipart, textEntity } from './corpus-mime.ts';
import { DEFAULT_NOW } from './corpus.ts';
import type { CorpusMessage } from './corpus-types.ts';
import { createRng } from './prng.ts';

export interface LargeOptions {
  /** the size of each message in bytes (the attachment is sized to come within a few KB of it) */
  sizes: readonly number[];
  seed?: number;
  /** the folder that holds them; default INBOX */
  folder?: string;
  /** the newest internal date; the messages are a day apart before it */
  now?: Date;
}

/** Attachment bytes per message byte: base64 lines of 76 characters plus CRLF. */
const BASE64_RATIO = (76 + 2) / 57;

/** Messages of about the sizes asked for, newest first. */
export function largeMessages(options: LargeOptions): CorpusMessage[] {
  const rng = createRng(options.seed ?? 7);
  const now = Math.floor((options.now ?? DEFAULT_NOW).getTime() / 1000) * 1000;
  return options.sizes.map((size, i) => {
    const internalDate = new Date(now - (i + 1) * 86_400_000 - rng.int(0, 3600) * 1000);
    const word = `zqlarge${String(i).padStart(2, '0')}${rng.hex(4)}`;
    const messageId = `large.${rng.hex(16)}.${i}@example.net`;
    const subject = `Scanned documents ${i + 1} (${Math.round(size / 1_000_000)} MB)`;
    const letter = `Hello,\r\n\r\nthe scans are attached (${word}).\r\n\r\nBest,\r\nJordan\r\n`;
    const headers = [
      `Date: ${rfc5322Date(internalDate, 60)}`,
      `From: ${formatAddress('Jordan Meyer', 'jordan.meyer@example.net')}`,
      `To: ${formatAddress('Alex Example', 'alex@example.com')}`,
      `Subject: ${subject}`,
      `Message-ID: <${messageId}>`,
      'MIME-Version: 1.0',
    ];
    const overhead = 1200;
    const data = fakeFile(rng, 'application/pdf', Math.max(0, Math.floor((size - overhead) / BASE64_RATIO)));
    const entity = multipart(rng, 'mixed', [
      textEntity(letter, { charset: 'utf-8', cte: '7bit' }),
      attachmentEntity(data, 'application/pdf', `scans-${i + 1}.pdf`),
    ]);
    const chunks = [[...headers, ...entity.headers].join('\r\n'), '\r\n\r\n', ...entity.body];
    const raw = Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c, 'utf8') : c)));
    return {
      raw,
      sha256: createHash('sha256').update(raw).digest('hex'),
      internalDate,
      folders: [options.folder ?? 'INBOX'],
      kind: 'big-attachment',
      messageId,
      subject,
      plantedWord: word,
      threadRoot: `large-${messageId}`,
      parseShouldFail: false,
    };
  });
}
