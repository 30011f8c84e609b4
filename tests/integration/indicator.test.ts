/**
 * `indicator` and `indicator_signal` through the public API against the emulator's
 * `/websocket/v1/info`, on every runtime: the connection exists only while a stream is live,
 * values checked against the tests' own computation in DEFAULT and SIMPLE, RSI signals with
 * `for await`, a reconnect with a fresh token, and the 100-combination limit.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type IndicatorEvent,
  type IndicatorSignalEvent,
  UpbitClient,
  type UpbitClientOptions,
} from "../../mod.ts";
import type { UpbitError } from "../../src/errors.ts";
import { type RemoteOrLocalEmulator, useEmulator } from "../_helpers/emulator.ts";
import { bollinger, close, type History, macd, rsi } from "../_helpers/indicators_ref.ts";
import { cleanupAfterEach } from "../_helpers/cleanups.ts";
import { eventually } from "../_helpers/wait.ts";

const defer = cleanupAfterEach();

const KEYS = { accessKey: "ind-access", secretKey: "ind-secret-0123456789" };

async function setup(
  options: UpbitClientOptions = {},
): Promise<{ emu: RemoteOrLocalEmulator; client: UpbitClient; errors: UpbitError[] }> {
  const emu = await useEmulator({ market: { tickMs: 0 }, accounts: [KEYS], errorCloseDelayMs: 5 });
  defer(() => emu.close());
  // Only `url`: the /info endpoint derives from it (…/websocket/v1/info).
  const client = new UpbitClient({
    url: emu.url,
    ...KEYS,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    lingerMs: 0,
    ...options,
  });
  defer(() => client.close());
  const errors: UpbitError[] = [];
  client.addEventListener("error", (e) => void errors.push(e.error));
  return { emu, client, errors };
}

async function infoConnections(emu: RemoteOrLocalEmulator) {
  return (await emu.state()).connections.filter((c) => c.open && c.endpoint === "info");
}

/** Waits until the emulator's /info socket carries `n` combinations. */
async function subscribed(emu: RemoteOrLocalEmulator, n: number): Promise<void> {
  await eventually(async () => {
    const [c] = await infoConnections(emu);
    const count = c?.subscriptions.reduce(
      (sum, s) => sum + (s.codes?.length ?? 0) * (s.indicators?.length ?? 0),
      0,
    );
    return count === n;
  });
}

async function closeCandle(
  emu: RemoteOrLocalEmulator,
  timeframe: string,
  prices?: Record<string, number>,
): Promise<number> {
  const r = await emu.control("indicators/close", { timeframe, ...(prices ? { prices } : {}) });
  return (r as { sent: number }).sent;
}

async function history(emu: RemoteOrLocalEmulator, code: string, tf: string): Promise<History> {
  return await emu.control("indicators/history", { code, timeframe: tf }) as History;
}

