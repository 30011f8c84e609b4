/**
 * What the decoder tests share: a sink that records every call, shorthands for one event or one
 * error, the events the doc's frames decode to, and the four wire formats of a frame.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createDecoder, type Decoder, type DecoderOptions } from "../../../src/decode/decode.ts";
import { DecodeError } from "../../../src/errors.ts";
import type { CandleType, UpbitEvent } from "../../../src/types.ts";
import { toSimple } from "../../_helpers/frames.ts";

export type Call =
  | { kind: "event"; event: UpbitEvent }
  | { kind: "status"; status: string }
  | { kind: "serverError"; name: string; message: string }
  | { kind: "subscriptions"; list: unknown; ticket: string | undefined }
  | { kind: "invalid"; error: DecodeError };

/** Decodes each input with one decoder and returns every sink call, in order. */
export function run(
  inputs: unknown[],
  options?: DecoderOptions,
  decoder: Decoder = createDecoder(options),
): Call[] {
  const calls: Call[] = [];
  for (const input of inputs) {
    decoder.decode(input as string, {
      event: (event) => calls.push({ kind: "event", event }),
      status: (status) => calls.push({ kind: "status", status }),
      serverError: (name, message) => calls.push({ kind: "serverError", name, message }),
      subscriptions: (list, ticket) => calls.push({ kind: "subscriptions", list, ticket }),
      invalid: (error) => calls.push({ kind: "invalid", error }),
    });
  }
  return calls;
}

export function events(calls: Call[]): UpbitEvent[] {
  return calls.map((c) => {
    if (c.kind !== "event") assert.fail(`expected an event, got ${show(c)}`);
    return c.event;
  });
}

export function show(c: Call): string {
  return c.kind === "invalid" ? `invalid: ${c.error.message}` : c.kind;
}

export function errors(calls: Call[]): DecodeError[] {
  return calls.flatMap((c) => (c.kind === "invalid" ? [c.error] : []));
}

/** Decodes one input that must yield exactly one event. */
export function one(input: unknown, options?: DecoderOptions): UpbitEvent {
  const calls = run([input], options);
  assert.equal(calls.length, 1, calls.map(show).join("; "));
  return events(calls)[0] as UpbitEvent;
}

/** Decodes one input that must yield exactly one DecodeError. */
export function bad(input: unknown, options?: DecoderOptions): DecodeError {
  const calls = run([input], options);
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call?.kind, "invalid");
  assert.ok(call.error instanceof DecodeError);
  assert.equal(call.error.code, "DECODE");
  return call.error;
}

export const TICKER_EVENT = {
  type: "ticker",
  code: "KRW-BTC",
  openingPrice: 31883000,
  highPrice: 32310000,
  lowPrice: 31855000,
  tradePrice: 32287000,
  prevClosingPrice: 31883000,
  change: "RISE",
  changePrice: 404000,
  signedChangePrice: 404000,
  changeRate: 0.0126713295,
  signedChangeRate: 0.0126713295,
  tradeVolume: 0.03103806,
  accTradeVolume: 2429.58834336,
  accTradeVolume24h: 7158.8028356,
  accTradePrice: 78039261076.51241,
  accTradePrice24h: 228827082483.70729,
  tradeDate: "20230221",
  tradeTime: "074102",
  tradeTimestamp: 1676965262139,
  askBid: "ASK",
  accAskVolume: 1146.25573608,
  accBidVolume: 1283.33260728,
  highest52WeekPrice: 57678000,
  highest52WeekDate: "2022-03-28",
  lowest52WeekPrice: 20700000,
  lowest52WeekDate: "2022-12-30",
  marketState: "ACTIVE",
  isTradingSuspended: false,
  delistingDate: null,
  marketWarning: "NONE",
  timestamp: 1676965262177,
  streamType: "REALTIME",
};

