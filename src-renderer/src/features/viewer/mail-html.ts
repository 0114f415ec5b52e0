/**
 * Mail HTML made safe to show: DOMPurify removes scripts, handlers, forms and the like; then every URL
 * the document could load (attributes, srcset, inline and <style> CSS, SVG hrefs) is judged by one
 * classifier (src-shared/mail-url.ts). Remote content stays out until the user allows it for this
 * message and is then written back normalised, so the browser fetches exactly what was judged; a
 * `cid:` image becomes a data: URL of the message's own part; anything relative, on this machine or
 * of another scheme never loads. The result is the `srcdoc` of an iframe with `sandbox=""` (no
 * scripts, an opaque origin), whose own CSP and <base> are the last line for anything missed.
 */
import DOMPurify from 'dompurify';
import { classifyMailUrl, contentIdKey } from '../../../../src-shared/mail-url.ts';
import type { InlineImageView } from '../../../../src-shared/ipc/views.ts';
import { markInDocument } from './mark-document.ts';
import { rewriteCssUrls, type CssUrlContext } from './css-urls.ts';
import { parseSrcset, serializeSrcset } from './srcset.ts';

export interface SafeMail {
  srcdoc: string;
  /** how many remote references were taken out (0 when remote content is allowed) */
  blocked: number;
}

export interface MailDocumentOptions {
  allowRemote: boolean;
  /** data: URLs of the message's own image parts, by contentIdKey() of their Content-ID */
  inline?: ReadonlyMap<string, string>;
  /** the search's words, marked where they occur in the text */
  highlight?: readonly string[];
}

/**
 * Where a URL stands decides what may load there: `image` (an image: data:image/* or, once allowed,
 * remote), `css` (a CSS url(): fonts too, so any data:), `never` (@import, audio and video: the frame
 * loads none of them) and `link` (a link to follow, which is never fetched by showing the mail).
 */
type UrlContext = 'image' | 'css' | 'never' | 'link';

/** Attributes whose value is one URL the element loads. */
const RESOURCE_ATTRIBUTES = new Set(['src', 'background', 'poster', 'lowsrc', 'dynsrc', 'data', 'codebase']);
const MEDIA_ELEMENTS = new Set(['video', 'audio', 'source', 'track']);
/** SVG elements whose href may name another element of the mail (`#id`), which loads nothing. */
const LOCAL_REFERENCE_ELEMENTS = new Set([
  'lineargradient',
  'radialgradient',
  'pattern',
  'textpath',
  'mpath',
  'tref',
  'altglyph',
  'glyphref',
  'filter',
]);
/** Elements DOMPurify drops whole, and the attribute with what they would have loaded. */
const DROPPED_LOADERS = new Map([
  ['link', 'href'],
  ['iframe', 'src'],
  ['frame', 'src'],
  ['embed', 'src'],
  ['object', 'data'],
  ['input', 'src'],
]);
const SVG_NAMESPACE = 'http://www.w3.org/2000/svg';
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/;

function policy(allowRemote: boolean): string {
  const remote = allowRemote ? ' https: http:' : '';
  return [
    "default-src 'none'",
    `img-src data:${remote}`,
    "style-src 'unsafe-inline'",
    `font-src data:${remote}`,
    "form-action 'none'",
  ].join('; ');
}

/** background-color, not the shorthand, which would hide a <body background> image the mail has. */
const BASE_STYLE = `
  html { color-scheme: light; }
  body { margin: 16px; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
         color: #1d1d1f; background-color: #fff; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  pre { white-space: pre-wrap; }
  mark { background: #ffe58a; color: inherit; }
  blockquote { margin-left: 0.5em; padding-left: 0.75em; border-left: 3px solid #ccc; color: #555; }
`;

/**
 * What goes before the mail: its CSP first, so the parser puts it in <head> before anything that could
 * load, then a base URL nothing can be resolved against, so a relative URL the rewriting missed fails
 * to resolve instead of reaching the app (the window's CSP allows `base-uri about:` for this).
 */
export function mailDocumentHead(allowRemote: boolean): string {
  return (
    `<!doctype html><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${policy(allowRemote)}">` +
    `<base href="about:blank">` +
    `<meta name="referrer" content="no-referrer"><style>${BASE_STYLE}</style>`
  );
}

/** The message's inline image parts as data: URLs by Content-ID, for safeMailDocument's `inline`. */
export function inlineImageUrls(images: readonly InlineImageView[]): Map<string, string> {
  const urls = new Map<string, string>();
  for (const image of images) {
    const type = image.contentType.toLowerCase();
    if (!IMAGE_TYPE.test(type) || !/^[A-Za-z0-9+/]*={0,2}$/.test(image.base64)) continue;
    urls.set(contentIdKey(image.contentId), `data:${type};base64,${image.base64}`);
  }
  return urls;
}

