/**
 * What the demand and router tests share: a consumer that records what it got, events, and
 * sending a request as the connection does.
 */
import type { ConsumerInit } from "../../../src/demand/consumer.ts";
import type { Registry } from "../../../src/demand/registry.ts";
import type { OrderbookEvent, TickerEvent, UpbitEvent } from "../../../src/types.ts";

/** A consumer of KRW-BTC tickers (both) unless `over` says otherwise; `got` holds its events. */
export function consumer(
  over: Partial<ConsumerInit> & { got?: UpbitEvent[] } = {},
): ConsumerInit & {
  got: UpbitEvent[];
  completed: number;
} {
  const got = over.got ?? [];
  const c = {
    type: "ticker",
    codes: ["KRW-BTC"],
    units: 30,
    level: 0,
    stream: "both" as const,
    deliver: (e: UpbitEvent) => got.push(e),
    complete: () => c.completed++,
    completed: 0,
    ...over,
    got,
  };
  return c;
}

/** A ticker event of `code`. */
export function ticker(code: string, streamType: "SNAPSHOT" | "REALTIME"): TickerEvent {
  return { type: "ticker", code, streamType, tradePrice: 1 } as TickerEvent;
}

/** A realtime orderbook of `code` with `units` levels at `level`. */
export function book(code: string, units: number, level = 0): OrderbookEvent {
  return {
    type: "orderbook",
    code,
    level,
    streamType: "REALTIME",
    totalAskSize: 0,
    totalBidSize: 0,
    timestamp: 0,
    orderbookUnits: Array.from(
      { length: units },
      (_, i) => ({ askPrice: 100 + i, bidPrice: 99 - i, askSize: 1, bidSize: 1 }),
    ),
  };
}

/** Parses a request's text (`null` for none). */
export const parse = (s: string | undefined): unknown[] => JSON.parse(s ?? "null");

/** Builds the request, as the connection does, and records it as sent. */
export function send(
  r: Registry,
  ticket: string,
  format: "DEFAULT" | "SIMPLE",
): string | undefined {
  const request = r.request(ticket, format);
  r.commit(request);
  return request?.text;
}
