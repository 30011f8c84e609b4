/**
 * The `ready` promise of a {@linkcode Subscription}: when it settles, and the confirmation round
 * trip it starts only if someone asks for it.
 *
 * @module
 */

const PENDING = 0;
const READY = 1;
const FAILED = 2;

/**
 * Whether a subscription is live yet. It settles once: ready (`markReady`) or failed (`fail`),
 * whichever comes first. The promise is made only when read, and a `confirm` round trip given to
 * `markReady` runs only if and when someone reads it (it costs a message). Not a public API: the
 * {@linkcode Subscription} owns one.
 *
 * @example
 * ```ts
 * import { Readiness } from "./ready.ts";
 * const readiness = new Readiness(() => {});
 * readiness.markReady();
 * await readiness.promise;
 * ```
 */
export class Readiness {
  #promise: Promise<void> | undefined = undefined;
  #resolve: (() => void) | undefined = undefined;
  #reject: ((reason: unknown) => void) | undefined = undefined;
  #state: typeof PENDING | typeof READY | typeof FAILED = PENDING;
  #error: unknown = undefined;
  /** Live, but the confirmation waits until someone asks for the promise. */
  #confirm: (() => Promise<void>) | undefined = undefined;
  readonly #hold: (held: boolean) => void;

  /**
   * @param hold called with `true` when the promise is first read while pending (someone awaits
   *   it: the subscription must stay reachable), and with `false` once it settles after that
   */
  constructor(hold: (held: boolean) => void) {
    this.#hold = hold;
  }

  /**
   * The promise: resolves once ready, rejects with the failure. Never an unhandled rejection.
   * Reading it while a `confirm` waits starts the confirmation.
   */
  get promise(): Promise<void> {
    if (this.#promise !== undefined) return this.#promise;
    if (this.#state === READY) {
      this.#promise = Promise.resolve();
    } else if (this.#state === FAILED) {
      this.#promise = Promise.reject(this.#error);
      this.#promise.catch(() => {});
    } else {
      this.#promise = new Promise<void>((resolve, reject) => {
        this.#resolve = resolve;
        this.#reject = reject;
      });
      // Not awaiting `ready` is fine: its rejection must not become an unhandled one.
      this.#promise.catch(() => {});
      // `await sub.ready` may be the only use of the subscription for a while: it must not be
      // collected (and unsubscribed) before it is live.
      this.#hold(true);
      const confirm = this.#confirm;
      this.#confirm = undefined;
      if (confirm !== undefined) void confirm().then(() => this.markReady());
    }
    return this.#promise;
  }

  /**
   * Settles ready, now or (with `confirm`) once the promise `confirm` returns settles; `confirm`
   * runs only if and when someone reads {@linkcode Readiness.promise}. Does nothing once settled.
   *
   * @param confirm a round trip that proves the server applied the request; must not reject
   */
  markReady(confirm?: () => Promise<void>): void {
    if (this.#state !== PENDING) return;
    if (confirm !== undefined) {
      if (this.#resolve === undefined) this.#confirm = confirm;
      else void confirm().then(() => this.markReady());
      return;
    }
    this.#state = READY;
    const resolve = this.#resolve;
    this.#settled();
    resolve?.();
  }

  /**
   * Settles failed with `error` (a waiting confirmation is dropped). Does nothing once settled,
   * except dropping the confirmation.
   *
   * @param error the rejection reason
   */
  fail(error: unknown): void {
    this.#confirm = undefined;
    if (this.#state !== PENDING) return;
    this.#state = FAILED;
    this.#error = error;
    const reject = this.#reject;
    this.#settled();
    reject?.(error);
  }

  #settled(): void {
    const held = this.#resolve !== undefined;
    this.#resolve = undefined;
    this.#reject = undefined;
    if (held) this.#hold(false);
  }
}
