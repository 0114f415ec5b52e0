/**
 * Corpus kinds about MIME structure: plain letters, HTML, alternatives, attachments, inline images,
 * forwarded messages, and broken or odd multiparts. A builder returns the message's entity plus any
 * header it must write unusually; corpus.ts adds the ordinary headers. `variant` cycles
 * deterministically through a kind's flavours so small corpora still cover them.
 */
import type { Rng } from './prng.ts';
import { formatAddress, rfc5322Date } from './corpus-encode.ts';
import { PEOPLE, subjectFor, wrap, type Lang, type Person } from './corpus-text.ts';
import { fromLinesText, htmlDocument, letter, type BodyContext } from './corpus-bodies.ts';
import { attachmentEntity, bodyBytes, fakeFile, multipart, textEntity, type Entity } from './corpus-mime.ts';

export interface KindContext extends BodyContext {
  variant: number;
  date: Date;
  /** Set for the reply kinds: the subject to use (prefix included) and whom they answer. */
  reply: { subject: string; lang: Lang; parent: Person; parentDate: Date } | null;
  /** Target size of the big attachment in bytes (big-attachment only). */
  bigBytes: number;
}

export interface KindResult {
  subject: string;
  lang: Lang;
  entity: Entity;
  /** Raw Subject field override; null omits the field. */
  subjectHeader?: string | null;
  /** Raw Date field override; null omits the field. */
  dateHeader?: string | null;
  fromHeader?: string;
  extraHeaders?: string[];
  parseShouldFail?: boolean;
  /** The message ends after its header fields: no blank line, no body. */
  headersOnly?: boolean;
}

export type Builder = (ctx: KindContext) => KindResult;

export const tag = (rng: Rng): string => String(rng.int(1000, 99999));

export function plain(ctx: KindContext): KindResult {
  const { rng } = ctx;
  switch (ctx.variant % 5) {
    case 0:
      return {
        subject: subjectFor(rng, 'en'),
        lang: 'en',
        entity: textEntity(letter(ctx, 'en'), { charset: 'utf-8', cte: '7bit' }),
      };
    case 1:
      return {
        subject: subjectFor(rng, 'de'),
        lang: 'de',
        entity: textEntity(letter(ctx, 'de'), { charset: 'utf-8', cte: '8bit' }),
      };
    case 2: {
      const entity = textEntity(letter(ctx, 'en'), {
        charset: 'utf-8',
        cte: '7bit',
        params: '; format=flowed; delsp=no',
      });
      return { subject: subjectFor(rng, 'en'), lang: 'en', entity };
    }
    case 3: {
      const subject = `[ops-list] ${subjectFor(rng, 'en')}`;
      const footer =
        '_______________________________________________\r\nops-list mailing list\r\nhttps://lists.example.org/mailman/listinfo/ops-list';
      return {
        subject,
        lang: 'en',
        entity: textEntity(letter(ctx, 'en', [footer]), { charset: 'utf-8', cte: '7bit' }),
        extraHeaders: [
          'List-Id: Operations <ops-list.lists.example.org>',
          'List-Unsubscribe: <mailto:ops-list-leave@lists.example.org>,\r\n <https://lists.example.org/unsubscribe/ops-list>',
          'Precedence: list',
        ],
      };
    }
    default: {
      // An empty Subject field and a long folded recipient list.
      const to = PEOPLE.map((p, i) => formatAddress('', `team${i}.${p.email}`));
      return {
        subject: '',
        lang: 'en',
        subjectHeader: 'Subject: ',
        entity: textEntity(letter(ctx, 'en'), { charset: 'utf-8', cte: '7bit' }),
        extraHeaders: [`Cc: ${to.join(',\r\n ')}`],
      };
    }
  }
}

export function html(ctx: KindContext): KindResult {
  const subject = ctx.variant % 2 === 0 ? `Your weekly digest #${tag(ctx.rng)}` : subjectFor(ctx.rng, 'en');
  return {
    subject,
    lang: 'en',
    entity: textEntity(htmlDocument(ctx, 'en'), {
      subtype: 'html',
      charset: 'utf-8',
      cte: 'quoted-printable',
    }),
  };
}

