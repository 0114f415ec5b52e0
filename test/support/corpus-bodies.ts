/** Body text for corpus messages: letters, replies with quotes, HTML newsletters. */
import type { Rng } from './prng.ts';
import { paragraphs, plantedLine, wrap, type Lang, type Person } from './corpus-text.ts';

export interface BodyContext {
  rng: Rng;
  planted: string;
  from: Person;
  to: Person;
  /** Target size of the generated text in characters. */
  bodyChars: number;
}

function firstName(p: Person): string {
  const name = p.name.includes(',') ? (p.name.split(',')[1] ?? '').trim() : (p.name.split(' ')[0] ?? '');
  return name.replace(/"/g, '');
}

function greeting(lang: Lang, to: Person): string {
  if (lang === 'de') return `Hallo ${firstName(to) || 'zusammen'},`;
  if (lang === 'ja') return `${to.name.split(' ')[0] ?? ''}様`;
  if (lang === 'ru') return 'Здравствуйте,';
  return `Hi ${firstName(to) || 'there'},`;
}

function signature(lang: Lang, from: Person): string {
  const closing = {
    en: 'Best regards,',
    de: 'Viele Grüße',
    ja: 'よろしくお願いいたします。',
    ru: 'С уважением,',
  }[lang];
  // "-- " with its trailing space is the usenet signature separator; some clients rely on it.
  return `${closing}\r\n${from.name || 'The Team'}\r\n\r\n-- \r\n${from.name || 'The Team'} <${from.email}>`;
}

/** Paragraphs with the planted word's line inserted at a random position. */
function withPlanted(ctx: BodyContext, lang: Lang, chars: number): string[] {
  const paras = paragraphs(ctx.rng, lang, chars);
  paras.splice(ctx.rng.int(0, paras.length), 0, plantedLine(ctx.rng, lang, ctx.planted));
  return paras;
}

/** A complete letter (greeting, text, planted word, signature), CRLF line ends, ending with CRLF. */
export function letter(ctx: BodyContext, lang: Lang, extra: readonly string[] = []): string {
  const paras = withPlanted(ctx, lang, ctx.bodyChars);
  return [greeting(lang, ctx.to), ...paras, ...extra, signature(lang, ctx.from)].join('\r\n\r\n') + '\r\n';
}

/** A reply: a little new text, an attribution line, and the quoted earlier text ("> " prefixed). */
export function replyText(ctx: BodyContext, lang: Lang, parent: { name: string; when: string }): string {
  const fresh = withPlanted(ctx, lang, Math.min(600, ctx.bodyChars / 4));
  const quoted = paragraphs(ctx.rng, lang, ctx.bodyChars * 0.75)
    // Split on CRLF rather than /^/m: in JS regexes ^ also matches between \r and \n.
    .map((p) =>
      p
        .split('\r\n')
        .map((line) => '> ' + line)
        .join('\r\n'),
    )
    .join('\r\n>\r\n');
  const attribution =
    lang === 'de'
      ? `Am ${parent.when} schrieb ${parent.name || 'jemand'}:`
      : `On ${parent.when}, ${parent.name || 'someone'} wrote:`;
  return (
    [greeting(lang, ctx.to), ...fresh, signature(lang, ctx.from), wrap(attribution, 76), quoted].join(
      '\r\n\r\n',
    ) + '\r\n'
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * An HTML document the way newsletters and webmailers write it: long lines, inline CSS, a layout
 * table, links and a tracking pixel. The planted word is in visible text, not in an attribute.
 */
export function htmlDocument(ctx: BodyContext, lang: Lang, opts: { cid?: string } = {}): string {
  const paras = withPlanted(ctx, lang, ctx.bodyChars * 0.7);
  const body = paras
    .map((p, i) => {
      const text = escapeHtml(p.replace(/\r\n/g, ' '));
      return i % 3 === 1
        ? `<p style="margin:0 0 12px 0;font-family:Arial,sans-serif">${text} <a href="https://example.com/r/${ctx.rng.hex(12)}?utm_source=newsletter&amp;utm_medium=email">mehr / more</a></p>`
        : `<p style="margin:0 0 12px 0;font-family:Arial,sans-serif">${text}</p>`;
    })
    .join('\r\n');
  const image = opts.cid
    ? `<img src="cid:${opts.cid}" alt="logo" width="120" height="40">`
    : '<h1 style="font-size:20px">Newsletter</h1>';
  return (
    '<!DOCTYPE html>\r\n<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">' +
    '<style type="text/css">body{background:#f4f4f4} .x{color:#333;line-height:1.5} td{padding:8px}</style></head>\r\n' +
    `<body><table width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td class="x">${image}\r\n` +
    `<p>${escapeHtml(greeting(lang, ctx.to))}</p>\r\n${body}\r\n` +
    `<p>${escapeHtml(ctx.from.name || 'The Team')}</p></td></tr></table>` +
    `<img src="https://track.example.net/open/${ctx.rng.hex(16)}.gif" width="1" height="1" alt="">\r\n</body></html>\r\n`
  );
}

/** Text with lines that begin with "From " — an mbox writer must quote them, a reader must not mangle them. */
export function fromLinesText(ctx: BodyContext): string {
  const extra = [
    'From the desk of the managing director: please read the notes below.',
    'From: this line looks like a header but it is body text.',
    '>From an earlier quote that was already escaped once.',
    'From 2019 to 2024 the numbers went up every year.',
    'From here on, all invoices go to accounts@example.com.',
  ];
  return letter(ctx, 'en', extra);
}
