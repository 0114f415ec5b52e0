import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src-main/engine/mime/parse.ts';
import type { ParsedMessage } from '../../src-main/engine/mime/parsed-message.ts';
import { generateCorpus } from '../support/corpus.ts';
import { parseMessage as parseWithPostalMime } from '../support/postal-reference.ts';

// Every kind of the generator (legacy charsets, encoded words, broken multiparts, forwards…), several times.
const corpus = generateCorpus({ count: 1500, bigAttachments: 2, seed: 21 });

describe('the MIME reader on the test corpus', () => {
  it('finds what the generator wrote: subject, Message-ID, the planted word, and only real defects', () => {
    for (const message of corpus) {
      const parsed = parseMessage(message.raw);
      const where = `${message.kind} ${message.sha256}`;
      expect(parsed.subject ?? '', where).toBe(message.subject);
      expect(parsed.messageId, where).toBe(message.messageId);
      expect(parsed.parseError !== null, where).toBe(message.parseShouldFail);
      // An empty body carries its planted word in the subject instead (corpus-types.ts).
      const searchable = message.kind === 'empty-body' ? parsed.subject : parsed.bodyText;
      expect(searchable, where).toContain(message.plantedWord);
    }
  });

  it('agrees with postal-mime, the parser it replaced, field by field', async () => {
    let compared = 0;
    for (const message of corpus) {
      const ours = parseMessage(message.raw);
      const theirs = await parseWithPostalMime(message.raw);
      const where = `${message.kind} ${message.sha256}`;
      expect(comparable(ours, message.raw), where).toEqual(comparable(theirs, message.raw));
      compared++;
    }
    expect(compared).toBe(corpus.length);
  });
});

/**
 * The fields, with the two deliberate differences taken out:
 * - an attached message sent unencoded: postal-mime counts its size with LF line ends, we count its bytes;
 * - text in a charset nobody knows: postal-mime reads it as Windows-1252, we as UTF-8 when it is UTF-8.
 * Body text is compared with runs of blanks collapsed (line ends and the joins between parts differ).
 */
function comparable(parsed: ParsedMessage, raw: Buffer): unknown {
  const unknownCharset = /charset="?x-unknown/i.test(raw.toString('latin1'));
  return {
    ...parsed,
    bodyText: unknownCharset ? null : parsed.bodyText.replace(/\s+/g, ' ').trim(),
    attachments: parsed.attachments.map((a) => ({
      ...a,
      size: a.contentType === 'message/rfc822' ? null : a.size,
    })),
  };
}
