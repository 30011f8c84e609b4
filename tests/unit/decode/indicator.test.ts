/**
 * Decoding of `indicator` and `indicator_signal` frames: every response example of Upbit's two
 * indicator pages (upbit-indicators.md §5.3), in all four formats, with the expected events written
 * out; the SIMPLE nested-key renames and their traps; extra keys kept; broken frames reported.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { IndicatorEvent, IndicatorSignalEvent } from "../../../mod.ts";
import { createDecoder } from "../../../src/decode/decode.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import type { DecodeError } from "../../../src/errors.ts";
import { toSimple } from "../../../testing/codec/simple.ts";
import type { WireObject } from "../../../testing/codec/json.ts";

function decodeAll(text: string): { events: UpbitEvent[]; errors: DecodeError[] } {
  const events: UpbitEvent[] = [];
  const errors: DecodeError[] = [];
  createDecoder().decode(new TextEncoder().encode(text), {
    event: (e) => events.push(e),
    status: () => {},
    serverError: () => {},
    subscriptions: () => {},
    invalid: (e) => errors.push(e),
  });
  return { events, errors };
}

/**
 * The SIMPLE form of a DEFAULT frame, through the emulator's own reading of §5.1/§5.2 (not from
 * src/; `tests/unit/protocol/tables_agree.test.ts` holds the two tables to each other).
 */
function simple(frame: Record<string, unknown>): Record<string, unknown> {
  return toSimple(frame as WireObject);
}

// Example A (indicator page, DEFAULT), the three frames as given.
const A_RSI = {
  type: "indicator",
  code: "KRW-BTC",
  timeframe: "5m",
  indicator: "rsi",
  params: { period: 14 },
  candle_date_time_utc: "2026-09-03T04:50:00",
  value: { rsi: 58.75323648 },
  timestamp: 1788411301095,
  stream_type: "REALTIME",
};
const A_MA = {
  type: "indicator",
  code: "KRW-BTC",
  timeframe: "5m",
  indicator: "moving_average",
  params: { type: "SMA", period: 20 },
  candle_date_time_utc: "2026-09-03T04:50:00",
  value: { value: 106791950.0 },
  timestamp: 1788411301095,
  stream_type: "REALTIME",
};
const A_MACD = {
  type: "indicator",
  code: "KRW-BTC",
  timeframe: "5m",
  indicator: "macd",
  params: { fast: 12, slow: 26, signal_period: 9 },
  candle_date_time_utc: "2026-09-03T04:50:00",
  value: { macd: 33554.85769535, macd_signal: 55795.38214693, histogram: -22240.52445158 },
  timestamp: 1788411301096,
  stream_type: "REALTIME",
};
// Example D (signal page, DEFAULT).
const D_MA = {
  type: "indicator_signal",
  code: "KRW-ARB",
  timeframe: "5m",
  indicator: "moving_average",
  params: { type: "SMA", period: 5 },
  trigger: "price_cross_above",
  event_params: {},
  candle_date_time_utc: "2026-09-10T07:25:00",
  value: { value: 202.8 },
  timestamp: 1789025407115,
  stream_type: "REALTIME",
};
// Example F (derived from the table: RSI overbought) and the types the docs show no frame for,
// built from the field tables.
const F_RSI = {
  type: "indicator_signal",
  code: "KRW-BTC",
  timeframe: "5m",
  indicator: "rsi",
  params: { period: 14 },
  trigger: "overbought",
  event_params: { threshold: 70 },
  candle_date_time_utc: "2026-09-03T04:50:00",
  value: { rsi: 71.2 },
  timestamp: 1788411301100,
  stream_type: "REALTIME",
};
const VOLUME_SPIKE = {
  type: "indicator_signal",
  code: "KRW-BTC",
  timeframe: "15m",
  indicator: "volume",
  params: { period: 20 },
  trigger: "volume_spike",
  event_params: { multiplier: 2.0 },
  candle_date_time_utc: "2026-09-03T04:45:00",
  value: { volume: 120.5, avg_volume: 40.1, ratio: 3.005 },
  timestamp: 1788411301200,
  stream_type: "REALTIME",
};
const CROSSOVER = {
  type: "indicator",
  code: "KRW-ETH",
  timeframe: "60m",
  indicator: "ma_crossover",
  params: { type: "EMA", short_period: 5, long_period: 20 },
  candle_date_time_utc: "2026-09-03T03:00:00",
  value: { ma_short: 4_100_000.5, ma_long: 4_050_000.25 },
  timestamp: 1788411301300,
  stream_type: "REALTIME",
};
const BANDS = {
  type: "indicator",
  code: "KRW-BTC",
  timeframe: "1d",
  indicator: "bollinger_bands",
  params: { period: 20, multiplier: 2.0 },
  candle_date_time_utc: "2026-09-02T00:00:00",
  value: { bb_upper: 110_000_000, bb_middle: 105_000_000, bb_lower: 100_000_000 },
  timestamp: 1788411301400,
  stream_type: "REALTIME",
};

