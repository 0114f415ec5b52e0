import { TextDecoder } from 'node:util';

/**
 * Text decoders for the charsets mail declares. TextDecoder knows every WHATWG label (with Node's full ICU
 * that includes the Japanese, Chinese and Korean encodings); mail also uses a few names outside that list,
 * which are mapped here. Decoders are shared: nothing decodes with `stream: true`, so every call starts fresh.
 */
const decoders = new Map<string, TextDecoder | null>();

const utf8 = new TextDecoder('utf-8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Names mail uses that are not WHATWG labels, to the label that decodes them. */
const ALIASES = new Map([
  ['cp932', 'shift_jis'],
  ['windows-932', 'shift_jis'],
  ['cp936', 'gbk'],
  ['windows-936', 'gbk'],
  ['cp949', 'euc-kr'],
  ['cp950', 'big5'],
  ['windows-950', 'big5'],
  ['latin-1', 'iso-8859-1'],
]);

function tryDecoder(label: string): TextDecoder | null {
  let decoder = decoders.get(label);
  if (decoder === undefined) {
    // Bounded: only labels TextDecoder accepts are worth remembering; a made-up label costs a throw.
    try {
      decoder = new TextDecoder(label);
      decoders.set(label, decoder);
    } catch {
      decoder = null;
    }
  }
  return decoder;
}

/** A decoder for a declared charset, or null when nothing known decodes it. */
export function decoderFor(charset: string | undefined): TextDecoder | null {
  const label = (charset ?? '').trim().replace(/^"|"$/g, '').toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return utf8;
  // No label, or US-ASCII, on bytes above 0x7F is a lie either way: decodeText works out which one.
  if (label === '' || label === 'us-ascii' || label === 'ascii') return null;
  const direct = tryDecoder(label);
  if (direct) return direct;
  const normalized = label.replace(/^x-/, '').replaceAll('_', '-');
  const codePage = /^(?:cp|win|windows)-?(\d{3,4})$/.exec(normalized)?.[1];
  const alias =
    ALIASES.get(normalized) ??
    (codePage === undefined ? undefined : (ALIASES.get(`cp${codePage}`) ?? `windows-${codePage}`));
  return tryDecoder(alias ?? normalized);
}

/**
 * Text from bytes in the declared charset. An unknown or missing label (or US-ASCII on 8-bit bytes) is read
 * as UTF-8 when the bytes are valid UTF-8 (most mail that lies about its charset is), else as Windows-1252,
 * which maps every byte.
 */
export function decodeText(bytes: Uint8Array, charset: string | undefined): string {
  const decoder = decoderFor(charset);
  if (decoder) return decoder.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return tryDecoder('windows-1252')?.decode(bytes) ?? utf8.decode(bytes);
  }
}
