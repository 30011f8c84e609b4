/**
 * Exponential backoff with full jitter, as a pure function.
 *
 * @module
 */

/**
 * Settings of {@linkcode backoff}.
 *
 * @example
 * ```ts
 * import type { BackoffOptions } from "upbit-ws";
 * const seed: BackoffOptions = { initialDelayMs: 1000, maxDelayMs: 16_000, factor: 2, jitter: 1 };
 * ```
 */
export interface BackoffOptions {
  /** Delay cap for the first attempt, in ms. */
  initialDelayMs: number;
  /** Largest delay cap, in ms. */
  maxDelayMs: number;
  /** Growth per attempt. */
  factor: number;
  /**
   * Share of the delay that is randomised, from 0 (deterministic: 1, 2, 4, 8, 16 s) to 1 (full
   * jitter: uniform in [0, cap]).
   */
  jitter: number;
}

/**
 * The delay before reconnect attempt `attempt` (1-based): the cap
 * `min(maxDelayMs, initialDelayMs × factor^(attempt−1))`, of which the share `jitter` is drawn
 * uniformly at random. With the seed's settings and no jitter the caps are 1, 2, 4, 8, 16 s; full
 * jitter spreads many clients that lost their sockets together over the whole window.
 *
 * @param attempt the 1-based attempt number
 * @param options the curve
 * @param random a source of numbers in [0, 1), `Math.random` by default
 * @returns the delay in ms
 *
 * @example The seed's curve without jitter
 * ```ts
 * import { backoff } from "upbit-ws";
 * const opts = { initialDelayMs: 1000, maxDelayMs: 16_000, factor: 2, jitter: 0 };
 * [1, 2, 3, 4, 5, 6].map((n) => backoff(n, opts)); // [1000, 2000, 4000, 8000, 16000, 16000]
 * ```
 */
export function backoff(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempt - 1);
  const cap = Math.min(options.maxDelayMs, options.initialDelayMs * options.factor ** exponent);
  const fixed = cap * (1 - options.jitter);
  return Math.round(fixed + random() * (cap - fixed));
}
