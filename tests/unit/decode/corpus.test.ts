/**
 * The corpus of real-shaped frames (tests/corpus/, one file per type, each frame with the fact of
 * `upbit-protocol.md` §10 it shows) decoded in all four wire formats, with doubles also spelled
 * like Java, in every `validate` mode: each must give exactly its written-out event and no
 * validation report (these are shapes Upbit really sends, so none is a drift).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createDecoder, type FrameSink } from "../../../src/decode/decode.ts";
import type { DecodeError } from "../../../src/errors.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import { encodeFrames } from "../../../testing/codec/frames.ts";
import { type Format } from "../../../testing/protocol/formats.ts";
import type { CorpusEntry } from "../../corpus/_entry.ts";
import { CANDLE_CORPUS } from "../../corpus/candle.ts";
import { CONTROL_CORPUS, type ControlCall } from "../../corpus/control.ts";
import { MY_ASSET_CORPUS } from "../../corpus/my_asset.ts";
import { MY_ORDER_CORPUS } from "../../corpus/my_order.ts";
import { ORDERBOOK_CORPUS } from "../../corpus/orderbook.ts";
import { TICKER_CORPUS } from "../../corpus/ticker.ts";
import { TRADE_CORPUS } from "../../corpus/trade.ts";

const FORMATS: Format[] = ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"];
const MODES = ["first", "always", "never"] as const;

const CORPUS: [string, CorpusEntry[]][] = [
  ["ticker", TICKER_CORPUS],
  ["trade", TRADE_CORPUS],
  ["orderbook", ORDERBOOK_CORPUS],
  ["candle", CANDLE_CORPUS],
  ["myOrder", MY_ORDER_CORPUS],
  ["myAsset", MY_ASSET_CORPUS],
];

type Call =
  | { kind: "event"; event: UpbitEvent }
  | { kind: "invalid"; error: DecodeError }
  | ControlCall;

function decodeAll(texts: string[], validate: (typeof MODES)[number]): Call[] {
  const calls: Call[] = [];
  const sink: FrameSink = {
    event: (event) => calls.push({ kind: "event", event }),
    status: (status) => calls.push({ kind: "status", status }),
    serverError: (name, message) => calls.push({ kind: "serverError", name, message }),
    subscriptions: (list, ticket) => calls.push({ kind: "subscriptions", list, ticket }),
    invalid: (error) => calls.push({ kind: "invalid", error }),
  };
  const decoder = createDecoder({ validate });
  // Binary, as Upbit sends every frame (§10.1).
  for (const text of texts) decoder.decode(new TextEncoder().encode(text), sink);
  return calls;
}

function show(calls: Call[]): string {
  return calls.map((c) => c.kind === "invalid" ? `invalid: ${c.error.message}` : c.kind).join("; ");
}

describe("corpus of real-shaped frames", () => {
  for (const [type, entries] of CORPUS) {
    for (const entry of entries) {
      it(`${type}: ${entry.fact}`, () => {
        for (const format of FORMATS) {
          for (const javaNumbers of [false, true]) {
            const texts = encodeFrames([entry.frame], format, { javaNumbers });
            for (const validate of MODES) {
              const calls = decodeAll(texts, validate);
              const where = `${format}${
                javaNumbers ? " (Java numbers)" : ""
              }, validate ${validate}`;
              assert.equal(calls.length, 1, `${where}: ${show(calls)}`);
              assert.deepEqual(calls[0], { kind: "event", event: entry.event }, where);
            }
          }
        }
      });
    }

    it(`${type}: every frame of the file in one JSON_LIST and one SIMPLE_LIST frame, in order`, () => {
      for (const format of ["JSON_LIST", "SIMPLE_LIST"] as const) {
        const texts = encodeFrames(entries.map((e) => e.frame), format);
        assert.equal(texts.length, 1);
        const calls = decodeAll(texts, "always");
        assert.deepEqual(
          calls,
          entries.map((e) => ({ kind: "event", event: e.event })),
          `${format}: ${show(calls)}`,
        );
      }
    });
  }

  it("every type's frames mixed in one list frame, each trade keeping its own exact id", () => {
    const all = CORPUS.flatMap(([, entries]) => entries);
    // Every type in one frame, myAsset first and the trades between orderbooks and tickers.
    const mixed = all.toReversed();
    for (const format of ["JSON_LIST", "SIMPLE_LIST"] as const) {
      const calls = decodeAll(encodeFrames(mixed.map((e) => e.frame), format), "always");
      assert.deepEqual(calls, mixed.map((e) => ({ kind: "event", event: e.event })), format);
    }
    const ids = decodeAll(encodeFrames(mixed.map((e) => e.frame), "JSON_LIST"), "never")
      .flatMap((c) => c.kind === "event" && c.event.type === "trade" ? [c.event.sequentialId] : []);
    assert.ok(ids.includes("17883351803770004") && ids.includes("17883351803770005"), ids.join());
  });

  for (const entry of CONTROL_CORPUS) {
    it(`control: ${entry.fact}`, () => {
      for (const validate of MODES) {
        assert.deepEqual(decodeAll([entry.text], validate), [entry.call], validate);
      }
    });
  }
});
