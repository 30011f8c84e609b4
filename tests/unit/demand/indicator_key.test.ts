/**
 * The indicator key is built once (`indicatorKey`) for the request and for the echoed event: for
 * every allowed indicator and every signal condition (every trigger with every condition value),
 * the key of what the client asks for equals the key of the event Upbit's stand-in echoes back.
 * The events are the emulator's own: its request parser reads the client's request, its engine
 * computes the frame (for a signal at a candle where the condition fires), its encoder writes it
 * in each wire format, and the client's decoder reads it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { canonicalIndicator, eventKey, indicatorKey } from "../../../src/demand/indicator_key.ts";
import { InfoDesiredSet } from "../../../src/demand/info_desired_set.ts";
import { InfoRequests } from "../../../src/demand/info_request.ts";
import { InfoRouter } from "../../../src/deliver/info_router.ts";
import { createDecoder } from "../../../src/decode/decode.ts";
import { checkIndicators } from "../../../src/subscribe/indicator_checks.ts";
import { PARAMS, SIGNAL, TRIGGERS, VALUE } from "../../../src/protocol/indicators.ts";
import type { Allowed } from "../../../src/protocol/indicators.ts";
import type { IndicatorType } from "../../../src/stream_types.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import { IndicatorEngine } from "../../../testing/indicators/engine.ts";
import { fires } from "../../../testing/indicators/compute.ts";
import { parseIndicatorObjects } from "../../../testing/indicators/request.ts";
import type { CandleHistory } from "../../../testing/indicators/history.ts";
import { encodeFrames } from "../../../testing/codec/frames.ts";
import { FakeClock } from "../../../testing/clock.ts";

const TYPES = Object.keys(PARAMS) as IndicatorType[];

/** Every allowed `params` object of a type (camelCase), from the client's own tables. */
function allParams(t: IndicatorType, allowed: Allowed): Record<string, unknown>[] {
  const specs = PARAMS[t];
  const numeric = specs.filter((s) => s.kind !== "ma");
  let tuples: (readonly unknown[])[] = allowed.tuples ? [...allowed.tuples] : [[]];
  if (!allowed.tuples) {
    for (const s of numeric) {
      tuples = tuples.flatMap((tuple) => allowed.each![s.name]!.map((v) => [...tuple, v]));
    }
  }
  const out: Record<string, unknown>[] = [];
  const averages = specs.some((s) => s.kind === "ma") ? ["SMA", "EMA"] : [undefined];
  for (const average of averages) {
    for (const tuple of tuples) {
      const params: Record<string, unknown> = {};
      let i = 0;
      for (const s of specs) params[s.name] = s.kind === "ma" ? average : tuple[i++];
      out.push(params);
    }
  }
  return out;
}

/** Every indicator and every signal condition the checks allow, as a caller writes them. */
function allSpecs(): { spec: Record<string, unknown>; signal: boolean }[] {
  const out: { spec: Record<string, unknown>; signal: boolean }[] = [];
  for (const type of TYPES) {
    for (const params of allParams(type, VALUE[type])) {
      out.push({ spec: { type, params }, signal: false });
    }
    for (const params of allParams(type, SIGNAL[type])) {
      for (const [trigger, need] of Object.entries(TRIGGERS[type])) {
        for (const v of need?.values ?? [undefined]) {
          const spec: Record<string, unknown> = { type, params, trigger };
          if (need) spec.eventParams = { [need.name]: v };
          out.push({ spec, signal: true });
        }
      }
    }
  }
  return out;
}

/**
 * 1200 five-minute candles that make every documented condition fire somewhere: a slow and a
 * fast triangle wave (trends for RSI, crossings of every average and of MACD), one-candle jumps
 * up and down (Bollinger band breaks), and a volume spike every 150 candles.
 */
function history(): CandleHistory {
  const tri = (i: number, period: number) => Math.abs(((i % period) / period) * 4 - 2) - 1;
  const h: CandleHistory = { starts: [], closes: [], volumes: [] };
  for (let i = 0; i < 1200; i++) {
    let close = 1_000_000 * (1 + 0.3 * tri(i, 400) + 0.1 * tri(i, 60));
    if (i % 150 === 100) close *= 1.2;
    if (i % 150 === 25) close *= 0.8;
    h.starts.push(Date.UTC(2026, 0, 1) + i * 300_000);
    h.closes.push(Math.round(close));
    h.volumes.push(i % 150 === 75 ? 40 : 1 + (i % 3));
  }
  return h;
}

const HISTORY = history();
const engine = new IndicatorEngine({
  clock: new FakeClock(0),
  price: () => undefined,
  connections: () => [],
  seed: 1,
});

/** The frame the emulator's engine sends for a combination: the first candle where it fires. */
function echoed(
  sub: Parameters<IndicatorEngine["frameFor"]>[0],
): ReturnType<IndicatorEngine["frameFor"]> {
  for (let n = 1; n < HISTORY.closes.length; n++) {
    if (sub.type === "indicator_signal" && !fires(sub, HISTORY, n)) continue;
    const h: CandleHistory = {
      starts: HISTORY.starts.slice(0, n + 1),
      closes: HISTORY.closes.slice(0, n + 1),
      volumes: HISTORY.volumes.slice(0, n + 1),
    };
    const frame = engine.frameFor(sub, h, HISTORY.starts[n]! + 1);
    if (frame !== undefined) return frame;
  }
  return undefined;
}

