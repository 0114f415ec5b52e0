/**
 * Finds every URL a piece of CSS would load and lets the caller replace it, reading the text the way
 * CSS Syntax Level 3 tokenizes it: escapes decoded in names and URLs (`\75 rl(h\74tp://…)` is a URL),
 * comments skipped, `url(…)` bare or quoted, `src("…")`, the strings of `image-set()` and
 * `-webkit-image-set()`, and the string or URL after `@import`. Text it does not replace is kept as it
 * was, byte for byte. Hand-written because a full CSS parser only to find URLs would be a large
 * dependency, and the browser's own parser (CSSOM) cannot be asked without applying the styles.
 */

export type CssUrlContext = 'url' | 'image-set' | 'import';

export interface CssUrlRef {
  /** the URL with CSS escapes decoded */
  url: string;
  /** `import` for @import, `image-set` for a string in image-set(), `url` for url() and src() */
  context: CssUrlContext;
}

/** What a URL that must not load is replaced with: empty bytes, no network, fine in every context. */
export const NEUTRAL_URL = 'data:,';

/** `decide` returns the URL to write instead, or null to put NEUTRAL_URL in its place. */
export function rewriteCssUrls(css: string, decide: (ref: CssUrlRef) => string | null): string {
  const scanner = new Scanner(css, decide);
  scanner.run();
  return scanner.result();
}

/** Functions whose string arguments are URLs. */
const URL_FUNCTIONS = new Set(['url', 'src']);
const IMAGE_SET_FUNCTIONS = new Set(['image-set', '-webkit-image-set', 'image']);

const isWhitespace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\f';
/** letters, digits, `-`, `_` and everything beyond ASCII */
const isNameChar = (c: string | undefined): boolean =>
  c !== undefined && (/^[A-Za-z0-9_-]$/.test(c) || c.charCodeAt(0) >= 0x80);
/** Characters that make a bare url( … ) a bad-url token (quotes, "(", non-printables): it loads nothing. */
const isUrlBreaker = (c: string): boolean => {
  const code = c.charCodeAt(0);
  const nonPrintable = code <= 0x08 || code === 0x0b || (code >= 0x0e && code <= 0x1f) || code === 0x7f;
  return c === '"' || c === "'" || c === '(' || nonPrintable;
};

class Scanner {
  private i = 0;
  private copied = 0;
  private readonly out: string[] = [];
  /** open functions and brackets, innermost last ('' for plain brackets) */
  private readonly stack: string[] = [];
  /** the stack depth of the @import whose prelude is being read, or -1 */
  private importDepth = -1;

  private readonly css: string;
  private readonly decide: (ref: CssUrlRef) => string | null;

  constructor(css: string, decide: (ref: CssUrlRef) => string | null) {
    this.css = css;
    this.decide = decide;
  }

  result(): string {
    return this.out.join('') + this.css.slice(this.copied);
  }

  run(): void {
    const css = this.css;
    while (this.i < css.length) {
      const c = css[this.i];
      if (c === '/' && css[this.i + 1] === '*') {
        const end = css.indexOf('*/', this.i + 2);
        this.i = end === -1 ? css.length : end + 2;
      } else if (c === '"' || c === "'") {
        this.string();
      } else if (c === '@' && this.startsName(this.i + 1)) {
        this.i += 1;
        if (this.name().toLowerCase() === 'import') this.importDepth = this.stack.length;
      } else if (this.startsName(this.i)) {
        this.word();
      } else {
        this.punctuation(c);
      }
    }
  }

  private punctuation(c: string | undefined): void {
    if (c === '(' || c === '[' || c === '{') {
      if (c === '{') this.importDepth = -1;
      this.stack.push('');
    } else if (c === ')' || c === ']' || c === '}') {
      this.stack.pop();
    } else if (c === ';' && this.stack.length <= this.importDepth) {
      this.importDepth = -1;
    }
    this.i += 1;
  }

  /** A valid escape or a name character starts a name (digits included: nothing here needs numbers). */
  private startsName(at: number): boolean {
    const c = this.css[at];
    return isNameChar(c) || (c === '\\' && !isNewline(this.css[at + 1]) && at + 1 < this.css.length);
  }

  private word(): void {
    const start = this.i;
    const name = this.name().toLowerCase();
    if (this.css[this.i] !== '(') return;
    this.i += 1;
    if (name === 'url') {
      let j = this.i;
      while (isWhitespace(this.css[j])) j += 1;
      const next = this.css[j];
      if (next !== '"' && next !== "'") {
        this.bareUrl(start);
        return;
      }
    }
    this.stack.push(name);
  }

