import fs from 'node:fs';
import zlib from 'node:zlib';
import type { RawCodec, StoredParts, StoredRaw } from './parsed-message.ts';
import { release } from './transfer.ts';

/** The codecs that actually compress; `none` is chosen per message when they would not pay. */
export type PackingCodec = Exclude<RawCodec, 'none'>;

/**
 * Brotli at quality 0 for everything written from schema 4 on: much faster than DEFLATE level 1 for about
 * the same ratio (docs/performance.md). Archives keep their older DEFLATE rows readable.
 */
const PREFERRED: PackingCodec = 'brotli';

const BROTLI_FASTEST = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 0 } };

/**
 * Packs bytes for storage. Content that is already compressed (base64 of a zip or a JPEG still shrinks a
 * little) is kept plain when packing saves under 10%, so reading it back costs nothing.
 */
export function encodeRaw(raw: Uint8Array, codec: PackingCodec = PREFERRED): StoredRaw {
  const packed =
    codec === 'brotli'
      ? zlib.brotliCompressSync(raw, BROTLI_FASTEST)
      : zlib.deflateRawSync(raw, { level: 1 });
  if (packed.byteLength > raw.byteLength * 0.9) return { codec: 'none', data: raw };
  return { codec, data: packed };
}

/**
 * A large message (one fetched in ranges through a spool file) is stored in parts of this size, each
 * packed on its own. SQLite copies a value twice while it inserts it (the bound parameter, then the
 * record), so one row per message would raise peak memory by several times the message's size.
 */
export const PART_BYTES = 1024 * 1024;

/**
 * Packs the file's bytes in parts, reading one part at a time: the message is never in memory whole
 * here, and each part's packed bytes own exactly their memory (a single zlib output chunk, copied to
 * its length and freed at once, instead of zlib's 16 KB pieces joined into a copy and left as garbage).
 */
export function packFileInParts(file: string, codec: PackingCodec = PREFERRED): StoredParts {
  const parts: StoredRaw[] = [];
  const piece = Buffer.allocUnsafeSlow(PART_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    for (let at = 0; ;) {
      let length = 0;
      while (length < PART_BYTES) {
        const read = fs.readSync(fd, piece, length, PART_BYTES - length, at + length);
        if (read === 0) break;
        length += read;
      }
      if (length === 0) break;
      parts.push(packPart(piece.subarray(0, length), codec));
      at += length;
      if (length < PART_BYTES) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  return { codec: 'parts', parts };
}

function packPart(bytes: Buffer, codec: PackingCodec): StoredRaw {
  // One output chunk a little bigger than the input holds any packed part (Brotli and DEFLATE grow
  // incompressible input by a few bytes only).
  const chunkSize = bytes.byteLength + 64 * 1024;
  const packed =
    codec === 'brotli'
      ? zlib.brotliCompressSync(bytes, { ...BROTLI_FASTEST, chunkSize })
      : zlib.deflateRawSync(bytes, { level: 1, chunkSize });
  const keep = packed.byteLength > bytes.byteLength * 0.9;
  const data = new Uint8Array(keep ? bytes : packed);
  // Only zlib's own output chunk, never a buffer other bytes may share (a small one from Node's pool).
  if (packed.buffer instanceof ArrayBuffer && packed.buffer.byteLength === chunkSize) release(packed.buffer);
  return { codec: keep ? 'none' : codec, data };
}

/** The exact original bytes. */
export function decodeRaw(stored: StoredRaw | StoredParts): Buffer {
  if (stored.codec === 'parts') return Buffer.concat(stored.parts.map(decodeRaw));
  const data = Buffer.from(stored.data.buffer, stored.data.byteOffset, stored.data.byteLength);
  switch (stored.codec) {
    case 'brotli':
      return zlib.brotliDecompressSync(data);
    case 'deflate-raw':
      return zlib.inflateRawSync(data);
    case 'none':
      return data;
  }
}