function decode(text: string): UpbitEvent[] {
  const events: UpbitEvent[] = [];
  createDecoder({ validate: "always" }).decode(text, {
    event: (e) => events.push(e),
    status: () => {},
    serverError: (name) => assert.fail(name),
    subscriptions: () => {},
    invalid: (error) => assert.fail(error.message),
  });
  return events;
}

describe("indicatorKey", () => {
  it("is the type and params, and for a signal the trigger and condition params", () => {
    assert.equal(indicatorKey("rsi", { period: 14 }), 'rsi|{"period":14}');
    assert.equal(
      indicatorKey("rsi", { period: 14 }, "overbought", { threshold: 70 }),
      'rsi|{"period":14}|overbought|{"threshold":70}',
    );
    assert.equal(
      indicatorKey("macd", { fast: 12, slow: 26, signal_period: 9 }, "golden_cross"),
      'macd|{"fast":12,"slow":26,"signal_period":9}|golden_cross|{}',
    );
  });
});

describe("canonicalIndicator", () => {
  it("puts event_params on the wire only for a trigger that takes them", () => {
    assert.deepEqual(canonicalIndicator("rsi", { period: 14 }).wire, {
      type: "rsi",
      params: { period: 14 },
    });
    assert.deepEqual(canonicalIndicator("macd", { fast: 5 }, "dead_cross").wire, {
      type: "macd",
      params: { fast: 5 },
      trigger: "dead_cross",
    });
    const spike = canonicalIndicator("volume", { period: 20 }, "volume_spike", { multiplier: 3 });
    assert.deepEqual(spike.wire.event_params, { multiplier: 3 });
    assert.equal(
      spike.key,
      indicatorKey("volume", { period: 20 }, "volume_spike", { multiplier: 3 }),
    );
  });
});

describe("eventKey", () => {
  it("reads camelCase params in the docs' order and ignores keys Upbit may add", () => {
    assert.equal(
      eventKey("ma_crossover", { longPeriod: 20, shortPeriod: 5, type: "EMA", extra: 1 }),
      'ma_crossover|{"type":"EMA","short_period":5,"long_period":20}',
    );
    assert.equal(
      eventKey("rsi", { period: 14 }, "oversold", { threshold: 30, extra: 1 }),
      'rsi|{"period":14}|oversold|{"threshold":30}',
    );
    assert.equal(
      eventKey("moving_average", { type: "SMA", period: 20 }, "price_cross_above", { x: 1 }),
      'moving_average|{"type":"SMA","period":20}|price_cross_above|{}',
    );
  });

  it("has no key for an unknown or inherited type or trigger", () => {
    assert.equal(eventKey("stochastic", { period: 14 }), undefined);
    assert.equal(eventKey("constructor", {}), undefined);
    assert.equal(eventKey("rsi", { period: 14 }, "golden_cross", {}), undefined);
    assert.equal(eventKey("rsi", { period: 14 }, "toString", {}), undefined);
  });

  it("equals the request's key for every indicator and signal condition Upbit echoes", () => {
    const specs = allSpecs();
    // Every type, every trigger, every condition value, every allowed params object.
    assert.equal(specs.filter((s) => !s.signal).length, 81);
    assert.equal(specs.filter((s) => s.signal).length, 95);
    const formats = ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"] as const;
    for (const { spec, signal } of specs) {
      const what = JSON.stringify(spec);
      const [indicator] = checkIndicators([spec], signal);
      const set = new InfoDesiredSet();
      const got: UpbitEvent[] = [];
      set.add({
        type: signal ? "indicator_signal" : "indicator",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [indicator!],
        deliver: (e) => got.push(e),
      });
      const request = new InfoRequests(set).request("t", "DEFAULT")!;
      const objects = (JSON.parse(request.text) as Record<string, unknown>[]).slice(1, -1);
      const parsed = parseIndicatorObjects(objects);
      assert.ok(!("error" in parsed), `the emulator accepts ${what}`);
      assert.equal(parsed.subscriptions.length, 1);
      const frame = echoed(parsed.subscriptions[0]!);
      assert.ok(frame, `the emulator's engine sends an event for ${what}`);
      const router = new InfoRouter(set);
      for (const format of formats) {
        const [event] = decode(encodeFrames([frame], format)[0]!);
        assert.ok(event?.type === "indicator" || event?.type === "indicator_signal");
        const key = event.type === "indicator"
          ? eventKey(event.indicator, event.params)
          : eventKey(event.indicator, event.params, event.trigger, event.eventParams);
        assert.equal(key, indicator!.key, `${what} in ${format}`);
        assert.equal(router.route(event), true, `${what} in ${format} is routed`);
      }
      assert.equal(got.length, formats.length);
    }
  });
});
