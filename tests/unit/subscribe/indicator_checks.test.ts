/**
 * Argument checks of `indicator`/`indicator_signal` (before anything is sent), and the request
 * the `/info` registry builds from its consumers.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { type IndicatorSpec, type SignalSpec, UpbitClient } from "../../../mod.ts";
import { InfoRegistry } from "../../../src/demand/info_registry.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function client(): UpbitClient {
  // A URL nothing listens on: a test that wrongly connects fails loudly instead of reaching Upbit.
  const c = new UpbitClient({
    url: "ws://127.0.0.1:9/websocket/v1",
    accessKey: "ak",
    secretKey: "sk",
    lingerMs: 0,
    reconnect: false,
  });
  cleanups.push(() => c.close());
  return c;
}

const RSI: IndicatorSpec = { type: "rsi", params: { period: 14 } };

function value(spec: unknown): void {
  checkIndicators([spec], false);
}
function signal(spec: unknown): void {
  checkIndicators([spec], true);
}

describe("indicator arguments", () => {
  it("accepts every documented value of the indicator type", () => {
    for (const period of [5, 10, 15, 20, 25, 30, 35, 40, 45, 50]) {
      value({ type: "volume", params: { period } });
    }
    for (const period of [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 21, 25]) {
      value({ type: "rsi", params: { period } });
    }
    for (const period of [3, 5, 7, 10, 15, 20, 25, 30, 50, 60, 90, 99, 100, 120, 200]) {
      value({ type: "moving_average", params: { type: "EMA", period } });
    }
    for (const [shortPeriod, longPeriod] of [[5, 20], [20, 60], [30, 90], [50, 200]]) {
      value({ type: "ma_crossover", params: { type: "SMA", shortPeriod, longPeriod } });
    }
    for (const period of [10, 20, 50]) {
      for (const multiplier of [1, 1.5, 2.0, 2.5, 3]) {
        value({ type: "bollinger_bands", params: { period, multiplier } });
      }
    }
    for (const [fast, slow, signalPeriod] of [[12, 26, 9], [8, 17, 9], [5, 35, 5]]) {
      value({ type: "macd", params: { fast, slow, signalPeriod } });
    }
  });

  it("refuses values outside the lists, quoting them", () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { type: "rsi", params: { period: 15 } },
        /params\.period of rsi must be one of .*: current value is 15/,
      ],
      [{ type: "volume", params: { period: 7 } }, /current value is 7/],
      [
        { type: "moving_average", params: { type: "WMA", period: 20 } },
        /"SMA" or "EMA": current value is "WMA"/,
      ],
      [{ type: "moving_average", params: { type: "SMA", period: 21 } }, /current value is 21/],
      [
        { type: "ma_crossover", params: { type: "SMA", shortPeriod: 5, longPeriod: 60 } },
        /shortPeriod\/longPeriod of ma_crossover must be one of 5\/20, 20\/60, 30\/90, 50\/200: current value is 5\/60/,
      ],
      [
        { type: "bollinger_bands", params: { period: 20, multiplier: 2.04 } },
        /multiplier of bollinger_bands must be one of 1\.0, 1\.5, 2\.0, 2\.5, 3\.0: current value is 2\.04/,
      ],
      [
        { type: "macd", params: { fast: 12, slow: 26, signalPeriod: 5 } },
        /current value is 12\/26\/5/,
      ],
      [
        { type: "stochastic", params: {} },
        /type must be one of volume, rsi, .*: current value is "stochastic"/,
      ],
      [
        { type: "ma_crossover", params: { type: "SMA", short_period: 5, long_period: 20 } },
        /current key is "short_period" \(write "shortPeriod"\)/,
      ],
      [
        { type: "rsi", params: { period: 14 }, trigger: "overbought" },
        /takes only type, params: current key is "trigger"/,
      ],
    ];
    for (const [spec, message] of cases) assert.throws(() => value(spec), message);
    assert.throws(() => value({ type: "rsi", params: { period: "14" } }), TypeError);
    assert.throws(() => value({ type: "rsi", params: { period: 14.5 } }), /must be an integer/);
    assert.throws(() => value({ type: "rsi", params: [14] }), TypeError);
    assert.throws(() => checkIndicators([], false), RangeError);
    assert.throws(
      () => checkIndicators([RSI, { type: "rsi", params: { period: 14 } }], false),
      /must not repeat/,
    );
  });

  it("holds signals to their narrower lists, triggers and condition parameters", () => {
    const ok: SignalSpec[] = [
      {
        type: "volume",
        params: { period: 20 },
        trigger: "volume_spike",
        eventParams: { multiplier: 2.0 },
      },
      {
        type: "rsi",
        params: { period: 14 },
        trigger: "overbought",
        eventParams: { threshold: 70 },
      },
      { type: "rsi", params: { period: 7 }, trigger: "oversold", eventParams: { threshold: 30 } },
      { type: "moving_average", params: { type: "SMA", period: 20 }, trigger: "price_cross_above" },
      {
        type: "moving_average",
        params: { type: "EMA", period: 200 },
        trigger: "price_cross_below",
        eventParams: {},
      },
      {
        type: "ma_crossover",
        params: { type: "SMA", shortPeriod: 5, longPeriod: 20 },
        trigger: "golden_cross",
      },
      {
        type: "ma_crossover",
        params: { type: "EMA", shortPeriod: 50, longPeriod: 200 },
        trigger: "dead_cross",
      },
      {
        type: "bollinger_bands",
        params: { period: 20, multiplier: 2.0 },
        trigger: "price_cross_above",
      },
      { type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 }, trigger: "golden_cross" },
      { type: "macd", params: { fast: 5, slow: 35, signalPeriod: 5 }, trigger: "zero_cross_below" },
    ];
    assert.equal(checkIndicators(ok, true).length, ok.length);
    const cases: Array<[unknown, RegExp]> = [
      // Allowed for indicator, not for signals.
      [{
        type: "rsi",
        params: { period: 2 },
        trigger: "overbought",
        eventParams: { threshold: 70 },
      }, /params\.period of rsi \(signal\) must be one of 7, 9, 14, 21, 25: current value is 2/],
      [{
        type: "volume",
        params: { period: 5 },
        trigger: "volume_spike",
        eventParams: { multiplier: 2 },
      }, /current value is 5/],
      [{
        type: "bollinger_bands",
        params: { period: 10, multiplier: 2 },
        trigger: "price_cross_above",
      }, /must be one of 20: current value is 10/],
      [{
        type: "bollinger_bands",
        params: { period: 20, multiplier: 3 },
        trigger: "price_cross_above",
      }, /1\.5, 2\.0, 2\.5: current value is 3/],
      [
        {
          type: "moving_average",
          params: { type: "SMA", period: 3 },
          trigger: "price_cross_above",
        },
        /current value is 3/,
      ],
      // Triggers of another indicator.
      [
        { type: "rsi", params: { period: 14 }, trigger: "golden_cross" },
        /trigger of rsi must be one of overbought, oversold: current value is "golden_cross"/,
      ],
      [{
        type: "ma_crossover",
        params: { type: "SMA", shortPeriod: 5, longPeriod: 20 },
        trigger: "zero_cross_above",
      }, /golden_cross, dead_cross/],
      [
        { type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 } },
        /trigger of macd must be one of/,
      ],
      // Condition parameters.
      [{
        type: "rsi",
        params: { period: 14 },
        trigger: "overbought",
        eventParams: { threshold: 20 },
      }, /threshold of overbought must be one of 70, 80: current value is 20/],
      [
        {
          type: "rsi",
          params: { period: 14 },
          trigger: "oversold",
          eventParams: { threshold: 70 },
        },
        /20, 30: current value is 70/,
      ],
      [{
        type: "volume",
        params: { period: 20 },
        trigger: "volume_spike",
        eventParams: { multiplier: 2.5 },
      }, /2\.0, 3\.0, 5\.0: current value is 2\.5/],
      [{
        type: "macd",
        params: { fast: 12, slow: 26, signalPeriod: 9 },
        trigger: "golden_cross",
        eventParams: { threshold: 70 },
      }, /takes no eventParams/],
      [{
        type: "rsi",
        params: { period: 14 },
        trigger: "overbought",
        eventParams: { multiplier: 2 },
      }, /takes eventParams\.threshold only: current key is "multiplier"/],
      [{
        type: "rsi",
        params: { period: 14 },
        trigger: "overbought",
        event_params: { threshold: 70 },
      }, /write "eventParams"/],
    ];
    for (const [spec, message] of cases) assert.throws(() => signal(spec), message);
    assert.throws(
      () => signal({ type: "rsi", params: { period: 14 }, trigger: "overbought" }),
      (e: Error) =>
        e instanceof TypeError && /eventParams\.threshold must be a number/.test(e.message),
    );
    assert.throws(
      () =>
        signal({
          type: "volume",
          params: { period: 20 },
          trigger: "volume_spike",
          eventParams: { multiplier: "2.0" },
        }),
      TypeError,
    );
  });

  it("checks codes, timeframe, snapshot and credentials in the public API, sending nothing", async () => {
    const c = client();
    const opts = { timeframe: "5m" as const, indicators: [RSI] };
    assert.throws(
      () => c.indicator(["BTC-ETH"], opts),
      /KRW markets only: current value is "BTC-ETH"/,
    );
    assert.throws(() => c.indicator(["krw-btc"], opts), TypeError);
    assert.throws(
      () => c.indicator(["KRW-BTC"], { ...opts, timeframe: "1m" as "5m" }),
      /timeframe must be one of 5m, 15m, 60m, 240m, 1d: current value is "1m"/,
    );
    assert.throws(() => c.indicator(["KRW-BTC"], undefined as never), TypeError);
    assert.throws(
      () => c.indicator(["KRW-BTC"], { ...opts, stream: "snapshot" }),
      /no snapshots of it/,
    );
    await assert.rejects(
      c.snapshot("indicator" as "ticker", ["KRW-BTC"]),
      /Cannot take a snapshot of indicator as Upbit sends none/,
    );
    const anonymous = new UpbitClient();
    cleanups.push(() => anonymous.close());
    assert.throws(() => anonymous.indicator(["KRW-BTC"], opts), { name: "AuthenticationError" });
    assert.equal(c.health().connections.length, 0);
  });

  it("refuses more than 100 combinations, alone and saying by how much", () => {
    const c = client();
    const codes = (n: number, from = 0) =>
      Array.from({ length: n }, (_, i) => `KRW-C${String(i + from).padStart(3, "0")}`);
    const two: IndicatorSpec[] = [RSI, { type: "volume", params: { period: 20 } }];
    assert.throws(
      () => c.indicator(codes(51), { timeframe: "5m", indicators: two }),
      /51 codes × 2 indicators make 102 combinations, 2 over Upbit's limit of 100/,
    );
    const first = c.indicator(codes(30), { timeframe: "5m", indicators: two }); // 60
    // Signals count together with values: 45 more would make 105.
    assert.throws(
      () =>
        c.indicatorSignal(codes(45, 100), {
          timeframe: "5m",
          indicators: [{
            type: "rsi",
            params: { period: 14 },
            trigger: "overbought",
            eventParams: { threshold: 70 },
          }],
        }),
      /would carry 105 combinations .*, 5 over Upbit's limit of 100/,
    );
    // A combination already carried costs nothing: 40 more codes of rsi (20 new) fit.
    const second = c.indicator(codes(40), { timeframe: "5m", indicators: [RSI] }); // +10 → 70
    assert.equal(c.health().connections.find((x) => x.name === "info")?.streams, 70);
    first.close();
    second.close();
  });
});

describe("the /info request", () => {
  const wire = (spec: IndicatorSpec | SignalSpec, s = false) => checkIndicators([spec], s);

  it("never multiplies codes by indicators nobody asked for", () => {
    const r = new InfoRegistry();
    const macd = wire({ type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 } });
    const rsi = wire(RSI);
    r.add({
      type: "indicator",
      codes: ["KRW-BTC"],
      timeframe: "5m",
      indicators: rsi,
      deliver: () => {},
    });
    r.add({
      type: "indicator",
      codes: ["KRW-ETH"],
      timeframe: "5m",
      indicators: macd,
      deliver: () => {},
    });
    r.add({
      type: "indicator",
      codes: ["KRW-XRP"],
      timeframe: "5m",
      indicators: rsi,
      deliver: () => {},
    });
    r.add({
      type: "indicator_signal",
      codes: ["KRW-BTC"],
      timeframe: "60m",
      indicators: wire({
        type: "rsi",
        params: { period: 14 },
        trigger: "oversold",
        eventParams: { threshold: 30 },
      }, true),
      deliver: () => {},
    });
    assert.equal(r.streamCount, 4);
    assert.equal(r.needsRequest(), true);
    const built = r.request("t", "SIMPLE")!;
    assert.equal(r.needsRequest(), true, "building a request changes nothing");
    const request = JSON.parse(built.text) as unknown[];
    assert.deepEqual(request, [
      { ticket: "t" },
      {
        type: "indicator_signal",
        codes: ["KRW-BTC"],
        timeframe: "60m",
        indicators: [{
          type: "rsi",
          params: { period: 14 },
          trigger: "oversold",
          event_params: { threshold: 30 },
        }],
      },
      {
        type: "indicator",
        codes: ["KRW-ETH"],
        timeframe: "5m",
        indicators: [{ type: "macd", params: { fast: 12, slow: 26, signal_period: 9 } }],
      },
      {
        type: "indicator",
        codes: ["KRW-BTC", "KRW-XRP"],
        timeframe: "5m",
        indicators: [{ type: "rsi", params: { period: 14 } }],
      },
      { format: "SIMPLE" },
    ]);
    r.commit(built);
    assert.equal(r.needsRequest(), false);
    r.resetWire();
    assert.equal(r.needsRequest(), true);
  });

  it("routes an event to the consumers of its exact combination only", () => {
    const r = new InfoRegistry();
    const got: string[] = [];
    r.add({
      type: "indicator",
      codes: ["KRW-BTC"],
      timeframe: "5m",
      indicators: wire(RSI),
      deliver: () => got.push("a"),
    });
    r.add({
      type: "indicator",
      codes: ["KRW-BTC"],
      timeframe: "5m",
      indicators: wire({ type: "rsi", params: { period: 21 } }),
      deliver: () => got.push("b"),
    });
    const event = {
      type: "indicator" as const,
      code: "KRW-BTC",
      timeframe: "5m" as const,
      indicator: "rsi" as const,
      params: { period: 14, extra: 1 },
      value: { rsi: 50 },
      candleDateTimeUtc: "2026-09-03T04:50:00",
      timestamp: 1,
      streamType: "REALTIME" as const,
    };
    assert.equal(r.route(event), true);
    assert.equal(r.route({ ...event, timeframe: "15m" }), false);
    assert.equal(r.route({ ...event, code: "KRW-ETH" }), false);
    assert.deepEqual(got, ["a"]);
  });
});
