/**
 * Mail HTML made safe to show: DOMPurify removes scripts, handlers, forms and the like, and unless the
 * user allowed it for this message, remote content (images, tracking pixels, CSS backgrounds) is taken
 * out as well. The result becomes the `srcdoc` of an iframe with `sandbox=""` (no scripts, an opaque
 * origin), whose own CSP is the last line: even a URL the rewriting missed cannot be fetched.
 */
import DOMPurify from 'dompurify';

/** http(s) or scheme-relative: anything that would leave the machine (and tell the sender you read it). */
const REMOTE_URL = /^\s*(?:https?:)?\/\//i;
const REMOTE_CSS_URL = /url\(\s*(['"]?)\s*(?:https?:)?\/\/[^)]*\)/gi;
const URL_ATTRIBUTES = ['src', 'srcset', 'background', 'poster', 'lowsrc', 'dynsrc'] as const;

export interface SafeMail {
  srcdoc: string;
  /** how many remote references were taken out (0 when remote content is allowed) */
  blocked: number;
}

function policy(allowRemote: boolean): string {
  const remote = allowRemote ? ' https: http:' : '';
  return [
    "default-src 'none'",
    `img-src data: cid:${remote}`,
    "style-src 'unsafe-inline'",
    `font-src data:${remote}`,
    "form-action 'none'",
  ].join('; ');
}

const BASE_STYLE = `
  html { color-scheme: light; }
  body { margin: 16px; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
         color: #1d1d1f; background: #fff; overflow-wrap: anywhere; }
  img { max-width: 100%; height: auto; }
  pre { white-space: pre-wrap; }
  blockquote { margin-left: 0.5em; padding-left: 0.75em; border-left: 3px solid #ccc; color: #555; }
`;

export function safeMailDocument(html: string, allowRemote: boolean): SafeMail {
  // A private instance, so these hooks never run for anyone else's sanitize call.
  const purify = DOMPurify(window);
  let blocked = 0;

  purify.addHook('uponSanitizeElement', (node, data) => {
    if (allowRemote || data.tagName !== 'style' || node.textContent === null) return;
    const text = node.textContent;
    const cleaned = text.replace(REMOTE_CSS_URL, () => {
      blocked += 1;
      return 'url()';
    });
    if (cleaned !== text) node.textContent = cleaned;
  });

  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A' && node instanceof Element && node.hasAttribute('href')) {
      // Inert inside the sandbox (no popups, no top navigation); set anyway so a copy stays safe.
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    if (allowRemote || !(node instanceof Element)) return;
    for (const name of URL_ATTRIBUTES) {
      const value = node.getAttribute(name);
      if (value === null) continue;
      const remote = name === 'srcset' ? /(?:https?:)?\/\//i.test(value) : REMOTE_URL.test(value);
      if (!remote) continue;
      node.removeAttribute(name);
      node.setAttribute(`data-blocked-${name}`, '');
      blocked += 1;
    }
    const style = node.getAttribute('style');
    if (style !== null && REMOTE_CSS_URL.test(style)) {
      REMOTE_CSS_URL.lastIndex = 0;
      node.setAttribute('style', style.replace(REMOTE_CSS_URL, 'url()'));
      blocked += 1;
    }
    REMOTE_CSS_URL.lastIndex = 0;
  });

  const body = purify.sanitize(html, {
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
  // The CSP meta comes first so the parser puts it in <head> before anything that could load.
  const head =
    `<!doctype html><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${policy(allowRemote)}">` +
    `<meta name="referrer" content="no-referrer"><style>${BASE_STYLE}</style>`;
  return { srcdoc: head + body, blocked };
}
