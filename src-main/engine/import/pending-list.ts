import type { GmailFacts } from '../archive/labels-repo.ts';
import type { PendingMessage } from './batching.ts';

/**
 * A folder's messages to download, packed in typed arrays (about 16 bytes a message): as objects, the
 * plans of a 250,000-message mailbox held ~20 MB of the import's heap for the whole run. A message
 * becomes an object only when its batch is cut.
 */
export class PendingList implements Iterable<PendingMessage> {
  static readonly empty = new PendingList(new Uint32Array(0), new Uint32Array(0), new Float64Array(0), null);

  private readonly uids: Uint32Array;
  private readonly sizes: Uint32Array;
  /** INTERNALDATE in ms; NaN where the server sent none that could be right */
  private readonly dates: Float64Array;
  /** on Gmail, each message's facts; null elsewhere */
  private readonly gmail: readonly (GmailFacts | undefined)[] | null;

  private constructor(
    uids: Uint32Array,
    sizes: Uint32Array,
    dates: Float64Array,
    gmail: readonly (GmailFacts | undefined)[] | null,
  ) {
    this.uids = uids;
    this.sizes = sizes;
    this.dates = dates;
    this.gmail = gmail;
  }

  static of(messages: Iterable<PendingMessage>): PendingList {
    const builder = PendingList.builder();
    for (const message of messages) builder.push(message);
    return builder.done();
  }

  /** Packs messages as they arrive (FETCH answers), without holding them as objects meanwhile. */
  static builder(): { push(message: PendingMessage): void; done(): PendingList } {
    const uids: number[] = [];
    const sizes: number[] = [];
    const dates: number[] = [];
    let gmail: (GmailFacts | undefined)[] | null = null;
    return {
      push(message) {
        if (message.gmail) {
          gmail ??= new Array<GmailFacts | undefined>(uids.length);
          gmail[uids.length] = message.gmail;
        }
        uids.push(message.uid);
        sizes.push(message.size);
        dates.push(message.internalDate ?? Number.NaN);
      },
      done() {
        if (gmail) gmail.length = uids.length;
        return new PendingList(
          Uint32Array.from(uids),
          Uint32Array.from(sizes),
          Float64Array.from(dates),
          gmail,
        );
      },
    };
  }

  get length(): number {
    return this.uids.length;
  }

  uidAt(index: number): number {
    return this.uids[index] ?? 0;
  }

  at(index: number): PendingMessage {
    const date = this.dates[index] ?? Number.NaN;
    const gmail = this.gmail?.[index];
    return {
      uid: this.uidAt(index),
      size: this.sizes[index] ?? 0,
      internalDate: Number.isNaN(date) ? null : date,
      ...(gmail ? { gmail } : {}),
    };
  }

  *[Symbol.iterator](): Iterator<PendingMessage> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }

  /** Bytes of the messages together, as the server reported their sizes. */
  bytes(): number {
    let sum = 0;
    for (const size of this.sizes) sum += size;
    return sum;
  }

  /** Newest first by INTERNALDATE, then UID; a message without a usable INTERNALDATE counts as the oldest. */
  newestFirst(): PendingList {
    const date = (i: number): number => {
      const ms = this.dates[i] ?? Number.NaN;
      return Number.isNaN(ms) ? 0 : ms;
    };
    const order = Uint32Array.from({ length: this.length }, (_, i) => i).sort(
      (a, b) => date(b) - date(a) || this.uidAt(b) - this.uidAt(a),
    );
    return this.pick(order);
  }

  slice(start: number, end?: number): PendingList {
    const gmail = this.gmail?.slice(start, end) ?? null;
    return new PendingList(
      this.uids.slice(start, end),
      this.sizes.slice(start, end),
      this.dates.slice(start, end),
      gmail,
    );
  }

  /** The messages at these positions, in this order. */
  pick(positions: ArrayLike<number>): PendingList {
    const count = positions.length;
    const uids = new Uint32Array(count);
    const sizes = new Uint32Array(count);
    const dates = new Float64Array(count);
    const gmail = this.gmail ? new Array<GmailFacts | undefined>(count) : null;
    for (let i = 0; i < count; i++) {
      const from = positions[i] ?? 0;
      uids[i] = this.uids[from] ?? 0;
      sizes[i] = this.sizes[from] ?? 0;
      dates[i] = this.dates[from] ?? Number.NaN;
      if (gmail) gmail[i] = this.gmail?.[from];
    }
    return new PendingList(uids, sizes, dates, gmail);
  }
}

/**
 * What is left of a folder's plan to download, newest first: a message leaves once it is written, failed
 * or vanished, and a message that must be tried again comes back. Looked up by UID through a sorted
 * index, not a Map (a Map of a 100,000-message folder is several MB more).
 */
export class RemainingMessages {
  private readonly list: PendingList;
  private readonly left: Uint8Array;
  /** positions in `list`, sorted by UID */
  private readonly byUid: Uint32Array;
  private count: number;

  constructor(pending: PendingList) {
    this.list = pending.newestFirst();
    this.left = new Uint8Array(this.list.length).fill(1);
    this.count = this.list.length;
    this.byUid = Uint32Array.from({ length: this.list.length }, (_, i) => i).sort(
      (a, b) => this.list.uidAt(a) - this.list.uidAt(b),
    );
  }

  get size(): number {
    return this.count;
  }

  has(uid: number): boolean {
    const at = this.position(uid);
    return at !== null && this.left[at] === 1;
  }

  delete(uid: number): void {
    const at = this.position(uid);
    if (at === null || this.left[at] !== 1) return;
    this.left[at] = 0;
    this.count -= 1;
  }

  /** Puts a message of the plan back (it is to be fetched again). */
  restore(uid: number): void {
    const at = this.position(uid);
    if (at === null || this.left[at] === 1) return;
    this.left[at] = 1;
    this.count += 1;
  }

  clear(): void {
    this.left.fill(0);
    this.count = 0;
  }

  /** The messages left, newest first, packed. */
  snapshot(): PendingList {
    const positions: number[] = [];
    for (let i = 0; i < this.left.length; i++) if (this.left[i] === 1) positions.push(i);
    return this.list.pick(positions);
  }

  private position(uid: number): number | null {
    let low = 0;
    let high = this.byUid.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = this.byUid[mid] ?? 0;
      const found = this.list.uidAt(at);
      if (found === uid) return at;
      if (found < uid) low = mid + 1;
      else high = mid - 1;
    }
    return null;
  }
}
