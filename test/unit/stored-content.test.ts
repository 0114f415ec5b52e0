import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { unparsedMessage } from '../../src-main/engine/mime/unparsed.ts';
import {
  toStoredContent,
  transferables,
  type StoredContent,
} from '../../src-main/engine/mime/stored-content.ts';
import { CJK_SEPARATOR } from '../../src-main/engine/search/cjk.ts';

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

  it('moves a buffer shared by the plain body and the search text once, and both arrive intact', async () => {
    const text = Buffer.alloc(6000, 'plain body text ');
    const shared = new Uint8Array(text.buffer, text.byteOffset, text.byteLength);
    const content: StoredContent = {
      ...withBody(''),
      body: { codec: 'none', data: shared },
      searchBody: shared,
    };
    const expected = Buffer.from(text); // a copy: `text` is detached once its buffer moves
    const buffers = transferables(content);
    expect(buffers.filter((b) => b === shared.buffer)).toHaveLength(1);

    const { port1, port2 } = new MessageChannel();
    const received = new Promise<StoredContent>((resolve) => port2.once('message', resolve));
    port1.postMessage(content, buffers);
    const arrived = await received;
    port1.close();
    expect(text.byteLength).toBe(0);
    expect(Buffer.from(arrived.searchBody).equals(expected)).toBe(true);
    expect(Buffer.from(arrived.body.data).equals(expected)).toBe(true);
  });
});