export function alternative(ctx: KindContext): KindResult {
  const lang: Lang = ctx.variant % 3 === 2 ? 'de' : 'en';
  const entity = multipart(ctx.rng, 'alternative', [
    textEntity(letter(ctx, lang), { charset: 'utf-8', cte: 'quoted-printable' }),
    textEntity(htmlDocument(ctx, lang), { subtype: 'html', charset: 'utf-8', cte: 'quoted-printable' }),
  ]);
  return { subject: subjectFor(ctx.rng, lang), lang, entity };
}

const ATTACHMENT_NAMES: readonly [string, string, 'ascii' | 'rfc2231' | 'rfc2047'][] = [
  ['application/pdf', 'report-Q3.pdf', 'ascii'],
  ['application/pdf', 'Übersicht März 2024.pdf', 'rfc2231'],
  ['application/pdf', '2024年度_見積書_株式会社サンプル_最終版_確認用のコピー.pdf', 'rfc2231'],
  [
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'Präsentation – final.pptx',
    'rfc2047',
  ],
  ['image/jpeg', 'IMG_2041.JPG', 'ascii'],
];

export function attachment(ctx: KindContext): KindResult {
  const { rng } = ctx;
  const parts: Entity[] = [
    textEntity(letter({ ...ctx, bodyChars: ctx.bodyChars / 2 }, 'en'), { charset: 'utf-8', cte: '7bit' }),
  ];
  const n = rng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const spec = ATTACHMENT_NAMES[(ctx.variant + i) % ATTACHMENT_NAMES.length] ?? ATTACHMENT_NAMES[0];
    if (!spec) continue;
    const [mime, name, style] = spec;
    const mimeName =
      mime === 'application/vnd.openxmlformats-officedocument.presentationml.presentation'
        ? 'application/zip'
        : mime;
    parts.push(attachmentEntity(fakeFile(rng, mimeName, rng.int(1_000, 12_000)), mime, name, style));
  }
  if (ctx.variant % 4 === 3) {
    const csv = 'date;amount;description\r\n2024-03-01;12,50;Taxi\r\n2024-03-02;89,00;Hotel Übernachtung\r\n';
    parts.push(attachmentEntity(Buffer.from(csv, 'utf8'), 'text/csv; charset=utf-8', 'expenses.csv'));
  }
  return { subject: subjectFor(rng, 'en'), lang: 'en', entity: multipart(rng, 'mixed', parts) };
}

export function bigAttachment(ctx: KindContext): KindResult {
  const data = fakeFile(ctx.rng, 'application/zip', Math.floor(ctx.bigBytes * 0.74));
  const entity = multipart(ctx.rng, 'mixed', [
    textEntity(letter({ ...ctx, bodyChars: 800 }, 'en'), { charset: 'utf-8', cte: '7bit' }),
    attachmentEntity(data, 'application/zip', `backup-${ctx.date.getUTCFullYear()}.zip`),
  ]);
  return {
    subject: `Full backup ${ctx.date.toISOString().slice(0, 10)} (${tag(ctx.rng)})`,
    lang: 'en',
    entity,
  };
}

export function related(ctx: KindContext): KindResult {
  const cid = `logo.${ctx.rng.hex(8)}@example.com`;
  const image = attachmentEntity(
    fakeFile(ctx.rng, 'image/png', ctx.rng.int(800, 4000)),
    'image/png',
    'logo.png',
    'ascii',
    'inline',
  );
  image.headers.push(`Content-ID: <${cid}>`);
  const htmlPart = textEntity(htmlDocument(ctx, 'en', { cid }), {
    subtype: 'html',
    charset: 'utf-8',
    cte: 'quoted-printable',
  });
  const entity = multipart(ctx.rng, 'alternative', [
    textEntity(letter(ctx, 'en'), { charset: 'utf-8', cte: 'quoted-printable' }),
    multipart(ctx.rng, 'related', [htmlPart, image], { typeParams: ' type="text/html";' }),
  ]);
  return { subject: subjectFor(ctx.rng, 'en'), lang: 'en', entity };
}

