import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createParsePool } from '../../src-main/engine/mime/pool.ts';
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import { decodeRaw } from '../../src-main/engine/mime/raw-codec.ts';
import { segmentCjk } from '../../src-main/engine/text/cjk.ts';
import { generateCorpus } from '../support/corpus.ts';
import { largeMessages } from '../support/corpus-large.ts';

describe('the parser threads', () => {
  const pool = createParsePool(2);
  afterAll(() => pool.close());

  it('give each message its own result, whether it travelled in a group or alone', async () => {
    // 60 small messages and a multi-megabyte one among them: groups of several, and one sent by itself.
    const corpus = generateCorpus({ count: 60, bigAttachments: 1, seed: 11 });
    expect(corpus.some((m) => m.raw.byteLength > 1024 * 1024)).toBe(true);
    const expected = corpus.map((m) => parseMessage(m.raw));

    // Copies: the pool moves the bytes it is given to the threads.
    const results = await Promise.all(corpus.map((m) => pool.parse(Buffer.from(m.raw))));

    results.forEach((result, i) => {
      const message = corpus[i];
      const want = expected[i];
      if (!message || !want) throw new Error('index out of range');
      expect(decodeRaw(result.raw).equals(message.raw)).toBe(true);
      expect(result.parsed.subject).toBe(want.subject);
      expect(result.parsed.messageId).toBe(want.messageId);
      expect(Buffer.from(result.searchBody).toString('utf8')).toBe(segmentCjk(want.bodyText));
    });
  });

  it('parses a message that arrives on its own without waiting for others', async () => {
    const [message] = generateCorpus({ count: 1, bigAttachments: 0, seed: 12 });
    if (!message) throw new Error('empty corpus');
    const result = await pool.parse(Buffer.from(message.raw));
    expect(decodeRaw(result.raw).equals(message.raw)).toBe(true);
  });

  it('reads a large message from its file itself and stores it in parts, parsed or as it is', async () => {
    const [message] = largeMessages({ sizes: [3_500_000], seed: 13 });
    if (!message) throw new Error('no message');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mailtrove-pool-'));
    try {
      const file = path.join(dir, 'message.part');
      fs.writeFileSync(file, message.raw);
      const parsed = await pool.parseFile(file, null);
      expect(parsed.raw.codec).toBe('parts');
      expect(decodeRaw(parsed.raw).equals(message.raw)).toBe(true);
      expect(parsed.parsed.subject).toBe(message.subject);
      expect(parsed.parsed.attachments).toEqual([
        expect.objectContaining({ filename: 'scans-1.pdf', contentType: 'application/pdf' }),
      ]);
      expect(Buffer.from(parsed.searchBody).toString('utf8')).toContain(message.plantedWord);

      const unparsed = await pool.parseFile(file, 'not parsed: test');
      expect(unparsed.parsed.parseError).toBe('not parsed: test');
      expect(unparsed.parsed.subject).toBeNull();
      expect(decodeRaw(unparsed.raw).equals(message.raw)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
