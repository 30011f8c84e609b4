/**
 * The client's protocol tables (`src/protocol/`) against the emulator's own reading of the same
 * pages (`testing/protocol/`): written independently on purpose, so that a misreading on either
 * side shows up here as a difference. Also checks, at compile time, that the public types which
 * spell a table out (`CandleInterval`, `WireFormat`, `AnnouncementCategory`, `Region`, the
 * orderbook `units` of the client's and the NATS options) list the same values as the table.
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ANNOUNCEMENT_CATEGORIES } from "../../../src/protocol/announcements.ts";
import { CANDLE_INTERVALS, CANDLE_TYPES } from "../../../src/protocol/candles.ts";
import { WIRE_FORMATS } from "../../../src/protocol/formats.ts";
import {
  API_VERSION,
  ENDPOINT_SUFFIXES,
  REGION_HOSTS,
  WEBSOCKET_PATH,
} from "../../../src/protocol/hosts.ts";
import { INDICATOR_TYPES, TIMEFRAMES } from "../../../src/protocol/indicators.ts";
import { classifyServerError } from "../../../src/protocol/server_errors.ts";
import { SIMPLE_KEYS } from "../../../src/protocol/simple_keys.ts";
import type { Region } from "../../../src/options.ts";
import type { AnnouncementCategory } from "../../../src/stream_types.ts";
import type { CandleInterval, WireFormat } from "../../../src/types.ts";
import { ORDERBOOK_UNITS, type OrderbookUnits } from "../../../src/protocol/orderbook.ts";
import type { OrderbookOptions, SnapshotOptions } from "../../../src/subscribe/options.ts";
import type { NatsOrderbookOptions } from "../../../nats/client_options.ts";
import type { RelayOptions } from "../../../nats/relay_options.ts";
import * as emulator from "../../../testing/protocol/mod.ts";

/** `true` only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true
  : false;

// Compile-time: each public union names exactly the values of its table.
const sameIntervals: Equal<CandleInterval, (typeof CANDLE_INTERVALS)[number]> = true;
const sameFormats: Equal<WireFormat, (typeof WIRE_FORMATS)[number]> = true;
const sameCategories: Equal<AnnouncementCategory, (typeof ANNOUNCEMENT_CATEGORIES)[number]> = true;
const sameRegions: Equal<Region, keyof typeof REGION_HOSTS> = true;
// The four public fields that spell the orderbook depths out, against `ORDERBOOK_UNITS`.
const sameUnits: Equal<
  [
    OrderbookOptions["units"],
    SnapshotOptions["units"],
    NatsOrderbookOptions["units"],
    RelayOptions["orderbookUnits"],
  ],
  [
    OrderbookUnits | undefined,
    OrderbookUnits | undefined,
    OrderbookUnits | undefined,
    OrderbookUnits | undefined,
  ]
> = true;

type Table = Readonly<Record<string, string>>;

/** The client's tables of one data type, flattened as the emulator writes them (`parent.child`). */
function flatten(top: Table, nested: Readonly<Record<string, Table>> = {}): Record<string, string> {
  const out: Record<string, string> = { ...top };
  for (const [parent, table] of Object.entries(nested)) {
    for (const [key, abbr] of Object.entries(table)) out[`${parent}.${key}`] = abbr;
  }
  return out;
}

const CLIENT_KEYS: Record<string, Record<string, string>> = {
  ticker: flatten(SIMPLE_KEYS.ticker),
  trade: flatten(SIMPLE_KEYS.trade),
  orderbook: flatten(SIMPLE_KEYS.orderbook, { orderbook_units: SIMPLE_KEYS.orderbook_units }),
  candle: flatten(SIMPLE_KEYS.candle),
  myOrder: flatten(SIMPLE_KEYS.myOrder),
  myAsset: flatten(SIMPLE_KEYS.myAsset, { assets: SIMPLE_KEYS.assets }),
  announcement: flatten(SIMPLE_KEYS.announcement),
  indicator: flatten(SIMPLE_KEYS.indicator, {
    params: SIMPLE_KEYS.params,
    event_params: SIMPLE_KEYS.event_params,
    value: SIMPLE_KEYS.value,
  }),
  LIST_SUBSCRIPTIONS: flatten(SIMPLE_KEYS.LIST_SUBSCRIPTIONS, { result: SIMPLE_KEYS.result }),
};

