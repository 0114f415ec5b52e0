/**
 * The ArrayBuffer behind `bytes` when they span all of it (null for a view into a larger buffer, such as
 * a small Buffer's 8 KB pool slab or zlib's 16 KB output chunk).
 */
export function ownedBuffer(bytes: Uint8Array): ArrayBuffer | null {
  const buffer = bytes.buffer;
  const whole =
    buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength;
  return whole ? buffer : null;
}

/**
 * The bytes in a Uint8Array that owns its whole ArrayBuffer, so it can be transferred between threads.
 * Structured clone of a view copies its entire backing ArrayBuffer; one exact copy and a transfer move only
 * the bytes themselves.
 */
export function ownedBytes(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  const buffer = ownedBuffer(bytes);
  return buffer ? new Uint8Array(buffer) : new Uint8Array(bytes);
}
