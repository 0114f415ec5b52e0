import zlib from 'node:zlib';
import type { StoredRaw } from './parsed-message.ts';

/**
 * Raw DEFLATE at level 1: mail text shrinks by half at a few hundred MB/s. Already-compressed content
 * (base64 of a zip or a JPEG still shrinks a little) is kept plain when it saves under 10%.
 */
export function encodeRaw(raw: Uint8Array): StoredRaw {
  const packed = zlib.deflateRawSync(raw, { level: 1 });
  if (packed.byteLength > raw.byteLength * 0.9) return { codec: 'none', data: raw };
  return { codec: 'deflate-raw', data: packed };
}

/** The exact original bytes. */
export function decodeRaw(stored: StoredRaw): Buffer {
  const data = Buffer.from(stored.data.buffer, stored.data.byteOffset, stored.data.byteLength);
  return stored.codec === 'deflate-raw' ? zlib.inflateRawSync(data) : data;
}
