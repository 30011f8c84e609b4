/**
 * Turns subscription changes into as few requests as possible ("pending state" in the seed):
 * every change made in the same tick leaves as one request, and requests are spaced under
 * Upbit's per-connection message limits.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import type { RateGate } from "./rate_gate.ts";

/**
 * What a {@linkcode Scheduler} drives.
 *
 * @example
 * ```ts
 * import type { SchedulerInit } from "./scheduler.ts";
 * ```
 */
export interface SchedulerInit {
  clock: Clock;
  gate: RateGate;
  /** Whether a message can be sent now (the socket is open). */
  ready: () => boolean;
  /** Whether the desired set differs from the wire. */
  needed: () => boolean;
  /** Builds the whole request and sends it. */
  send: () => void;
}

/**
 * Coalesces and rate-limits requests for one connection.
 *
 * @example
 * ```ts
 * import { Scheduler } from "./scheduler.ts";
 * import { createRateGate } from "./rate_gate.ts";
 * import { systemClock } from "../clock.ts";
 * let changes = 0;
 * const scheduler = new Scheduler({
 *   clock: systemClock(),
 *   gate: createRateGate([{ max: 5, windowMs: 1000 }]),
 *   ready: () => true,
 *   needed: () => changes > 0,
 *   send: () => (changes = 0),
 * });
 * changes++;
 * scheduler.request(); // sends once, in a microtask
 * ```
 */
export class Scheduler {
  #init: SchedulerInit;
  #queued = false;
  #timer: unknown = undefined;
  #requested = 0;
  #sent = 0;
  #closed = false;

  /** @param init the connection's hooks */
  constructor(init: SchedulerInit) {
    this.#init = init;
  }

  /** Subscription changes asked for so far. */
  get requested(): number {
    return this.#requested;
  }

  /** Requests sent so far. */
  get sent(): number {
    return this.#sent;
  }

  /** Whether a flush is queued or waiting for the rate gate. */
  get pending(): boolean {
    return this.#queued || this.#timer !== undefined;
  }

  /** Notes a change; the request leaves at the end of this tick, or when the gate opens. */
  request(): void {
    this.#requested++;
    if (this.#queued || this.#closed) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      this.flush();
    });
  }

  /** Sends now if a request is needed and the gate allows; otherwise waits for the gate. */
  flush(): void {
    const { clock, gate, ready, needed, send } = this.#init;
    if (this.#closed || this.#timer !== undefined || !ready() || !needed()) return;
    const now = clock.now();
    const wait = gate.waitMs(now);
    if (wait > 0) {
      this.#timer = clock.setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, wait);
      return;
    }
    gate.record(now);
    this.#sent++;
    send();
  }

  /**
   * Sends a message outside the subscription set (a keepalive `PING`) if the gate has room.
   *
   * @param send sends the message
   * @returns whether it was sent
   */
  trySend(send: () => void): boolean {
    const now = this.#init.clock.now();
    if (this.#closed || this.#init.gate.waitMs(now) > 0) return false;
    this.#init.gate.record(now);
    send();
    return true;
  }

  /** A new connection: a fresh budget, nothing waiting. */
  reset(): void {
    this.#cancel();
    this.#init.gate.reset();
  }

  /** Stops for good; clears the timer. */
  close(): void {
    this.#closed = true;
    this.#cancel();
  }

  #cancel(): void {
    if (this.#timer !== undefined) this.#init.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
