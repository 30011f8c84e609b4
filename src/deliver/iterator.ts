/**
 * The reading side of a {@linkcode Subscription} in iterator mode: the `next()` calls waiting for
 * an event, and the iterator object a `for await` loop holds.
 *
 * The common case on a live stream is one loop already waiting when each event arrives, so
 * `PendingReads` keeps the first waiting read in two fields (no array, no wrapper object) and
 * creates its promises with one executor made per subscription, not per read: per event the
 * hand-off allocates only the promise and its `{ value, done }` result.
 *
 * @module
 */

/** The result every finished read resolves to (frozen, shared). */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({
  done: true,
  value: undefined,
});

type Resolve<E> = (result: IteratorResult<E>) => void;
type Reject = (reason: unknown) => void;

/** The settle functions of a read queued behind the first one. */
interface Waiter<E> {
  resolve: Resolve<E>;
  reject: Reject;
}

/**
 * The `next()` calls that wait for an event, oldest first. Not a public API: the
 * {@linkcode Subscription} owns one.
 *
 * @typeParam E the event type
 * @example
 * ```ts
 * import { PendingReads } from "./iterator.ts";
 * const reads = new PendingReads<number>();
 * const read = reads.wait();
 * reads.deliver(7);
 * console.log(await read); // { value: 7, done: false }
 * ```
 */
export class PendingReads<E> {
  #resolve: Resolve<E> | undefined = undefined;
  #reject: Reject | undefined = undefined;
  /** Reads made while another one waits (a caller not awaiting `next()`): rare. */
  #queue: Waiter<E>[] | undefined = undefined;
  #executor = (resolve: Resolve<E>, reject: Reject): void => {
    if (this.#resolve === undefined) {
      this.#resolve = resolve;
      this.#reject = reject;
    } else {
      (this.#queue ??= []).push({ resolve, reject });
    }
  };

  /** Whether at least one read waits. */
  get waiting(): boolean {
    return this.#resolve !== undefined;
  }

  /**
   * Adds a read.
   *
   * @returns a promise that {@linkcode PendingReads.deliver} or {@linkcode PendingReads.finish}
   *   settles
   */
  wait(): Promise<IteratorResult<E>> {
    return new Promise<IteratorResult<E>>(this.#executor);
  }

  /**
   * Resolves the oldest read with `{ value, done: false }`.
   *
   * @param value the event
   * @returns `false` (and does nothing) if no read waits
   */
  deliver(value: E): boolean {
    const resolve = this.#resolve;
    if (resolve === undefined) return false;
    this.#advance();
    resolve({ value, done: false });
    return true;
  }

  /**
   * Settles every waiting read: with `failed`, the oldest rejects with `error` and the others
   * resolve {@linkcode DONE}; otherwise all resolve {@linkcode DONE}.
   *
   * @param failed whether the stream failed
   * @param error the failure (read only if `failed`)
   */
  finish(failed: boolean, error: unknown): void {
    let reject = failed ? this.#reject : undefined;
    while (this.#resolve !== undefined) {
      const resolve = this.#resolve;
      this.#advance();
      if (reject !== undefined) {
        reject(error);
        reject = undefined;
      } else {
        resolve(DONE);
      }
    }
  }

  #advance(): void {
    const next = this.#queue?.shift();
    this.#resolve = next?.resolve;
    this.#reject = next?.reject;
  }
}

/**
 * Builds the iterator of one `for await` loop over a subscription.
 *
 * @param next reads the next event
 * @param close closes the subscription (leaving the loop calls it through `return()`)
 * @returns an iterator that is its own iterable
 * @example
 * ```ts
 * import { iteratorOf } from "./iterator.ts";
 * const it = iteratorOf(() => Promise.resolve({ value: 1, done: false }), () => {});
 * console.log(await it.next()); // { value: 1, done: false }
 * ```
 */
export function iteratorOf<E>(
  next: () => Promise<IteratorResult<E>>,
  close: () => void,
): AsyncIterableIterator<E> {
  const iterator: AsyncIterableIterator<E> = {
    next,
    return: (): Promise<IteratorResult<E>> => {
      close();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]: (): AsyncIterableIterator<E> => iterator,
  };
  return iterator;
}
