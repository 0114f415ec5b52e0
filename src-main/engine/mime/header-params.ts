import { decodeText } from './charsets.ts';
import { hexValue } from './transfer-decoding.ts';

/** A structured field such as Content-Type: its value in lower case and its parameters by lower-case name. */
export interface StructuredField {
  value: string;
  params: Map<string, string>;
}

/**
 * Reads `type/subtype; name=value; name="quoted value"` (RFC 2045 5.1), with comments (RFC 5322 3.2.2) and
 * parameter continuations and charsets (RFC 2231). A repeated parameter keeps its first value, as a repeated
 * header does: otherwise a second `boundary=` could make a message read differently here than elsewhere.
 */
export function parseStructuredField(input: string): StructuredField {
  const text = input.includes('(') ? stripComments(input) : input;
  const [first = '', ...rest] = splitOutsideQuotes(text);
  const plain = new Map<string, string>();
  const sections: Section[] = [];
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    const name = (eq === -1 ? piece : piece.slice(0, eq)).trim().toLowerCase();
    if (name === '') continue;
    const value = eq === -1 ? '' : unquote(piece.slice(eq + 1).trim());
    const section = /^(.+?)\*(?:(\d+)(\*)?)?$/.exec(name);
    if (section) {
      const [, base = name, index, star] = section;
      // `name*` is one encoded section; `name*0` is literal and `name*0*` encoded (RFC 2231 3, 4).
      sections.push({ base, index: Number(index ?? 0), encoded: index === undefined || star === '*', value });
    } else if (!plain.has(name)) {
      plain.set(name, value);
    }
  }
  for (const [name, value] of joinSections(sections)) plain.set(name, value);
  return { value: first.trim().toLowerCase(), params: plain };
}

interface Section {
  base: string;
  index: number;
  encoded: boolean;
  value: string;
}

/** Sections of one parameter beyond this many are dropped: real file names need a handful. */
const MAX_SECTIONS = 1000;

/** Joins each parameter's sections in order, percent-decoding the encoded ones in their declared charset. */
function joinSections(sections: Section[]): Map<string, string> {
  const byName = new Map<string, Map<number, Section>>();
  for (const section of sections) {
    const byIndex = byName.get(section.base) ?? new Map<number, Section>();
    if (!byIndex.has(section.index) && byIndex.size < MAX_SECTIONS) byIndex.set(section.index, section);
    byName.set(section.base, byIndex);
  }
  const joined = new Map<string, string>();
  for (const [name, byIndex] of byName) {
    const list = [...byIndex.values()].sort((a, b) => a.index - b.index);
    let charset: string | undefined;
    let result = '';
    // Adjacent encoded sections are decoded together: one character's bytes may span two of them.
    let pending = '';
    for (const section of list) {
      let value = section.value;
      if (section.index === 0 && section.encoded) {
        const declared = /^([^']*)'[^']*'/.exec(value);
        if (declared) {
          charset = declared[1] || undefined;
          value = value.slice(declared[0].length);
        }
      }
      if (section.encoded) {
        pending += value;
        continue;
      }
      result += percentDecode(pending, charset) + value;
      pending = '';
    }
    joined.set(name, result + percentDecode(pending, charset));
  }
  return joined;
}

function percentDecode(text: string, charset: string | undefined): string {
  if (text === '') return '';
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const high = code === 0x25 ? hexValue(text.charCodeAt(i + 1)) : -1;
    const low = high === -1 ? -1 : hexValue(text.charCodeAt(i + 2));
    if (low !== -1) {
      bytes.push((high << 4) | low);
      i += 2;
    } else if (code < 0x80) {
      bytes.push(code);
    } else {
      // Raw non-ASCII where only %XX belongs: keep the character as its UTF-8.
      bytes.push(...Buffer.from(text[i] ?? '', 'utf8'));
    }
  }
  return decodeText(Uint8Array.from(bytes), charset ?? 'utf-8');
}

/** The pieces between semicolons that are not inside a quoted string. */
function splitOutsideQuotes(text: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '\\') i++;
    else if (c === '"') quoted = !quoted;
    else if (c === ';' && !quoted) {
      pieces.push(text.slice(start, i));
      start = i + 1;
    }
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * A parameter value: a quoted string without its quotes and escapes, or a token as written. Anything after
 * a closing quote is junk and dropped (RFC 2045: a value is a token or a quoted string, not both).
 */
function unquote(value: string): string {
  if (!value.startsWith('"')) return value;
  let result = '';
  for (let i = 1; i < value.length; i++) {
    const c = value[i];
    if (c === '"') return result;
    if (c === '\\' && i + 1 < value.length) i++;
    result += value[i] ?? '';
  }
  return result;
}

/**
 * Removes (comments) outside quoted strings. Inside a parameter value a parenthesis only opens a comment
 * after a blank: `filename=Invoice(1).pdf` is a name, not a name and a comment. An unbalanced parenthesis
 * is not a comment, and the field is kept as written.
 */
function stripComments(text: string): string {
  let result = '';
  let depth = 0;
  let quoted = false;
  let inValue = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (depth > 0) {
      if (c === '\\') i++;
      else if (c === '(') depth++;
      else if (c === ')') depth--;
      continue;
    }
    if (quoted) {
      result += c;
      if (c === '\\' && i + 1 < text.length) result += text[++i] ?? '';
      else if (c === '"') quoted = false;
      continue;
    }
    const last = result.at(-1);
    if (c === '(' && (!inValue || last === ' ' || last === '\t' || last === '=')) {
      depth = 1;
      continue;
    }
    if (c === '"') quoted = true;
    else if (c === '=') inValue = true;
    else if (c === ';') inValue = false;
    result += c;
  }
  return depth === 0 ? result : text;
}
