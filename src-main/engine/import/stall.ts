/** Raised when a server sends nothing for too long in the middle of a command. */
export class StallError extends Error {
  readonly code = 'STALLED';
  constructor(ms: number) {
    super(`no data from the server for ${Math.round(ms / 1000)} s`);
    this.name = 'StallError';
  }
}

/**
 * Passes items through, but if the next one takes longer than `ms` it calls `onStall` (which cuts the
 * connection) and throws StallError, so a silent server never hangs the run.
 */
export async function* guardStalls<T>(
  source: AsyncIterable<T>,
  ms: number,
  onStall: () => void,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<'stalled'>((resolve) => {
      timer = setTimeout(() => {
        resolve('stalled');
      }, ms);
    });
    let next: IteratorResult<T> | 'stalled';
    try {
      next = await Promise.race([iterator.next(), stalled]);
    } finally {
      clearTimeout(timer);
    }
    if (next === 'stalled') {
      onStall();
      // The cut connection makes the pending next() reject; nobody waits for it any more.
      void Promise.resolve(iterator.return?.()).catch(() => undefined);
      throw new StallError(ms);
    }
    if (next.done === true) return;
    yield next.value;
  }
}

const STALLED: unique symbol = Symbol('stalled');

/**
 * Waits for `work`, but if it has not settled after `ms` calls `onStall` (which cuts the connection) and
 * throws StallError: a range of a large message comes as one answer, so its deadline is the whole range.
 */
export async function withinStallTimeout<T>(work: Promise<T>, ms: number, onStall: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const stalled = new Promise<typeof STALLED>((resolve) => {
    timer = setTimeout(() => {
      resolve(STALLED);
    }, ms);
  });
  try {
    const result = await Promise.race([work, stalled]);
    if (result !== STALLED) return result;
  } finally {
    clearTimeout(timer);
  }
  onStall();
  // The cut connection makes `work` reject; nobody waits for it any more.
  work.catch(() => undefined);
  throw new StallError(ms);
}