const EXPECTED: Array<[string, Record<string, unknown>, IndicatorEvent | IndicatorSignalEvent]> = [
  ["A: rsi", A_RSI, {
    type: "indicator",
    code: "KRW-BTC",
    timeframe: "5m",
    indicator: "rsi",
    params: { period: 14 },
    value: { rsi: 58.75323648 },
    candleDateTimeUtc: "2026-09-03T04:50:00",
    timestamp: 1788411301095,
    streamType: "REALTIME",
  }],
  ["A: moving_average", A_MA, {
    type: "indicator",
    code: "KRW-BTC",
    timeframe: "5m",
    indicator: "moving_average",
    params: { type: "SMA", period: 20 },
    value: { value: 106791950 },
    candleDateTimeUtc: "2026-09-03T04:50:00",
    timestamp: 1788411301095,
    streamType: "REALTIME",
  }],
  ["A/B: macd", A_MACD, {
    type: "indicator",
    code: "KRW-BTC",
    timeframe: "5m",
    indicator: "macd",
    params: { fast: 12, slow: 26, signalPeriod: 9 },
    value: { macd: 33554.85769535, macdSignal: 55795.38214693, histogram: -22240.52445158 },
    candleDateTimeUtc: "2026-09-03T04:50:00",
    timestamp: 1788411301096,
    streamType: "REALTIME",
  }],
  ["D: moving_average price_cross_above", D_MA, {
    type: "indicator_signal",
    code: "KRW-ARB",
    timeframe: "5m",
    indicator: "moving_average",
    params: { type: "SMA", period: 5 },
    trigger: "price_cross_above",
    eventParams: {},
    value: { value: 202.8 },
    candleDateTimeUtc: "2026-09-10T07:25:00",
    timestamp: 1789025407115,
    streamType: "REALTIME",
  }],
  ["F: rsi overbought", F_RSI, {
    type: "indicator_signal",
    code: "KRW-BTC",
    timeframe: "5m",
    indicator: "rsi",
    params: { period: 14 },
    trigger: "overbought",
    eventParams: { threshold: 70 },
    value: { rsi: 71.2 },
    candleDateTimeUtc: "2026-09-03T04:50:00",
    timestamp: 1788411301100,
    streamType: "REALTIME",
  }],
  ["volume_spike", VOLUME_SPIKE, {
    type: "indicator_signal",
    code: "KRW-BTC",
    timeframe: "15m",
    indicator: "volume",
    params: { period: 20 },
    trigger: "volume_spike",
    eventParams: { multiplier: 2 },
    value: { volume: 120.5, avgVolume: 40.1, ratio: 3.005 },
    candleDateTimeUtc: "2026-09-03T04:45:00",
    timestamp: 1788411301200,
    streamType: "REALTIME",
  }],
  ["ma_crossover", CROSSOVER, {
    type: "indicator",
    code: "KRW-ETH",
    timeframe: "60m",
    indicator: "ma_crossover",
    params: { type: "EMA", shortPeriod: 5, longPeriod: 20 },
    value: { maShort: 4_100_000.5, maLong: 4_050_000.25 },
    candleDateTimeUtc: "2026-09-03T03:00:00",
    timestamp: 1788411301300,
    streamType: "REALTIME",
  }],
  ["bollinger_bands", BANDS, {
    type: "indicator",
    code: "KRW-BTC",
    timeframe: "1d",
    indicator: "bollinger_bands",
    params: { period: 20, multiplier: 2 },
    value: { bbUpper: 110_000_000, bbMiddle: 105_000_000, bbLower: 100_000_000 },
    candleDateTimeUtc: "2026-09-02T00:00:00",
    timestamp: 1788411301400,
    streamType: "REALTIME",
  }],
];