export function forwarded(ctx: KindContext): KindResult {
  const { rng } = ctx;
  const innerSubject = subjectFor(rng, 'en');
  const inner = [
    `From: ${formatAddress('Carol Jones', 'carol.jones@example.net')}`,
    `To: ${formatAddress(ctx.from.name, ctx.from.email)}`,
    `Subject: ${innerSubject}`,
    `Date: ${rfc5322Date(new Date(ctx.date.getTime() - 86_400_000 * rng.int(1, 30)), -480)}`,
    `Message-ID: <fwd.${rng.hex(16)}@example.net>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    wrap(
      'This is the original message that was forwarded as an attachment. It has its own headers and its own Message-ID.',
      72,
    ),
    '',
  ].join('\r\n');
  const entity = multipart(rng, 'mixed', [
    textEntity(letter({ ...ctx, bodyChars: ctx.bodyChars / 2 }, 'en'), { charset: 'utf-8', cte: '7bit' }),
    {
      headers: ['Content-Type: message/rfc822', 'Content-Disposition: attachment; filename="forwarded.eml"'],
      body: [inner],
    },
  ]);
  return { subject: `Fwd: ${innerSubject}`, lang: 'en', entity };
}

export function brokenMime(ctx: KindContext): KindResult {
  const { rng } = ctx;
  const text = letter(ctx, 'en');
  const used = `----=_Part_${rng.hex(20)}`;
  const body = [`--${used}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${text}--${used}--\r\n`];
  // Variant 0 declares a boundary that never occurs; variant 1 declares none at all.
  const contentType =
    ctx.variant % 2 === 0
      ? `Content-Type: multipart/mixed; boundary="declared_${rng.hex(20)}"`
      : 'Content-Type: multipart/mixed';
  return {
    subject: subjectFor(rng, 'en'),
    lang: 'en',
    entity: { headers: [contentType], body },
    parseShouldFail: true,
  };
}

export function oddMime(ctx: KindContext): KindResult {
  const { rng } = ctx;
  const subject = subjectFor(rng, 'en');
  const text = letter(ctx, 'en');
  switch (ctx.variant % 5) {
    case 0: {
      // Base64 with junk characters and a missing padding character: decoders skip or tolerate them.
      const b64 = Buffer.from(text, 'utf8').toString('base64');
      const junk = b64.replace(/(.{76})/g, '$1\r\n').replace(/=+$/, '');
      const entity = {
        headers: ['Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: base64'],
        body: [`${junk.slice(0, 40)}!!*${junk.slice(40)}\r\n`],
      };
      return { subject, lang: 'en', entity };
    }
    case 1:
      return {
        subject,
        lang: 'en',
        entity: multipart(rng, 'mixed', [textEntity(text, { charset: 'utf-8', cte: '7bit' })], {
          closeDelimiter: false,
        }),
      };
    case 2: {
      const entity = {
        headers: ['Content-Type: text/plain; charset="x-unknown-8bit"', 'Content-Transfer-Encoding: 8-bit'],
        body: [text],
      };
      return { subject, lang: 'en', entity };
    }
    case 3: {
      const headers = [
        'content-type: TEXT/PLAIN ; CharSet = "UTF-8" (a comment)',
        'content-transfer-encoding: QUOTED-PRINTABLE',
      ];
      const entity = { headers, body: [bodyBytes(text, 'utf-8', 'quoted-printable')] };
      return { subject, lang: 'en', entity };
    }
    default: {
      const inner = multipart(rng, 'alternative', [
        textEntity(text, { charset: 'utf-8', cte: '7bit' }),
        textEntity('<p>see text part</p>', { subtype: 'html', charset: 'utf-8', cte: '7bit' }),
      ]);
      const entity = multipart(rng, 'mixed', [multipart(rng, 'mixed', [inner])], {
        preamble: 'This is a multi-part message in MIME format.',
        epilogue: 'This epilogue should be ignored by every reader.',
      });
      return { subject, lang: 'en', entity };
    }
  }
}

export const fromLines: Builder = (ctx) => ({
  subject: subjectFor(ctx.rng, 'en'),
  lang: 'en',
  entity: textEntity(fromLinesText(ctx), { charset: 'utf-8', cte: '7bit' }),
});
