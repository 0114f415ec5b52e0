/**
 * postal-mime gathers every decoded MIME part line by line into `new Blob(lines)` and reads it back with
 * `arrayBuffer()`. Node's Blob copies each line into its blob store and reads it back through an async
 * stream: measured here, that was 60% of parse time for ordinary text messages. This stand-in keeps the
 * lines in memory and concatenates once. It is installed only in the parser worker threads, where nothing
 * else uses Blob; everywhere else the real Blob stays.
 */
class ConcatenatingBlob {
  readonly type: string;
  readonly size: number;
  readonly #parts: Uint8Array[];

  constructor(parts: readonly (Uint8Array | ArrayBuffer | string)[] = [], options: { type?: string } = {}) {
    this.#parts = parts.map((part) =>
      typeof part === 'string'
        ? Buffer.from(part, 'utf8')
        : part instanceof ArrayBuffer
          ? new Uint8Array(part)
          : part,
    );
    this.size = this.#parts.reduce((sum, part) => sum + part.byteLength, 0);
    this.type = options.type ?? '';
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    // A fresh ArrayBuffer of exactly this size, as Blob.arrayBuffer() returns, filled in place: joining
    // first and copying after held a multi-megabyte attachment three times at once.
    const joined = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.#parts) {
      joined.set(part, at);
      at += part.byteLength;
    }
    return Promise.resolve(joined.buffer);
  }

  get [Symbol.toStringTag](): string {
    return 'Blob';
  }
}

export function installConcatenatingBlob(): void {
  Object.defineProperty(globalThis, 'Blob', { value: ConcatenatingBlob, configurable: true, writable: true });
}
