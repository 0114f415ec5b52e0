/**
 * The bytes in a Uint8Array that owns its whole ArrayBuffer, so it can be transferred between threads.
 * Structured clone of a view copies its entire backing ArrayBuffer (an 8 KB pool slab for a small Buffer,
 * zlib's 16 KB output chunk); one exact copy and a transfer move only the bytes themselves.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const buffer = bytes.buffer;
  if (buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength) {
    return new Uint8Array(buffer);
  }
  return new Uint8Array(bytes);
}
