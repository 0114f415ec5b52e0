/**
 * Corpus kinds about encodings and headers (legacy charsets, encoded-words, 8-bit headers, broken
 * dates, transfer encodings, empty bodies, replies) and the table of every kind's builder.
 */
import type { CorpusKind } from './corpus-types.ts';
import { encodedWords, formatAddress, headerText, rfc5322Date, type Charset } from './corpus-encode.ts';
import { CP1252_SUBJECT, CP1252_TEXT, LATIN1_TEXT, subjectFor, wrap, type Lang } from './corpus-text.ts';
import { letter, replyText } from './corpus-bodies.ts';
import { textEntity } from './corpus-mime.ts';
import {
  plain,
  html,
  alternative,
  attachment,
  bigAttachment,
  related,
  forwarded,
  brokenMime,
  oddMime,
  fromLines,
  tag,
  type Builder,
  type KindContext,
  type KindResult,
} from './corpus-kinds-mime.ts';

export type { KindContext } from './corpus-kinds-mime.ts';

/** Charset each charset kind writes in, so corpus.ts can pick people whose names it can encode. */
export const KIND_CHARSET: Partial<Record<CorpusKind, Charset>> = {
  'charset-latin1': 'iso-8859-1',
  'charset-cp1252': 'windows-1252',
  'charset-iso2022jp': 'iso-2022-jp',
  'charset-sjis': 'shift_jis',
  'charset-koi8r': 'koi8-r',
};

function badDate(ctx: KindContext): KindResult {
  const result = plain({ ...ctx, variant: 0 });
  const dates = [
    'Date: not a date at all',
    null,
    `Date: ${ctx.date.getUTCDate()} Mar ${String(ctx.date.getUTCFullYear() % 100).padStart(2, '0')} 10:11:12 EST`,
    'Date: Mon, 31 Feb 2025 25:61:99 +9900',
    'Date: Thu, 01 Jan 1970 00:00:00 +0000',
  ];
  return { ...result, dateHeader: dates[ctx.variant % dates.length] ?? null };
}

function eightBitHeader(ctx: KindContext): KindResult {
  const lang: Lang = ctx.variant % 2 === 0 ? 'de' : 'ja';
  const subject = subjectFor(ctx.rng, lang);
  return {
    subject,
    lang,
    subjectHeader: `Subject: ${subject}`,
    fromHeader: `From: ${formatAddress(ctx.from.name, ctx.from.email, true)}`,
    entity: textEntity(letter(ctx, lang), { charset: 'utf-8', cte: '8bit' }),
  };
}

function charsetKind(
  charset: Charset,
  lang: Lang,
  cte: '7bit' | '8bit' | 'quoted-printable' | 'base64',
  mode: 'B' | 'Q',
): Builder {
  return (ctx) => {
    const subject =
      charset === 'windows-1252' ? `${CP1252_SUBJECT} ${tag(ctx.rng)}` : subjectFor(ctx.rng, lang);
    const extra =
      charset === 'iso-8859-1'
        ? [wrap(LATIN1_TEXT, 72)]
        : charset === 'windows-1252'
          ? [wrap(CP1252_TEXT, 72)]
          : [];
    return {
      subject,
      lang,
      subjectHeader: `Subject: ${encodedWords(subject, charset, mode)}`,
      entity: textEntity(letter(ctx, lang, extra), { charset, cte }),
    };
  };
}