  /** Reads a name at i, escapes decoded. */
  private name(): string {
    let text = '';
    for (;;) {
      const c = this.css[this.i];
      if (isNameChar(c)) {
        text += c ?? '';
        this.i += 1;
      } else if (c === '\\' && this.i + 1 < this.css.length && !isNewline(this.css[this.i + 1])) {
        text += this.escape();
      } else {
        return text;
      }
    }
  }

  /** Decodes the escape whose backslash is at i, and moves past it. */
  private escape(): string {
    this.i += 1;
    const css = this.css;
    if (this.i >= css.length) return '\uFFFD';
    if (!isHex(css[this.i])) {
      const point = css.codePointAt(this.i) ?? 0xfffd;
      this.i += point > 0xffff ? 2 : 1;
      return String.fromCodePoint(point);
    }
    let hex = '';
    while (hex.length < 6 && isHex(css[this.i])) hex += css[this.i++] ?? '';
    if (css[this.i] === '\r' && css[this.i + 1] === '\n') this.i += 2;
    else if (isWhitespace(css[this.i])) this.i += 1;
    const point = parseInt(hex, 16);
    const invalid = point === 0 || point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff);
    return String.fromCodePoint(invalid ? 0xfffd : point);
  }

  /** A quoted string at i; replaced when it is a URL (by where it stands). */
  private string(): void {
    const start = this.i;
    const quote = this.css[this.i];
    this.i += 1;
    let value = '';
    let bad = false;
    while (this.i < this.css.length) {
      const c = this.css[this.i];
      if (c === quote) {
        this.i += 1;
        break;
      }
      if (isNewline(c)) {
        bad = true; // an unescaped newline ends a string as a bad-string, which is no URL
        break;
      }
      if (c === '\\') {
        if (this.i + 1 >= this.css.length) this.i += 1;
        else if (isNewline(this.css[this.i + 1])) this.i += this.css.startsWith('\r\n', this.i + 1) ? 3 : 2;
        else value += this.escape();
        continue;
      }
      value += c ?? '';
      this.i += 1;
    }
    const context = this.stringContext();
    if (context === null) return;
    const replacement = bad ? null : this.decide({ url: value, context });
    this.replace(start, this.i, quoted(replacement ?? NEUTRAL_URL));
  }

  private stringContext(): CssUrlContext | null {
    const top = this.stack.at(-1);
    const inImport = this.importDepth !== -1;
    if (top !== undefined && URL_FUNCTIONS.has(top)) return inImport ? 'import' : 'url';
    if (top !== undefined && IMAGE_SET_FUNCTIONS.has(top)) return 'image-set';
    return inImport && this.stack.length === this.importDepth ? 'import' : null;
  }

  /** A bare url( … ) token; i is just past the "(", `start` at the function name. */
  private bareUrl(start: number): void {
    const css = this.css;
    while (isWhitespace(css[this.i])) this.i += 1;
    let value = '';
    let bad = false;
    while (this.i < css.length) {
      const c = css[this.i] ?? '';
      if (c === ')') {
        this.i += 1;
        break;
      }
      if (isWhitespace(c)) {
        while (isWhitespace(css[this.i])) this.i += 1;
        if (this.i >= css.length || css[this.i] === ')') continue;
        bad = true;
      } else if (isUrlBreaker(c) || (c === '\\' && isNewline(css[this.i + 1]))) {
        bad = true;
      } else if (c === '\\') {
        value += this.escape();
        continue;
      } else {
        value += c;
        this.i += 1;
        continue;
      }
      this.skipBadUrl();
      break;
    }
    const context: CssUrlContext = this.importDepth !== -1 ? 'import' : 'url';
    // A bad-url token loads nothing; it becomes a harmless well-formed one.
    const replacement = bad ? null : this.decide({ url: value, context });
    this.replace(start, this.i, `url(${quoted(replacement ?? NEUTRAL_URL)})`);
  }

  /** The rest of a bad url( … ): up to and past the ")" that ends it, escapes skipped over. */
  private skipBadUrl(): void {
    const css = this.css;
    while (this.i < css.length) {
      const c = css[this.i];
      if (c === ')') {
        this.i += 1;
        return;
      }
      if (c === '\\' && this.i + 1 < css.length && !isNewline(css[this.i + 1])) this.escape();
      else this.i += 1;
    }
  }

  private replace(start: number, end: number, text: string): void {
    this.out.push(this.css.slice(this.copied, start), text);
    this.copied = end;
  }
}

/** A CSS string that reads back as exactly `text`: quotes and backslashes escaped, controls as hex. */
function quoted(text: string): string {
  let out = '"';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (c === '\\' || c === '"') out += `\\${c}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(16)} `;
    else out += c;
  }
  return `${out}"`;
}
