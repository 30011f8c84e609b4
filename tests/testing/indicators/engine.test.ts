/**
 * The emulator's `/websocket/v1/info` endpoint, transport-free on a fake clock: JWT, Upbit's
 * refusals (INVALID_PARAM, WRONG_FORMAT, TOO_MANY_REQUEST over 100 combinations), values at each
 * candle close checked against the tests' own computation, SIMPLE nested keys, signals only on
 * false→true transitions (with the tie rule), LIST_SUBSCRIPTIONS, and timers only while needed.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { FakeClock } from "../../../testing/clock.ts";
import { EmulatorCore } from "../../../testing/core/core.ts";
import { FakeTransport } from "../../_helpers/fake_transport.ts";
import { bollinger, close, macd, movingAverage, rsi } from "../../_helpers/indicators_ref.ts";

// 12:02:30 UTC: the 5m candle in progress started at 12:00 and closes at 12:05.
const START = Date.UTC(2026, 8, 23, 12, 2, 30);
const AK = "info-access";
const SK = "info-secret-0123456789";

async function token(): Promise<string> {
  return await new SignJWT({ access_key: AK, nonce: crypto.randomUUID() })
    .setProtectedHeader({ alg: "HS512", typ: "JWT" })
    .sign(new TextEncoder().encode(SK));
}

function setup() {
  const clock = new FakeClock(START);
  const core = new EmulatorCore({
    clock,
    market: { tickMs: 0 },
    accounts: [{ accessKey: AK, secretKey: SK }],
    errorCloseDelayMs: 0,
    idleTimeoutMs: 86_400_000, // the test stays silent across candle closes
  });
  return {
    clock,
    core,
    async open(auth = true) {
      const headers: Record<string, string> = auth
        ? { authorization: `Bearer ${await token()}` }
        : {};
      const d = await core.upgrade({ path: "/websocket/v1/info", headers, ip: "127.0.0.1" });
      assert.ok(d.ok);
      const t = new FakeTransport();
      return { conn: core.accept(d.ticket, t), t };
    },
  };
}

const req = (...objects: unknown[]) => JSON.stringify([{ ticket: "t" }, ...objects]);
const RSI = { type: "rsi", params: { period: 14 } };

describe("emulator /info: requests", () => {
  it("needs a JWT", async () => {
    const { core, open } = setup();
    const { conn, t } = await open(false);
    conn.receive(
      req({ type: "indicator", codes: ["KRW-BTC"], timeframe: "5m", indicators: [RSI] }),
    );
    assert.equal((t.json()[0]!["error"] as { name: string }).name, "INVALID_AUTH");
    core.close();
  });

  it("refuses what the pages say it refuses, then closes", async () => {
    const cases: Array<[unknown, string]> = [
      [
        { type: "indicator", codes: ["KRW-BTC"], timeframe: "1m", indicators: [RSI] },
        "INVALID_PARAM",
      ],
      [{
        type: "indicator",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [{ type: "rsi", params: { period: 15 } }],
      }, "INVALID_PARAM"],
      [{
        type: "indicator",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [{ type: "rsi", params: { period: "14" } }],
      }, "WRONG_FORMAT"],
      [{
        type: "indicator",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [{ type: "bollinger_bands", params: { period: 20, multiplier: 2.04 } }],
      }, "INVALID_PARAM"],
      // Valid for indicator, not for signals.
      [{
        type: "indicator_signal",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [{
          type: "rsi",
          params: { period: 2 },
          trigger: "overbought",
          event_params: { threshold: 70 },
        }],
      }, "INVALID_PARAM"],
      [{
        type: "indicator_signal",
        codes: ["KRW-BTC"],
        timeframe: "5m",
        indicators: [{ type: "rsi", params: { period: 14 }, trigger: "golden_cross" }],
      }, "INVALID_PARAM"],
      [{ type: "indicator", timeframe: "5m", indicators: [RSI] }, "NO_CODES"],
      [{ type: "ticker", codes: ["KRW-BTC"] }, "INVALID_PARAM"],
    ];
    for (const [object, name] of cases) {
      const { core, open, clock } = setup();
      const { conn, t } = await open();
      conn.receive(req(object));
      clock.tick(1);
      assert.equal((t.json()[0]!["error"] as { name: string }).name, name, JSON.stringify(object));
      assert.ok(t.closed, "closed after the error");
      core.close();
    }
  });

  it("sums codes × indicators of both types and refuses the 101st with TOO_MANY_REQUEST", async () => {
    const codes = (n: number) => Array.from({ length: n }, (_, i) => `KRW-C${i}`);
    const { core, open, clock } = setup();
    const ok = await open();
    ok.conn.receive(req(
      {
        type: "indicator",
        codes: codes(25),
        timeframe: "5m",
        indicators: [RSI, { type: "volume", params: { period: 20 } }],
      },
      {
        type: "indicator_signal",
        codes: codes(50),
        timeframe: "5m",
        indicators: [{
          type: "rsi",
          params: { period: 14 },
          trigger: "overbought",
          event_params: { threshold: 70 },
        }],
      },
    ));
    assert.equal(ok.t.sent.length, 0, "100 combinations: accepted, no acknowledgement");
    assert.equal(ok.t.closed, undefined);
    const over = await open();
    over.conn.receive(req(
      {
        type: "indicator",
        codes: codes(25),
        timeframe: "5m",
        indicators: [RSI, { type: "volume", params: { period: 20 } }],
      },
      {
        type: "indicator_signal",
        codes: codes(51),
        timeframe: "5m",
        indicators: [{
          type: "rsi",
          params: { period: 14 },
          trigger: "overbought",
          event_params: { threshold: 70 },
        }],
      },
    ));
    clock.tick(1);
    assert.equal((over.t.json()[0]!["error"] as { name: string }).name, "TOO_MANY_REQUEST");
    assert.ok(over.t.closed);
    core.close();
  });

  it("echoes the registered set in LIST_SUBSCRIPTIONS", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    const signal = {
      type: "rsi",
      params: { period: 7 },
      trigger: "overbought",
      event_params: { threshold: 70 },
    };
    conn.receive(
      req({ type: "indicator_signal", codes: ["KRW-DOGE"], timeframe: "5m", indicators: [signal] }),
    );
    conn.receive(
      JSON.stringify([{ ticket: "l" }, { method: "LIST_SUBSCRIPTIONS" }, { format: "DEFAULT" }]),
    );
    assert.deepEqual(t.json(), [{
      method: "LIST_SUBSCRIPTIONS",
      result: [{
        type: "indicator_signal",
        codes: ["KRW-DOGE"],
        timeframe: "5m",
        indicators: [signal],
      }],
      ticket: "l",
    }]);
    core.close();
  });
});

describe("emulator /info: values at candle close", () => {
  it("sends one frame per combination at the boundary, matching our own computation", async () => {
    const { core, open, clock } = setup();
    const { conn, t } = await open();
    conn.receive(req({
      type: "indicator",
      codes: ["KRW-BTC", "KRW-ETH"],
      timeframe: "5m",
      indicators: [
        RSI,
        { type: "moving_average", params: { type: "EMA", period: 20 } },
        { type: "bollinger_bands", params: { period: 20, multiplier: 2.0 } },
        { type: "macd", params: { fast: 12, slow: 26, signal_period: 9 } },
        { type: "ma_crossover", params: { type: "SMA", short_period: 5, long_period: 20 } },
        { type: "volume", params: { period: 10 } },
      ],
    }));
    core.market.trade("KRW-BTC", { volume: 0.5 });
    core.market.trade("KRW-BTC", { volume: 0.25 });
    clock.tick(2 * 60_000 + 29_000);
    assert.equal(t.sent.length, 0, "nothing before the candle closes");
    clock.tick(1000); // 12:05:00
    const frames = t.json();
    assert.equal(frames.length, 12);
    for (const f of frames) {
      assert.equal(
        f["candle_date_time_utc"],
        "2026-09-23T12:00:00",
        "the start of the closed candle",
      );
      assert.equal(f["timestamp"], Date.UTC(2026, 8, 23, 12, 5, 0));
      assert.equal(f["stream_type"], "REALTIME");
    }
    const h = core.indicators.history("KRW-BTC", "5m");
    assert.equal(h.starts.at(-1), Date.UTC(2026, 8, 23, 12, 0, 0));
    assert.equal(h.closes.at(-1), core.market.lastPrice("KRW-BTC"));
    assert.equal(h.volumes.at(-1), 0.75, "the traded volume of the candle");
    const btc = (ind: string) =>
      frames.find((f) => f["code"] === "KRW-BTC" && f["indicator"] === ind)!["value"] as Record<
        string,
        number
      >;
    const xs = h.closes;
    assert.ok(close(btc("rsi")["rsi"]!, rsi(xs, 14)));
    assert.ok(close(btc("moving_average")["value"]!, movingAverage("EMA", xs, 20)));
    const [up, mid, low] = bollinger(xs, 20, 2);
    assert.ok(close(btc("bollinger_bands")["bb_upper"]!, up));
    assert.ok(close(btc("bollinger_bands")["bb_middle"]!, mid));
    assert.ok(close(btc("bollinger_bands")["bb_lower"]!, low));
    const [m, s, hist] = macd(xs, 12, 26, 9);
    assert.ok(close(btc("macd")["macd"]!, m));
    assert.ok(close(btc("macd")["macd_signal"]!, s));
    assert.ok(close(btc("macd")["histogram"]!, hist));
    assert.ok(close(btc("ma_crossover")["ma_short"]!, movingAverage("SMA", xs, 5)));
    assert.ok(close(btc("ma_crossover")["ma_long"]!, movingAverage("SMA", xs, 20)));
    const vols = h.volumes.slice(-10);
    const avg = vols.reduce((a, b) => a + b, 0) / 10;
    assert.deepEqual(btc("volume"), {
      volume: 0.75,
      avg_volume: Math.round(avg * 1e8) / 1e8,
      ratio: Math.round((0.75 / avg) * 1e8) / 1e8,
    });
    // The next candle closes five minutes later.
    clock.tick(5 * 60_000);
    assert.equal(t.sent.length, 24);
    assert.equal(t.json(12)[0]!["candle_date_time_utc"], "2026-09-23T12:05:00");
    core.close();
  });

  it("shortens the nested keys in SIMPLE", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    conn.receive(req(
      {
        type: "indicator_signal",
        codes: ["KRW-BTC"],
        timeframe: "15m",
        indicators: [{
          type: "volume",
          params: { period: 20 },
          trigger: "volume_spike",
          event_params: { multiplier: 2.0 },
        }],
      },
      {
        type: "indicator",
        codes: ["KRW-BTC"],
        timeframe: "15m",
        indicators: [{ type: "moving_average", params: { type: "SMA", period: 20 } }],
      },
      { format: "SIMPLE" },
    ));
    const h = core.indicators.history("KRW-BTC", "15m");
    const avg = h.volumes.slice(-19).reduce((a, b) => a + b, 0);
    core.indicators.closeCandle("15m", { volumes: { "KRW-BTC": avg * 10 } }); // a spike
    const frames = t.json();
    const ma = frames.find((f) => f["ty"] === "indicator")!;
    assert.deepEqual(Object.keys(ma), ["ty", "cd", "tf", "ind", "p", "cdttmu", "v", "tms", "st"]);
    assert.deepEqual(ma["p"], { t: "SMA", p: 20 });
    assert.deepEqual(Object.keys(ma["v"] as object), ["value"]);
    const spike = frames.find((f) => f["ty"] === "indicator_signal")!;
    assert.equal(spike["tr"], "volume_spike");
    assert.deepEqual(spike["ep"], { mul: 2 });
    assert.deepEqual(Object.keys(spike["v"] as object), ["vol", "av", "rto"]);
    core.close();
  });
});

describe("emulator /info: signals", () => {
  it("fires on false→true only, never while the condition holds, again after it lapsed", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    conn.receive(req({
      type: "indicator_signal",
      codes: ["KRW-BTC"],
      timeframe: "5m",
      indicators: [{
        type: "rsi",
        params: { period: 14 },
        trigger: "oversold",
        event_params: { threshold: 30 },
      }],
    }));
    let price = core.indicators.history("KRW-BTC", "5m").closes.at(-1)!;
    const expected: boolean[] = [];
    const got: boolean[] = [];
    let before = rsi(core.indicators.history("KRW-BTC", "5m").closes, 14) <= 30;
    // Down hard, up hard, down hard again: the condition turns true twice.
    const moves = [...Array(12).fill(0.96), ...Array(12).fill(1.05), ...Array(12).fill(0.95)];
    for (const move of moves) {
      price = Math.round(price * move);
      const n = t.sent.length;
      core.indicators.closeCandle("5m", { prices: { "KRW-BTC": price } });
      const now = rsi(core.indicators.history("KRW-BTC", "5m").closes, 14) <= 30;
      expected.push(now && !before);
      got.push(t.sent.length > n);
      before = now;
    }
    assert.deepEqual(got, expected);
    assert.equal(expected.filter(Boolean).length, 2, "the scenario crosses twice");
    const frame = t.json().at(-1)!;
    assert.equal(frame["trigger"], "oversold");
    assert.deepEqual(frame["event_params"], { threshold: 30 });
    assert.ok((frame["value"] as { rsi: number }).rsi <= 30);
    core.close();
  });

  it("holds the state through ties (5 → 10 → 10 → 10 → 15)", async () => {
    // The moving average of period 5 over equal closes equals the close: a tie each candle.
    const { core, open } = setup();
    const { conn, t } = await open();
    conn.receive(req({
      type: "indicator_signal",
      codes: ["KRW-BTC"],
      timeframe: "5m",
      indicators: [{
        type: "moving_average",
        params: { type: "SMA", period: 5 },
        trigger: "price_cross_above",
      }],
    }));
    const fired: boolean[] = [];
    const closeAt = (p: number) => {
      const n = t.sent.length;
      core.indicators.closeCandle("5m", { prices: { "KRW-BTC": p } });
      fired.push(t.sent.length > n);
    };
    for (let i = 0; i < 5; i++) closeAt(100); // flat: ties (the state before the run decides)
    closeAt(90); // below
    for (let i = 0; i < 5; i++) closeAt(90); // ties again: below is held
    closeAt(200); // above: the one event
    closeAt(210); // still above: none
    assert.deepEqual(fired.slice(5), [false, false, false, false, false, false, true, false]);
    core.close();
  });

  it("arms a timer only while an /info connection has combinations", async () => {
    const { core, open, clock } = setup();
    const { conn, t } = await open();
    const pending = clock.pending; // the idle timer
    conn.receive(
      req({ type: "indicator", codes: ["KRW-BTC"], timeframe: "60m", indicators: [RSI] }),
    );
    assert.equal(clock.pending, pending + 1, "a timer for the 60m boundary");
    conn.transportClosed(1000);
    assert.equal(clock.pending, 0, "no timer left once the connection is gone");
    assert.equal(t.sent.length, 0);
    core.close();
  });
});