function encodedWordsKind(ctx: KindContext): KindResult {
  const lang: Lang = ctx.variant % 3 === 1 ? 'ja' : 'de';
  const base = subjectFor(ctx.rng, lang);
  let subject = base;
  let header: string;
  if (ctx.variant % 3 === 2) {
    // Plain words around an encoded-word: the spaces next to plain text are kept.
    subject = `Re: Treffen ${base} morgen`;
    header = `Subject: Re: Treffen ${encodedWords(base, 'utf-8', 'Q')} morgen`;
  } else {
    // Adjacent Q and B words (different charsets too): the folding white space between them vanishes.
    const chars = Array.from(base);
    const cut = Math.ceil(chars.length / 2);
    const head = chars.slice(0, cut).join('');
    const first = lang === 'de' ? encodedWords(head, 'iso-8859-1', 'Q') : encodedWords(head, 'utf-8', 'Q');
    header = `Subject: ${first}\r\n ${encodedWords(chars.slice(cut).join(''), 'utf-8', 'B')}`;
  }
  return {
    subject,
    lang,
    subjectHeader: header,
    entity: textEntity(letter(ctx, lang), { charset: 'utf-8', cte: '8bit' }),
  };
}

function quotedPrintableKind(ctx: KindContext): KindResult {
  // Unwrapped paragraphs make long lines that need soft breaks; "=" and trailing spaces need escapes.
  const text = letter(ctx, 'de', [
    'Formel: a = b + c; Rabatt = 15 %   ',
    'Ein sehr langer Absatz ohne Zeilenumbruch, '.repeat(8),
  ]);
  return {
    subject: subjectFor(ctx.rng, 'de'),
    lang: 'de',
    entity: textEntity(text, { charset: 'utf-8', cte: 'quoted-printable' }),
  };
}

function base64Body(ctx: KindContext): KindResult {
  const lang: Lang = (['en', 'ja', 'ru'] as const)[ctx.variant % 3] ?? 'en';
  return {
    subject: subjectFor(ctx.rng, lang),
    lang,
    entity: textEntity(letter(ctx, lang), { charset: 'utf-8', cte: 'base64' }),
  };
}

function emptyBody(ctx: KindContext): KindResult {
  // No body to carry the planted word, so it goes into the subject.
  const subject = `${subjectFor(ctx.rng, 'en')} ${ctx.planted}`;
  const headersOnly = ctx.variant % 2 === 1;
  return {
    subject,
    lang: 'en',
    headersOnly,
    entity: { headers: ['Content-Type: text/plain; charset=us-ascii'], body: [] },
  };
}

function replyKind(ctx: KindContext): KindResult {
  const r = ctx.reply;
  if (!r) throw new Error('reply kinds need a thread');
  const lang: Lang = r.lang === 'de' ? 'de' : 'en';
  const text = replyText(ctx, lang, { name: r.parent.name, when: rfc5322Date(r.parentDate, r.parent.tz) });
  const ascii = /^[\x20-\x7e\r\n]*$/.test(text);
  return {
    subject: r.subject,
    lang: r.lang,
    subjectHeader: `Subject: ${headerText(r.subject)}`,
    entity: textEntity(text, {
      charset: 'utf-8',
      cte: ascii ? '7bit' : ctx.variant % 2 ? '8bit' : 'quoted-printable',
    }),
  };
}

export const BUILDERS: Record<CorpusKind, Builder> = {
  plain,
  html,
  alternative,
  attachment,
  'big-attachment': bigAttachment,
  related,
  forwarded,
  'no-message-id': plain,
  'dup-message-id': plain,
  'broken-mime': brokenMime,
  'odd-mime': oddMime,
  'bad-date': badDate,
  'eight-bit-header': eightBitHeader,
  'charset-latin1': charsetKind('iso-8859-1', 'de', 'quoted-printable', 'Q'),
  'charset-cp1252': charsetKind('windows-1252', 'en', '8bit', 'Q'),
  'charset-iso2022jp': charsetKind('iso-2022-jp', 'ja', '7bit', 'B'),
  'charset-sjis': charsetKind('shift_jis', 'ja', 'base64', 'B'),
  'charset-koi8r': charsetKind('koi8-r', 'ru', '8bit', 'B'),
  'encoded-words': encodedWordsKind,
  'quoted-printable': quotedPrintableKind,
  'base64-body': base64Body,
  'from-lines': fromLines,
  'empty-body': emptyBody,
  reply: replyKind,
  'reply-irt-only': replyKind,
  'reply-subject-only': replyKind,
};
