import { afterAll, describe, expect, it } from 'vitest';
import PostalMime, { type Email } from 'postal-mime';
import { installConcatenatingBlob } from '../../src-main/engine/mime/fast-blob.ts';
import { CORPUS_KINDS, generateCorpus } from '../support/corpus.ts';

const realBlob = globalThis.Blob;
afterAll(() => {
  Object.defineProperty(globalThis, 'Blob', { value: realBlob, configurable: true, writable: true });
});

const comparable = (email: Email): string =>
  JSON.stringify({
    ...email,
    attachments: email.attachments.map((a) => ({
      ...a,
      content: Buffer.from(a.content as ArrayBuffer).toString('base64'),
    })),
  });

describe("the parser worker's Blob stand-in", () => {
  it("makes postal-mime produce exactly what it produces with Node's Blob, for every kind of message", async () => {
    const corpus = generateCorpus({ count: 300, bigAttachments: 1, seed: 3 });
    expect(new Set(corpus.map((m) => m.kind))).toEqual(new Set(CORPUS_KINDS));
    const withNodeBlob = await Promise.all(
      corpus.map((m) => PostalMime.parse(m.raw, { attachmentEncoding: 'arraybuffer' })),
    );
    installConcatenatingBlob();
    expect(globalThis.Blob).not.toBe(realBlob);
    const withStandIn = await Promise.all(
      corpus.map((m) => PostalMime.parse(m.raw, { attachmentEncoding: 'arraybuffer' })),
    );
    expect(withStandIn.map(comparable)).toEqual(withNodeBlob.map(comparable));
  });
});