describe("indicator streams against the emulator", () => {
  it("opens /info only while an indicator stream is live, with a JWT", async () => {
    const { emu, client, errors } = await setup();
    const market = client.ticker(["KRW-BTC"]);
    await market[Symbol.asyncIterator]().next();
    assert.deepEqual(await infoConnections(emu), [], "no /info socket for market data");
    assert.equal(client.health().connections.some((c) => c.name === "info"), false);
    const sub = client.indicator(["KRW-BTC"], {
      timeframe: "5m",
      indicators: [{ type: "rsi", params: { period: 14 } }],
    });
    await subscribed(emu, 1);
    const [info] = await infoConnections(emu);
    assert.equal(info!.authenticated, true);
    assert.equal(info!.path, "/websocket/v1/info");
    assert.deepEqual(info!.subscriptions[0]!.indicators, [{ type: "rsi", params: { period: 14 } }]);
    const entry = client.health().connections.find((c) => c.name === "info")!;
    assert.equal(entry.url, emu.infoUrl);
    assert.equal(entry.streams, 1);
    assert.equal(client.toJSON().infoUrl, emu.infoUrl);
    assert.deepEqual(await client.listSubscriptions("info"), [{
      type: "indicator",
      codes: ["KRW-BTC"],
      timeframe: "5m",
      indicators: [{ type: "rsi", params: { period: 14 } }],
    }]);
    sub.close();
    await eventually(async () => (await infoConnections(emu)).length === 0);
    assert.equal((await emu.state()).connections.filter((c) => c.open).length, 1, "public stays");
    market.close();
    assert.deepEqual(errors, []);
  });

  for (const format of ["DEFAULT", "SIMPLE"] as const) {
    it(`delivers values at each candle close that match our own computation (${format})`, async () => {
      const { emu, client, errors } = await setup({ format });
      const events: IndicatorEvent[] = [];
      client.subscribeIndicator(["KRW-BTC", "KRW-ETH"], (e) => void events.push(e), {
        timeframe: "15m",
        indicators: [
          { type: "rsi", params: { period: 14 } },
          { type: "bollinger_bands", params: { period: 20, multiplier: 2 } },
          { type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 } },
        ],
      });
      await subscribed(emu, 6);
      assert.equal(await closeCandle(emu, "15m"), 6);
      await eventually(() => events.length === 6);
      const h = await history(emu, "KRW-BTC", "15m");
      const btc = events.filter((e) => e.code === "KRW-BTC");
      for (const e of btc) {
        assert.equal(e.timeframe, "15m");
        assert.equal(e.streamType, "REALTIME");
        assert.equal(e.candleDateTimeUtc, new Date(h.starts.at(-1)!).toISOString().slice(0, 19));
        if (e.indicator === "rsi") {
          assert.deepEqual(e.params, { period: 14 });
          assert.ok(close(e.value.rsi, rsi(h.closes, 14)), `${e.value.rsi}`);
        } else if (e.indicator === "bollinger_bands") {
          const [up, mid, low] = bollinger(h.closes, 20, 2);
          assert.ok(close(e.value.bbUpper, up) && close(e.value.bbMiddle, mid));
          assert.ok(close(e.value.bbLower, low));
        } else if (e.indicator === "macd") {
          assert.deepEqual(e.params, { fast: 12, slow: 26, signalPeriod: 9 });
          const [m, s, hist] = macd(h.closes, 12, 26, 9);
          assert.ok(close(e.value.macd, m) && close(e.value.macdSignal, s));
          assert.ok(close(e.value.histogram, hist));
        } else {
          assert.fail(`unexpected ${e.indicator}`);
        }
      }
      assert.equal(btc.length, 3);
      assert.equal(client.metrics().messages["indicator"], 6);
      assert.deepEqual(errors, []);
    });
  }

  it("for await over RSI signals: one event per false→true transition", async () => {
    const { emu, client, errors } = await setup();
    const sub = client.indicatorSignal(["KRW-BTC"], {
      timeframe: "5m",
      indicators: [{
        type: "rsi",
        params: { period: 14 },
        trigger: "oversold",
        eventParams: { threshold: 30 },
      }],
    });
    const it = sub[Symbol.asyncIterator]();
    await subscribed(emu, 1);
    let price = (await history(emu, "KRW-BTC", "5m")).closes.at(-1)!;
    let sent = 0;
    let wasMet = rsi((await history(emu, "KRW-BTC", "5m")).closes, 14) <= 30;
    let expected = 0;
    for (let i = 0; i < 12; i++) {
      price = Math.round(price * 0.96);
      sent += await closeCandle(emu, "5m", { "KRW-BTC": price });
      const met = rsi((await history(emu, "KRW-BTC", "5m")).closes, 14) <= 30;
      if (met && !wasMet) expected++;
      wasMet = met;
    }
    assert.equal(expected, 1, "twelve falls of 4% cross into oversold once");
    assert.equal(sent, 1);
    const { value, done } = await it.next();
    assert.equal(done, false);
    const signal = value as IndicatorSignalEvent;
    assert.equal(signal.trigger, "oversold");
    assert.deepEqual(signal.eventParams, { threshold: 30 });
    if (signal.indicator !== "rsi") throw new Error("expected an RSI signal");
    assert.ok(signal.value.rsi <= 30);
    await it.return?.();
    assert.deepEqual(errors, []);
  });

  it("reconnects /info with a fresh token and resubscribes", async () => {
    const { emu, client } = await setup();
    const events: IndicatorEvent[] = [];
    client.subscribeIndicator(["KRW-ETH"], (e) => void events.push(e), {
      timeframe: "60m",
      indicators: [{ type: "moving_average", params: { type: "SMA", period: 20 } }],
    });
    await subscribed(emu, 1);
    const [first] = await infoConnections(emu);
    await emu.fault({ kind: "drop" }, first!.id);
    await eventually(async () => {
      const [c] = await infoConnections(emu);
      return c !== undefined && c.id !== first!.id && c.subscriptions.length === 1;
    });
    const { stats } = await emu.state();
    assert.equal(stats.authFailures, 0, "the emulator refuses a replayed nonce: the token is new");
    assert.equal(await closeCandle(emu, "60m"), 1);
    await eventually(() => events.length === 1);
    assert.equal(events[0]!.indicator, "moving_average");
    assert.ok(client.health().connections.find((c) => c.name === "info")!.reconnects >= 1);
  });

  it("refuses the subscription that would pass 100 combinations, alone, before sending", async () => {
    const { emu, client, errors } = await setup();
    const codes = (n: number, from: number) =>
      Array.from({ length: n }, (_, i) => `KRW-X${String(i + from).padStart(3, "0")}`);
    const kept = client.indicator([...codes(59, 0), "KRW-BTC"], {
      timeframe: "5m",
      indicators: [{ type: "rsi", params: { period: 14 } }],
    });
    await subscribed(emu, 60);
    assert.throws(
      () =>
        client.indicatorSignal(codes(41, 100), {
          timeframe: "5m",
          indicators: [{
            type: "rsi",
            params: { period: 14 },
            trigger: "overbought",
            eventParams: { threshold: 70 },
          }],
        }),
      /101 combinations .* 1 over Upbit's limit of 100/,
    );
    const [c] = await infoConnections(emu);
    assert.equal(c!.requests.count, 1, "nothing more was sent");
    assert.equal(await closeCandle(emu, "5m"), 1, "only KRW-BTC is a market; the rest stream on");
    const { value } = await kept[Symbol.asyncIterator]().next();
    assert.equal((value as IndicatorEvent).code, "KRW-BTC");
    assert.deepEqual(errors, []);
  });
});