describe("indicator decoding: the docs' examples in every format", () => {
  for (const [name, frame, expected] of EXPECTED) {
    for (
      const [format, text] of [
        ["DEFAULT", JSON.stringify(frame)],
        ["SIMPLE", JSON.stringify(simple(frame))],
        ["JSON_LIST", JSON.stringify([frame])],
        ["SIMPLE_LIST", JSON.stringify([simple(frame)])],
      ] as const
    ) {
      it(`${name} in ${format}`, () => {
        const { events, errors } = decodeAll(text);
        assert.deepEqual(errors, []);
        assert.deepEqual(events, [expected]);
      });
    }
  }

  it("decodes example B exactly as the docs print it (SIMPLE, nested keys shortened)", () => {
    const text =
      '{"ty":"indicator","cd":"KRW-BTC","tf":"5m","ind":"macd","p":{"f":12,"s":26,"sgp":9},"cdttmu":"2026-09-03T04:50:00","v":{"macd":33554.85769535,"macds":55795.38214693,"hist":-22240.52445158},"tms":1788411301096,"st":"REALTIME"}';
    const { events, errors } = decodeAll(text);
    assert.deepEqual(errors, []);
    assert.deepEqual(events, [EXPECTED[2]![2]]);
  });

  it("narrows on indicator: value.rsi is a number where indicator is rsi", () => {
    const e = decodeAll(JSON.stringify(A_RSI)).events[0] as IndicatorEvent;
    if (e.indicator !== "rsi") throw new Error("expected rsi");
    const rsi: number = e.value.rsi;
    assert.equal(rsi, 58.75323648);
  });

  it("keeps the traps apart: params.m vs event_params.mul, top-level v vs inner value", () => {
    const frame = simple({ ...BANDS, type: "indicator_signal", trigger: "price_cross_above" });
    frame["ep"] = {};
    const { events } = decodeAll(JSON.stringify(frame));
    const e = events[0] as IndicatorSignalEvent;
    assert.deepEqual(e.params, { period: 20, multiplier: 2 });
    const ma = decodeAll(JSON.stringify(simple(A_MA))).events[0] as IndicatorEvent;
    assert.deepEqual(ma.value, { value: 106791950 });
  });

  it("keeps keys a server adds inside params and value, as sent", () => {
    const frame = { ...A_RSI, params: { period: 14, source: "close" }, value: { rsi: 50, n: 3 } };
    const e = decodeAll(JSON.stringify(frame)).events[0] as IndicatorEvent;
    assert.deepEqual(e.params, { period: 14, source: "close" });
    assert.deepEqual(e.value, { rsi: 50, n: 3 });
  });

  it("delivers a signal whose event_params is missing as {}", () => {
    const { event_params: _ep, ...rest } = D_MA;
    const e = decodeAll(JSON.stringify(rest)).events[0] as IndicatorSignalEvent;
    assert.deepEqual(e.eventParams, {});
  });

  it("reports broken frames as decode errors naming the wire key, never throwing", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...A_RSI, value: { rsi: "58.7" } }, /"value\.rsi" must be a number/],
      [simple({ ...A_MACD, value: { macd: 1, macd_signal: 2 } }), /"v\.hist" must be a number/],
      [simple({ ...A_MA, params: { type: 5, period: 20 } }), /"p\.t" must be a string/],
      [{ ...A_RSI, indicator: "stochastic" }, /indicator is not supported/],
      [{ ...A_RSI, params: [] }, /"params" must be an object/],
      [{ ...D_MA, trigger: 1 }, /"trigger" must be a string/],
      [{ ...A_RSI, timestamp: "x" }, /"timestamp" must be a number/],
    ];
    for (const [frame, message] of cases) {
      const { events, errors } = decodeAll(JSON.stringify(frame));
      assert.equal(events.length, 0);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!.message, message);
    }
  });
});
