/**
 * What the `/info` demand and router tests share: a consumer that records what it got, and an
 * indicator event of one combination.
 */
import type { InfoConsumer } from "../../../src/demand/info_desired_set.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import type { IndicatorEvent } from "../../../src/stream_types.ts";

/** An `indicator` consumer of RSI(14) on KRW-BTC, 5m, unless `over` says otherwise. */
export function infoConsumer(
  over: Partial<InfoConsumer> = {},
): InfoConsumer & { got: UpbitEvent[]; failed: Error[]; lives: number } {
  const got: UpbitEvent[] = [];
  const failed: Error[] = [];
  const c = {
    type: "indicator" as const,
    codes: ["KRW-BTC"],
    timeframe: "5m" as const,
    indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
    deliver: (e: UpbitEvent) => got.push(e),
    fail: (e: Error) => failed.push(e),
    live: () => c.lives++,
    lives: 0,
    ...over,
    got,
    failed,
  };
  return c;
}

/** An RSI(`period`) event of `code` on 5m. */
export function rsiEvent(code = "KRW-BTC", period = 14): IndicatorEvent {
  return {
    type: "indicator",
    code,
    timeframe: "5m",
    indicator: "rsi",
    params: { period },
    value: { rsi: 50 },
    candleDateTimeUtc: "2026-09-03T04:50:00",
    timestamp: 1,
    streamType: "REALTIME",
  } as IndicatorEvent;
}

/** `n` KRW codes. */
export function codes(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `KRW-C${i}`);
}
