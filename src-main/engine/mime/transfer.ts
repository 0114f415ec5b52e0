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

/**
 * Frees the memory behind `bytes` now rather than at this thread's next garbage collection (ES2024
 * ArrayBuffer.prototype.transfer detaches it): a thread that handles a 25 MB message and then little
 * else may not collect for a long while, and each of an import's threads held its own dead copies.
 * Bytes are freed only when they span their whole buffer (never a slab of Node's pool that other
 * Buffers share); an ArrayBuffer is freed as it is. Every view on it reads as empty afterwards.
 */
export function release(bytes: Uint8Array | ArrayBuffer): void {
  const buffer = bytes instanceof ArrayBuffer ? bytes : ownedBuffer(bytes);
  if (buffer === null || buffer.byteLength === 0) return;
  (buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer }).transfer?.(0);
}
