import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { decodeRaw } from '../../src-main/engine/mime/raw-codec.ts';
import { unparsedMessage } from '../../src-main/engine/mime/unparsed.ts';
import {
  storedBytes,
  toStoredContent,
  transferables,
  type StoredContent,
} from '../../src-main/engine/mime/stored-content.ts';
import { CJK_SEPARATOR } from '../../src-main/engine/text/cjk.ts';

const raw = Buffer.from('Subject: x\r\n\r\nbody\r\n');
const withBody = (bodyText: string): StoredContent =>
  toStoredContent({ ...unparsedMessage('test'), parseError: null, bodyText }, raw);

describe('stored content', () => {
  it('indexes text without CJK as its own UTF-8, and CJK text segmented', () => {
    expect(Buffer.from(withBody('Grüße aus Köln').searchBody).toString('utf8')).toBe('Grüße aus Köln');
    expect(Buffer.from(withBody('定例会議').searchBody).toString('utf8')).toBe(
      ['定', '例', '会', '議'].join(CJK_SEPARATOR),
    );
  });

  it('hands its bytes over to another thread without copying them, and they arrive intact', async () => {
    const content = withBody('plain body text '.repeat(400));
    const expected = {
      raw: Buffer.from(decodeRaw(content.raw)),
      searchBody: Buffer.from(content.searchBody),
    };
    const buffers = transferables(content);
    expect(buffers).toHaveLength(2);

    const { port1, port2 } = new MessageChannel();
    const received = new Promise<StoredContent>((resolve) => port2.once('message', resolve));
    port1.postMessage(content, buffers);
    const arrived = await received;
    port1.close();
    // Moved: nothing is left on this side.
    expect(content.searchBody.byteLength).toBe(0);
    expect(storedBytes(content).map((bytes) => bytes.byteLength)).toEqual([0, 0]);
    expect(Buffer.from(arrived.searchBody).equals(expected.searchBody)).toBe(true);
    expect(decodeRaw(arrived.raw).equals(expected.raw)).toBe(true);
  });
});