export function safeMailDocument(html: string, options: MailDocumentOptions): SafeMail {
  const { allowRemote } = options;
  const inline = options.inline ?? new Map<string, string>();
  let blocked = 0;

  /** The URL to write for `raw` where it stands, or null when nothing may load there. */
  const resolve = (raw: string, context: UrlContext): string | null => {
    const url = classifyMailUrl(raw);
    switch (url.kind) {
      case 'remote':
        if (context === 'link') return url.href;
        if (!allowRemote) {
          blocked += 1;
          return null;
        }
        return context === 'never' ? null : url.href;
      case 'cid':
        return context === 'image' || context === 'css' ? (inline.get(url.contentId) ?? null) : null;
      case 'data':
        if (context === 'css') return url.href;
        return context === 'image' && IMAGE_TYPE.test(url.mediaType) ? url.href : null;
      case 'fragment':
        return context === 'css' ? raw : null;
      case 'other':
        return context === 'link' && (url.scheme === 'mailto' || url.scheme === 'tel') ? raw.trim() : null;
      case 'loopback':
      case 'relative':
        return null;
    }
  };

  const css = (text: string): string =>
    rewriteCssUrls(text, ({ url, context }) => resolve(url, CSS_CONTEXT[context]));

  // A private instance, so these hooks never run for anyone else's sanitize call.
  const purify = DOMPurify(window);

  purify.addHook('uponSanitizeElement', (node, data) => {
    const dropped = DROPPED_LOADERS.get(data.tagName);
    if (dropped !== undefined && node instanceof Element) {
      // Gone whatever it names; a remote one still counts as remote content taken out.
      const value = node.getAttribute(dropped);
      if (value !== null) resolve(value, 'never');
    }
    if (data.tagName !== 'style' || node.textContent === null) return;
    const text = node.textContent;
    const cleaned = css(text);
    if (cleaned !== text) node.textContent = cleaned;
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (!(node instanceof Element)) return;
    const tag = node.localName.toLowerCase();
    const isLink = tag === 'a' || tag === 'area';
    const isSvg = node.namespaceURI === SVG_NAMESPACE;
    for (const { name: attribute, value } of Array.from(node.attributes)) {
      const name = attribute.toLowerCase();
      let next: string | null = value;
      if (name === 'srcset') {
        next = srcset(value, (url) => resolve(url, 'image'));
      } else if (name === 'href' || name === 'xlink:href') {
        if (LOCAL_REFERENCE_ELEMENTS.has(tag) && classifyMailUrl(value).kind === 'fragment') continue;
        next = resolve(value, isLink ? 'link' : 'image');
      } else if (RESOURCE_ATTRIBUTES.has(name)) {
        // A poster is an image; audio and video themselves are never loaded into the frame.
        const media = name === 'src' && MEDIA_ELEMENTS.has(tag);
        const context = media || name === 'data' || name === 'codebase' ? 'never' : 'image';
        next = resolve(value, context);
      } else if (name === 'style' || (isSvg && value.includes('('))) {
        // SVG presentation attributes (fill, filter, clip-path, cursor…) are CSS values too.
        next = css(value);
      }
      if (next === null) node.removeAttribute(attribute);
      else if (next !== value) node.setAttribute(attribute, next);
    }
    if (isLink && node.hasAttribute('href')) {
      // Inert inside the sandbox (no popups, no top navigation); set anyway so a copy stays safe.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });

  // Marked before sanitizing, so the sanitizer has the last word on what reaches the frame.
  const source = options.highlight === undefined ? html : markInDocument(html, options.highlight);
  const body = purify.sanitize(source, {
    WHOLE_DOCUMENT: true,
    FORBID_TAGS: [
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'meta',
      'link',
      'base',
      'iframe',
      'frame',
      'object',
      'embed',
    ],
    FORBID_ATTR: ['action', 'formaction', 'ping'],
  });
  return { srcdoc: mailDocumentHead(allowRemote) + body, blocked };
}

const CSS_CONTEXT: Record<CssUrlContext, UrlContext> = { url: 'css', 'image-set': 'image', import: 'never' };

/** srcset with each candidate judged alone; null when none is left. */
function srcset(value: string, resolve: (url: string) => string | null): string | null {
  const kept = parseSrcset(value).flatMap((candidate) => {
    const url = resolve(candidate.url);
    // A URL ending in a comma would lose it when the attribute is read again.
    return url === null || url.endsWith(',') ? [] : [{ ...candidate, url }];
  });
  return kept.length === 0 ? null : serializeSrcset(kept);
}