export const TRADE_EVENT = {
  type: "trade",
  code: "KRW-BTC",
  tradePrice: 109847000,
  tradeVolume: 0.00509799,
  askBid: "ASK",
  prevClosingPrice: 109165000,
  change: "RISE",
  changePrice: 682000,
  tradeDate: "2026-08-26",
  tradeTime: "07:15:54",
  tradeTimestamp: 1787728554797,
  timestamp: 1787728554853,
  sequentialId: "17877285547970000",
  bestAskPrice: 109867000,
  bestAskSize: 0.0099545,
  bestBidPrice: 109847000,
  bestBidSize: 0.1583673,
  streamType: "SNAPSHOT",
};

export const ORDERBOOK_EVENT = {
  type: "orderbook",
  code: "KRW-BTC",
  totalAskSize: 4.79158413,
  totalBidSize: 2.65609625,
  orderbookUnits: [
    { askPrice: 137002000, bidPrice: 137001000, askSize: 0.10623869, bidSize: 0.03656812 },
    { askPrice: 137023000, bidPrice: 137000000, askSize: 0.06144079, bidSize: 0.33543284 },
    { askPrice: 137050000, bidPrice: 136999000, askSize: 0.0055433, bidSize: 0.00104379 },
  ],
  timestamp: 1746601573804,
  level: 0,
  streamType: "SNAPSHOT",
};

export const CANDLE_EVENT = {
  type: "candle.1m",
  code: "KRW-BTC",
  candleDateTimeUtc: "2026-08-26T08:08:00",
  candleDateTimeKst: "2026-08-26T17:08:00",
  openingPrice: 109715000,
  highPrice: 109756000,
  lowPrice: 109714000,
  tradePrice: 109756000,
  candleAccTradeVolume: 0.71326612,
  candleAccTradePrice: 78269528.64757,
  timestamp: 1787731717049,
  streamType: "SNAPSHOT",
};

export const MY_ORDER_EVENT = {
  type: "myOrder",
  code: "KRW-BTC",
  uuid: "ac2dc2a3-fce9-40a2-a4f6-5987c25c438f",
  askBid: "BID",
  orderType: "limit",
  state: "trade",
  tradeUuid: "68315169-fba4-4175-ade3-aff14a616657",
  price: 0.001453,
  avgPrice: 0.00145372,
  volume: 30925891.29839369,
  remainingVolume: 29968038.09235948,
  executedVolume: 30925891.29839369,
  tradesCount: 1,
  reservedFee: 44.23943970238218,
  remainingFee: 21.77177967409916,
  paidFee: 22.467660028283017,
  locked: 43565.33112787242,
  executedFunds: 44935.32005656603,
  timeInForce: null,
  tradeFee: 22.467660028283017,
  isMaker: true,
  identifier: "test-1",
  smpType: "cancel_maker",
  preventedVolume: 1.174291929,
  preventedLocked: 0.001706246173,
  tradeTimestamp: 1710751590421,
  orderTimestamp: 1710751590000,
  timestamp: 1710751597500,
  streamType: "REALTIME",
};

export const MY_ASSET_EVENT = {
  type: "myAsset",
  assetUuid: "e635f223-1609-4969-8fb6-4376937baad6",
  assets: [{ currency: "KRW", balance: 1386929.3723106678, locked: 10329.670127489597 }],
  assetTimestamp: 1710146517259,
  timestamp: 1710146517267,
  streamType: "REALTIME",
};

export const EXPECTED: Record<string, object> = {
  ticker: TICKER_EVENT,
  trade: TRADE_EVENT,
  orderbook: ORDERBOOK_EVENT,
  "candle.1m": CANDLE_EVENT,
  myOrder: MY_ORDER_EVENT,
  myAsset: MY_ASSET_EVENT,
};

export const CANDLE_TYPES: CandleType[] = [
  "candle.1s",
  "candle.1m",
  "candle.3m",
  "candle.5m",
  "candle.10m",
  "candle.15m",
  "candle.30m",
  "candle.60m",
  "candle.240m",
];

/** The four wire formats of one DEFAULT frame, as text. */
export function fourFormats(frame: object): [string, string][] {
  const simple = toSimple(frame);
  return [
    ["DEFAULT", JSON.stringify(frame)],
    ["SIMPLE", JSON.stringify(simple)],
    ["JSON_LIST", JSON.stringify([frame])],
    ["SIMPLE_LIST", JSON.stringify([simple])],
  ];
}