/**
 * Keys only the emulator writes: legacy ticker fields that real servers still send and the client
 * ignores on purpose (`upbit-protocol.md` §10.1). Anything else on one side only is a difference.
 */
const EMULATOR_ONLY: Record<string, string[]> = {
  ticker: ["trade_status", "market_state_for_ios"],
};

describe("the client's and the emulator's protocol tables", () => {
  it("hold the same public unions as their tables (checked by the compiler)", () => {
    assert.deepEqual([sameIntervals, sameFormats, sameCategories, sameRegions, sameUnits], [
      true,
      true,
      true,
      true,
      true,
    ]);
    assert.deepEqual(ORDERBOOK_UNITS, [1, 5, 15, 30]);
  });

  it("abbreviate every key of every data type the same way", () => {
    assert.deepEqual(Object.keys(CLIENT_KEYS).sort(), Object.keys(emulator.SIMPLE_KEYS).sort());
    for (const [type, client] of Object.entries(CLIENT_KEYS)) {
      const theirs = { ...emulator.SIMPLE_KEYS[type] };
      for (const key of EMULATOR_ONLY[type] ?? []) {
        assert.ok(key in theirs, `${type}.${key} is listed as emulator-only but is not there`);
        delete theirs[key];
      }
      assert.deepEqual(client, theirs, type);
    }
  });

  it("list the same candle intervals", () => {
    assert.deepEqual([...CANDLE_INTERVALS], Object.keys(emulator.CANDLE_UNITS));
    assert.deepEqual([...CANDLE_TYPES], CANDLE_INTERVALS.map((i) => `candle.${i}`));
    // Shortest first, on both sides.
    const lengths = Object.values(emulator.CANDLE_UNITS);
    assert.deepEqual(lengths, [...lengths].sort((a, b) => a - b));
  });

  it("list the same wire formats", () => {
    assert.deepEqual([...WIRE_FORMATS], [...emulator.FORMATS]);
  });

  it("list the same announcement categories", () => {
    assert.deepEqual([...ANNOUNCEMENT_CATEGORIES], [...emulator.ANNOUNCEMENT_CATEGORIES]);
  });

  it("put the three endpoints on the same paths", () => {
    assert.equal(WEBSOCKET_PATH, emulator.PUBLIC_PATH);
    assert.equal(`${WEBSOCKET_PATH}/${ENDPOINT_SUFFIXES.private}`, emulator.PRIVATE_PATH);
    assert.equal(`${WEBSOCKET_PATH}/${ENDPOINT_SUFFIXES.info}`, emulator.INFO_PATH);
    assert.ok(emulator.PUBLIC_PATH.endsWith(`/${API_VERSION}`));
  });

  it("list the same indicator timeframes and types", () => {
    assert.deepEqual([...TIMEFRAMES], Object.keys(emulator.INDICATOR_TIMEFRAMES));
    assert.deepEqual([...INDICATOR_TYPES].sort(), Object.keys(emulator.VALUE_PARAMS).sort());
    assert.deepEqual([...INDICATOR_TYPES].sort(), Object.keys(emulator.TRIGGERS).sort());
  });

  it("know every error name the emulator sends", () => {
    for (const name of Object.keys(emulator.ERROR_MESSAGES)) {
      assert.notEqual(classifyServerError(name), "unknown", name);
    }
    assert.deepEqual(
      Object.keys(emulator.ERROR_MESSAGES_EN).sort(),
      Object.keys(emulator.ERROR_MESSAGES).sort(),
    );
  });
});
