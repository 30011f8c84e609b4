/**
 * A sliding-window gate that keeps outgoing requests under Upbit's per-connection limits.
 *
 * @module
 */

/**
 * At most `max` messages in any `windowMs`.
 *
 * @example Upbit's documented message limits, with a safety margin
 * ```ts
 * import type { RequestLimit } from "upbit-ws";
 * const limits: RequestLimit[] = [{ max: 5, windowMs: 1100 }, { max: 100, windowMs: 61_000 }];
 * ```
 */
export interface RequestLimit {
  /** Messages allowed per window. */
  max: number;
  /** The window, in ms. */
  windowMs: number;
}

/**
 * A sliding-window rate gate over several limits at once.
 *
 * @example
 * ```ts
 * import { createRateGate } from "./rate_gate.ts";
 * const gate = createRateGate([{ max: 5, windowMs: 1000 }]);
 * const now = Date.now();
 * if (gate.waitMs(now) === 0) gate.record(now);
 * ```
 */
export interface RateGate {
  /** How long until one more message may leave (0: now). */
  waitMs(now: number): number;
  /** Records a message sent at `now`. */
  record(now: number): void;
  /** Forgets every record (a new connection has a new budget). */
  reset(): void;
}

/**
 * Creates a {@linkcode RateGate}. Sliding windows are stricter than the fixed windows a server may
 * count in, so a client that passes the gate never exceeds the limit in any fixed window either.
 *
 * @param limits the limits that must all hold
 * @returns the gate
 *
 * @example
 * ```ts
 * import { createRateGate } from "./rate_gate.ts";
 * const gate = createRateGate([{ max: 1, windowMs: 10_000 }]);
 * gate.record(0);
 * gate.waitMs(4000); // 6000
 * ```
 */
export function createRateGate(limits: readonly RequestLimit[]): RateGate {
  const longest = Math.max(0, ...limits.map((l) => l.windowMs));
  let sent: number[] = [];
  return {
    waitMs(now) {
      let wait = 0;
      for (const { max, windowMs } of limits) {
        if (sent.length < max) continue;
        // The max-th most recent send must leave the window before one more fits.
        const oldest = sent[sent.length - max]!;
        wait = Math.max(wait, oldest + windowMs - now);
      }
      return Math.max(0, wait);
    },
    record(now) {
      sent.push(now);
      if (sent.length > 64 && sent[0]! < now - longest) {
        sent = sent.filter((t) => t > now - longest);
      }
    },
    reset() {
      sent = [];
    },
  };
}
