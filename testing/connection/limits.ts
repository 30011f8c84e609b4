/**
 * What a connection refuses before acting on a message: more messages than the per-second or
 * per-minute limit, and, on a stricter host (the `refusals` option), an unsupported orderbook
 * `level` or too many combinations.
 *
 * @module
 */
import type { MarketSimulator } from "../market/simulator.ts";
import type { ErrorName } from "../protocol/server_errors.ts";
import { splitDepth, type TypeRequest } from "./request.ts";
import type { ResolvedConfig } from "../options.ts";

/** The message times of one connection over the last minute. @internal */
export class MessageRate {
  readonly #times: number[] = [];

  /**
   * Counts a message at `now` and says whether it is within both limits.
   *
   * @param now the time, ms
   * @param config `messagesPerSecond` and `messagesPerMinute`
   * @returns false when the message exceeds a limit
   */
  allow(
    now: number,
    config: Pick<ResolvedConfig, "messagesPerSecond" | "messagesPerMinute">,
  ): boolean {
    const { messagesPerSecond, messagesPerMinute } = config;
    const times = this.#times;
    times.push(now);
    while (times.length > 0 && (times[0] ?? now) <= now - 60_000) times.shift();
    let inSecond = 0;
    for (let i = times.length - 1; i >= 0 && (times[i] ?? 0) > now - 1000; i--) inSecond++;
    return inSecond <= messagesPerSecond && times.length <= messagesPerMinute;
  }
}

/**
 * What a stricter host refuses in a well-formed request (the `refusals` option): a `level`
 * the market does not support, e.g. off KRW (a regional host, §10.2), and too many
 * combinations (`TOO_MANY_REQUEST`, §10.2). Unknown codes stay silently ignored. @internal
 *
 * @param types the request's type objects
 * @param market the markets and their levels
 * @param config `unsupportedLevel` and `maxCombinations`
 * @returns the error name to fail with, or `undefined`
 */
export function refusalOf(
  types: TypeRequest[],
  market: MarketSimulator,
  config: Pick<ResolvedConfig, "unsupportedLevel" | "maxCombinations">,
): ErrorName | undefined {
  const { unsupportedLevel, maxCombinations } = config;
  let combinations = 0;
  for (const t of types) {
    combinations += t.codes?.length ?? 1;
    if (unsupportedLevel !== "wrong-format" || t.type !== "orderbook" || t.level === 0) continue;
    for (const raw of t.codes ?? []) {
      const { code } = splitDepth(raw);
      if (
        !code.startsWith("KRW-") ||
        (market.has(code) && !market.supportedLevels(code).includes(t.level))
      ) {
        return "WRONG_FORMAT";
      }
    }
  }
  return maxCombinations > 0 && combinations > maxCombinations ? "TOO_MANY_REQUEST" : undefined;
}
