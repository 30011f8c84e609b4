/**
 * What the decoder tests share: a sink that records every call, shorthands for one event or one
 * error, the events the doc's frames decode to, and the four wire formats of a frame.
 *
 * @module
 */
import assert from "node:assert/strict";
import { createDecoder, type Decoder, type DecoderOptions } from "../../../src/decode/decode.ts";
import { DecodeError } from "../../../src/errors.ts";
import type {
  CandleEvent,
  CandleType,
  MyAssetEvent,
  MyOrderEvent,
  OrderbookEvent,
  TickerEvent,
  TradeEvent,
  UpbitEvent,
} from "../../../src/types.ts";
import type { CorpusEntry } from "../../corpus/_entry.ts";
import { CANDLE_CORPUS } from "../../corpus/candle.ts";
import { MY_ASSET_CORPUS } from "../../corpus/my_asset.ts";
import { MY_ORDER_CORPUS } from "../../corpus/my_order.ts";
import { ORDERBOOK_CORPUS } from "../../corpus/orderbook.ts";
import { TICKER_CORPUS } from "../../corpus/ticker.ts";
import { TRADE_CORPUS } from "../../corpus/trade.ts";
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

/**
 * The event a corpus entry's frame decodes to: the entry whose fact starts with `section` (the
 * docs' example of a type), so a new field is one edit in tests/corpus/.
 */
function docEvent<E extends UpbitEvent>(corpus: readonly CorpusEntry<E>[], section: string): E {
  const entry = corpus.find((e) => e.fact.startsWith(section));
  if (entry === undefined) throw new Error(`tests/corpus has no entry for ${section}`);
  return entry.event;
}

/** The docs' DEFAULT ticker (§7.1), decoded. */
export const TICKER_EVENT: TickerEvent = docEvent(TICKER_CORPUS, "§7.1");
/** The docs' DEFAULT trade (§7.2), decoded. */
export const TRADE_EVENT: TradeEvent = docEvent(TRADE_CORPUS, "§7.2");
/** The docs' DEFAULT orderbook (§7.3), decoded. */
export const ORDERBOOK_EVENT: OrderbookEvent = docEvent(ORDERBOOK_CORPUS, "§7.3");
/** The docs' DEFAULT candle.1m (§7.4), decoded. */
export const CANDLE_EVENT: CandleEvent = docEvent(CANDLE_CORPUS, "§7.4");
/** The docs' DEFAULT myOrder (§7.5), decoded. */
export const MY_ORDER_EVENT: MyOrderEvent = docEvent(MY_ORDER_CORPUS, "§7.5");
/** The docs' DEFAULT myAsset (§7.6), decoded. */
export const MY_ASSET_EVENT: MyAssetEvent = docEvent(MY_ASSET_CORPUS, "§7.6");

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
