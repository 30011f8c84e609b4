/**
 * The client against the emulator over real loopback sockets, on every runtime (on workerd the
 * emulator runs in the test driver's process and is driven over HTTP).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../../mod.ts";
import type { UpbitClientOptions } from "../../src/options.ts";
import type { MyOrderEvent, TickerEvent, TradeEvent, UpbitEvent } from "../../src/types.ts";
import { ServerError, type UpbitError } from "../../src/errors.ts";
import type { EmulatorOptions } from "../../testing/mod.ts";
import { publicStreams, type RemoteOrLocalEmulator, useEmulator } from "../_helpers/emulator.ts";
import { cleanupAfterEach } from "../_helpers/cleanups.ts";
import { eventually } from "../_helpers/wait.ts";

const defer = cleanupAfterEach();

const KEYS = { accessKey: "test-access-key", secretKey: "test-secret-key-0123456789" };

async function setup(
  clientOptions: UpbitClientOptions = {},
  emulatorOptions: EmulatorOptions = {},
): Promise<{ emu: RemoteOrLocalEmulator; client: UpbitClient; errors: UpbitError[] }> {
  const emu = await useEmulator({
    market: { tickMs: 0 },
    errorCloseDelayMs: 5,
    accounts: [KEYS],
    ...emulatorOptions,
  });
  defer(() => emu.close());
  const client = new UpbitClient({
    url: emu.url,
    privateUrl: emu.privateUrl,
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    lingerMs: 0,
    ...clientOptions,
  });
  defer(() => client.close());
  const errors: UpbitError[] = [];
  client.addEventListener("error", (e) => void errors.push(e.error));
  return { emu, client, errors };
}

/** The emulator's view of the public connection's subscription, as comparable strings. */
async function serverSet(emu: RemoteOrLocalEmulator): Promise<string[]> {
  return (await publicStreams(emu)).flat().sort();
}

describe("client ↔ emulator over loopback", () => {
  for (const format of ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"] as const) {
    it(`delivers snapshot then realtime in ${format}, decoded to the same shape`, async () => {
      const { emu, client } = await setup({ format });
      const got: UpbitEvent[] = [];
      const sub = client.subscribeTicker(["KRW-BTC", "KRW-ETH"], (e) => void got.push(e));
      await eventually(() => got.length >= 2);
      assert.deepEqual(got.map((e) => e.streamType), ["SNAPSHOT", "SNAPSHOT"]);
      await emu.trade("KRW-BTC", { price: 150_000_000 });
      await eventually(() => got.some((e) => e.streamType === "REALTIME"));
      const live = got.find((e) => e.streamType === "REALTIME")!;
      assert.equal(live.type, "ticker");
      assert.equal(live.type === "ticker" && live.tradePrice, 150_000_000);
      assert.equal(typeof (live.type === "ticker" && live.accTradeVolume24h), "number");
      sub.close();
    });
  }

  it("snapshot() answers every code; orderbook depth follows units", async () => {
    const { client } = await setup();
    const books = await client.snapshot("orderbook", ["KRW-BTC", "KRW-ETH"], { units: 5 });
    assert.deepEqual(books.map((b) => b.code), ["KRW-BTC", "KRW-ETH"]);
    for (const b of books) {
      assert.equal(b.orderbookUnits.length, 5);
      const asks = b.orderbookUnits.map((u) => u.askPrice);
      assert.deepEqual(asks, [...asks].sort((x, y) => x - y));
    }
    const candles = await client.snapshot("candle.1m", ["KRW-BTC"]);
    assert.equal(candles[0]!.type, "candle.1m");
  });

  it("snapshot() names codes Upbit ignores", async () => {
    const { client } = await setup();
    await assert.rejects(
      client.snapshot("ticker", ["KRW-BTC", "KRW-NOPE"], { timeoutMs: 300 }),
      { name: "TimeoutError", codes: ["KRW-NOPE"] },
    );
  });

  it("keeps the server's subscription equal to the live consumers", async () => {
    const { emu, client } = await setup();
    const a = client.ticker(["KRW-BTC", "KRW-ETH"]);
    const b = client.subscribeOrderbook(["KRW-BTC"], () => {}, { units: 15 });
    const c = client.subscribeTrade(["KRW-XRP"], () => {}, { stream: "realtime" });
    await eventually(async () =>
      (await serverSet(emu)).join() ===
        ["orderbook:KRW-BTC.15", "ticker:KRW-BTC", "ticker:KRW-ETH", "trade:KRW-XRP"].join()
    );
    a.close();
    await eventually(async () =>
      (await serverSet(emu)).join() === ["orderbook:KRW-BTC.15", "trade:KRW-XRP"].join()
    );
    const listed = await client.listSubscriptions();
    assert.deepEqual(listed.map((s) => s.type).sort(), ["orderbook", "trade"]);
    b.close();
    c.close();
  });

  it("sends 1,000 subscribes made in one tick as one request", async () => {
    const { emu, client } = await setup();
    const keep = client.subscribeTicker(["KRW-BTC"], () => {});
    await eventually(async () => (await emu.state()).stats.requests === 1);
    const subs = [];
    for (let i = 0; i < 1000; i++) {
      subs.push(client.subscribeTrade([i % 2 ? "KRW-ETH" : "KRW-BTC"], () => {}));
    }
    await eventually(async () => (await emu.state()).stats.requests >= 2);
    await new Promise((r) => setTimeout(r, 50));
    const { stats } = await emu.state();
    assert.equal(stats.requests, 2);
    assert.equal(stats.rateLimitViolations, 0);
    for (const s of subs) s.close();
    keep.close();
  });

  it("recovers from a dropped socket: resubscribes, fresh snapshot, no limit violated", async () => {
    const { emu, client } = await setup();
    const got: UpbitEvent[] = [];
    let reconnects = 0;
    client.addEventListener("reconnect", () => reconnects++);
    client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await eventually(() => got.length === 1);
    for (let round = 1; round <= 3; round++) {
      await emu.fault({ kind: "drop" });
      await eventually(() => got.length === 1 + round);
      assert.equal(got.at(-1)!.streamType, "SNAPSHOT");
    }
    assert.equal(reconnects, 3);
    const { stats } = await emu.state();
    assert.equal(stats.rateLimitViolations, 0);
    assert.deepEqual(await serverSet(emu), ["ticker:KRW-BTC"]);
  });

  it("detects a stalled socket within staleAfterMs and replaces it", async () => {
    const { emu, client, errors } = await setup({ keepalive: { staleAfterMs: 150 } });
    const got: UpbitEvent[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await eventually(() => got.length === 1);
    const stalledAt = Date.now();
    // Stall this socket only: a global stall would silence the replacement too.
    const { connections } = await emu.state();
    const id = connections.find((c) => c.open && c.endpoint === "public")!.id;
    await emu.fault({ kind: "stall" }, id);
    await eventually(() => got.length === 2);
    const detected = Date.now() - stalledAt;
    assert.ok(errors.some((e) => /stalled/.test(e.message)));
    assert.ok(detected < 2000, `replaced after ${detected} ms`);
  });

  it("reports an error frame as a ServerError and carries on after Upbit's close", async () => {
    const { emu, client, errors } = await setup();
    const got: UpbitEvent[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await eventually(() => got.length === 1);
    await emu.fault({ kind: "error", name: "INVALID_PARAM", message: "bad", close: true });
    await eventually(() => got.length === 2);
    assert.ok(errors.some((e) => e.name === "ServerError"));
  });

  it("TOO_MANY_REQUEST then close: waits (jittered), comes back with every subscription, no subscription error", async () => {
    // The emulator refuses the third request on one socket (its per-minute budget is 2), as
    // Upbit does over its message limit: TOO_MANY_REQUEST, then close 1000 (§10.2).
    const { emu, client, errors } = await setup(
      { random: () => 0.5, reconnect: { initialDelayMs: 5, maxDelayMs: 200 } },
      { rateLimits: { messagesPerMinute: 2 } },
    );
    const subErrors: unknown[] = [];
    const got = new Map<string, UpbitEvent[]>();
    const collect = (key: string) => (e: UpbitEvent) =>
      void got.set(key, [...(got.get(key) ?? []), e]);
    const onError = (e: unknown) => void subErrors.push(e);
    client.subscribeTicker(["KRW-BTC"], collect("ticker"), { onError });
    await eventually(() => (got.get("ticker") ?? []).length === 1);
    client.subscribeTrade(["KRW-ETH"], collect("trade"), { onError, stream: "realtime" });
    await eventually(async () => (await serverSet(emu)).includes("trade:KRW-ETH"));
    const refusedAt = Date.now();
    client.subscribeOrderbook(["KRW-XRP"], collect("orderbook"), { onError });
    await eventually(() => errors.some((e) => e.code === "RATE_LIMITED"));
    await eventually(() => (got.get("orderbook") ?? []).length >= 1);
    const back = Date.now() - refusedAt;
    // At least half the longest backoff (plus the random share, here 0.5 × 200 ms).
    assert.ok(back >= 150, `came back after ${back} ms`);
    assert.deepEqual(await serverSet(emu), [
      "orderbook:KRW-XRP",
      "ticker:KRW-BTC",
      "trade:KRW-ETH",
    ]);
    await emu.trade("KRW-ETH");
    await eventually(() => (got.get("trade") ?? []).length >= 1);
    assert.deepEqual(subErrors, []);
    assert.equal(client.health().subscriptions, 3);
    const limited = errors.find((e) => e.code === "RATE_LIMITED");
    assert.equal(limited?.name, "ServerError");
    assert.equal((await emu.state()).stats.errorsByName["TOO_MANY_REQUEST"], 1);
  });

  it("a TOO_MANY_REQUEST that never clears (too many combinations) fails the newcomer, not the rest", async () => {
    // §10.2: TOO_MANY_REQUEST also refuses a request with too many combinations; waiting never
    // clears it. After three in a row for the same request the newcomer is blamed like any refusal.
    const { emu, client, errors } = await setup(
      { random: () => 0.5, reconnect: { initialDelayMs: 5, maxDelayMs: 50 } },
      { refusals: { maxCombinations: 3 } },
    );
    const ticks: UpbitEvent[] = [];
    const otherErrors: unknown[] = [];
    const onError = (e: unknown) => void otherErrors.push(e);
    client.subscribeTicker(["KRW-BTC"], (e) => void ticks.push(e), { onError });
    client.subscribeTrade(["KRW-ETH"], () => {}, { onError, stream: "realtime" });
    await eventually(() => ticks.length === 1);
    await eventually(async () => (await serverSet(emu)).includes("trade:KRW-ETH"));
    const book = client.orderbook(["KRW-BTC", "KRW-XRP"]);
    await assert.rejects(book[Symbol.asyncIterator]().next(), (e: unknown) => {
      assert.ok(e instanceof ServerError, String(e));
      assert.equal(e.serverName, "TOO_MANY_REQUEST");
      return true;
    });
    await eventually(async () => (await serverSet(emu)).join() === "ticker:KRW-BTC,trade:KRW-ETH");
    await emu.trade("KRW-BTC");
    await eventually(() => ticks.some((e) => e.streamType === "REALTIME"));
    assert.deepEqual(otherErrors, []);
    assert.ok(errors.some((e) => e.code === "RATE_LIMITED"));
    assert.equal(client.health().subscriptions, 2);
  });

  it("a refused orderbook(codes, { level }) fails with the server's error; the ticker keeps flowing and sees no error", async () => {
    // Answering like a host that refuses an unsupported level: WRONG_FORMAT, then close 1000.
    const { emu, client } = await setup({}, {
      refusals: { unsupportedLevel: "wrong-format", language: "en" },
    });
    const ticks: UpbitEvent[] = [];
    const tickerErrors: unknown[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void ticks.push(e), {
      onError: (e) => void tickerErrors.push(e),
    });
    await eventually(() => ticks.length === 1);
    const book = client.orderbook(["KRW-BTC"], { level: 12345 });
    await assert.rejects(book[Symbol.asyncIterator]().next(), (e: unknown) => {
      assert.ok(e instanceof ServerError, String(e));
      assert.equal(e.serverName, "WRONG_FORMAT");
      assert.equal(e.serverMessage, "The format is not valid.");
      return true;
    });
    await eventually(async () => (await serverSet(emu)).join() === "ticker:KRW-BTC");
    await eventually(() => ticks.length >= 2); // the fresh snapshot after the reconnect
    await emu.trade("KRW-BTC");
    await eventually(() => ticks.some((e) => e.streamType === "REALTIME"));
    assert.deepEqual(tickerErrors, []);
    assert.equal(client.health().subscriptions, 1);
    assert.equal(client.health().status, "healthy");
  });

  it("turns a malformed frame into a DecodeError event without losing the stream", async () => {
    const { emu, client, errors } = await setup();
    const got: UpbitEvent[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await eventually(() => got.length === 1);
    await emu.fault({ kind: "malformed" });
    await emu.trade("KRW-BTC");
    await eventually(() => got.length === 2 && errors.some((e) => e.code === "DECODE"));
    assert.equal(client.metrics().reconnects, 0);
  });

  it("streams private order events for every state, and balances", async () => {
    const { emu, client } = await setup(KEYS);
    const orders: MyOrderEvent[] = [];
    const assets: UpbitEvent[] = [];
    client.subscribeMyOrder(undefined, (e) => void orders.push(e));
    client.subscribeMyAsset((e) => void assets.push(e));
    await eventually(async () =>
      (await emu.state()).connections.some((c) => c.endpoint === "private" && c.requests.count > 0)
    );
    const place = (body: Record<string, unknown>) =>
      emu.control("orders", { accessKey: KEYS.accessKey, market: "KRW-BTC", ...body }) as Promise<
        { uuid: string }
      >;
    const a = await place({ side: "bid", ordType: "limit", price: 100_000_000, volume: 0.01 });
    await emu.control(`orders/${a.uuid}/fill`, { volume: 0.004 });
    await emu.control(`orders/${a.uuid}/fill`, {});
    const b = await place({ side: "bid", ordType: "limit", price: 90_000_000, volume: 0.01 });
    await emu.control(`orders/${b.uuid}/cancel`);
    const w = await place({
      side: "bid",
      ordType: "limit",
      price: 80_000_000,
      volume: 0.01,
      watch: true,
    });
    await emu.control(`orders/${w.uuid}/trigger`);
    const p = await place({ side: "bid", ordType: "limit", price: 70_000_000, volume: 0.01 });
    await emu.control(`orders/${p.uuid}/prevent`, { volume: 0.01, smpType: "cancel_maker" });
    await eventually(() =>
      ["wait", "watch", "trade", "done", "cancel", "prevented"].every((s) =>
        orders.some((o) => o.state === s)
      )
    );
    assert.ok(assets.length > 0);
    assert.ok(orders.every((o) => o.code === "KRW-BTC" && o.streamType === "REALTIME"));
  });

  it("signs a fresh token for every private connection attempt", async () => {
    const { emu, client } = await setup(KEYS);
    client.subscribeMyAsset(() => {});
    await eventually(async () => (await emu.state()).connections.some((c) => c.authenticated));
    await emu.fault({ kind: "drop" });
    await eventually(async () =>
      (await emu.state()).connections.filter((c) => c.authenticated).length >= 2
    );
    // The emulator refuses a replayed nonce; a second authenticated socket proves a new token.
    assert.equal((await emu.state()).stats.authFailures, 0);
  });

  it("stops after a few refused attempts when the secret is wrong", async () => {
    const { emu, client } = await setup({ accessKey: KEYS.accessKey, secretKey: "wrong" });
    const sub = client.myOrder();
    await assert.rejects(sub[Symbol.asyncIterator]().next(), { name: "AuthenticationError" });
    const { stats } = await emu.state();
    assert.ok(stats.authFailures >= 1 && stats.authFailures <= 3, `${stats.authFailures}`);
    assert.equal(client.health().status, "unhealthy");
  });
});

describe("client ↔ emulator sending real Upbit shapes (quirks, upbit-protocol.md §10.1)", () => {
  const send = (emu: RemoteOrLocalEmulator, text: string) =>
    emu.local ? Promise.resolve(emu.local.send(text)) : emu.control("send", { text });

  it("delivers market buy and market sell orders to myOrder consumers with their nulls", async () => {
    const { emu, client, errors } = await setup({ ...KEYS, validate: "always" }, {
      quirks: true,
      matchOrders: false, // filled by hand below
      accounts: [{ ...KEYS, balances: { KRW: 1_000_000, BTC: 1 } }],
    });
    const orders: MyOrderEvent[] = [];
    client.subscribeMyOrder(["KRW-BTC"], (e) => void orders.push(e));
    await eventually(async () =>
      (await emu.state()).connections.some((c) => c.endpoint === "private" && c.requests.count > 0)
    );
    const place = (body: Record<string, unknown>) =>
      emu.control("orders", { accessKey: KEYS.accessKey, market: "KRW-BTC", ...body }) as Promise<
        { uuid: string }
      >;
    const buy = await place({ side: "bid", ordType: "price", price: 5000 });
    await emu.control(`orders/${buy.uuid}/fill`, {});
    const sell = await place({ side: "ask", ordType: "market", volume: 0.001 });
    await emu.control(`orders/${sell.uuid}/fill`, {});
    await eventually(() => orders.length === 6);
    assert.deepEqual(orders.map((o) => [o.orderType, o.state]), [
      ["price", "wait"],
      ["price", "trade"],
      ["price", "cancel"], // a filled market buy ends in cancel (§10.1)
      ["market", "wait"],
      ["market", "trade"],
      ["market", "done"],
    ]);
    const [buyWait, buyFill, buyEnd, sellWait, sellFill] = orders as [
      MyOrderEvent,
      MyOrderEvent,
      MyOrderEvent,
      MyOrderEvent,
      MyOrderEvent,
    ];
    for (const o of [buyWait, buyEnd]) {
      assert.equal(o.uuid, buy.uuid);
      assert.equal(o.price, 5000);
      assert.equal(o.volume, null);
      assert.equal(o.remainingVolume, null);
      assert.equal(o.preventedVolume, null);
      // A regional host's frame: the later-added fields are null.
      assert.equal(o.smpType, null);
      assert.equal(o.tradeFee, null);
    }
    assert.equal(typeof buyFill.volume, "number", "a fill has its volume");
    assert.equal(sellWait.uuid, sell.uuid);
    assert.equal(sellWait.price, null);
    assert.equal(sellWait.volume, 0.001);
    assert.equal(typeof sellFill.price, "number", "a fill has its price");
    assert.deepEqual(errors, [], "real shapes are no decode errors, with validate always");
  });

  for (const validate of ["first", "always"] as const) {
    it(`delivers tickers without the deprecated fields and with null 24h totals (validate ${validate})`, async () => {
      const { emu, client, errors } = await setup({ validate }, { quirks: true });
      const got: TickerEvent[] = [];
      client.subscribeTicker(["KRW-BTC", "KRW-ETH"], (e) => void got.push(e));
      await eventually(() => got.length === 2);
      await emu.trade("KRW-BTC");
      await eventually(() => got.length === 3);
      for (const t of got) {
        assert.equal(t.isTradingSuspended, undefined);
        assert.equal(t.marketWarning, undefined);
        assert.equal(t.accTradePrice24h, null);
        assert.equal(t.accTradeVolume24h, null);
        assert.equal(typeof t.tradePrice, "number");
      }
      assert.deepEqual(errors, []);
    });
  }

  it("keeps two trades of one millisecond apart: ids …004 and …005 arrive distinct", async () => {
    const { emu, client, errors } = await setup({}, { quirks: true });
    const got: TradeEvent[] = [];
    client.subscribeTrade(["KRW-BTC"], (e) => void got.push(e));
    await eventually(() => got.length === 1);
    const frame = (id: string) =>
      `{"type":"trade","code":"KRW-BTC","timestamp":1788335180401,"trade_date":"2026-09-02","trade_time":"07:46:20","trade_timestamp":1788335180377,"trade_price":110508000.0,"trade_volume":0.0003,"ask_bid":"BID","prev_closing_price":110001000.0,"change":"RISE","change_price":507000.0,"sequential_id":${id},"stream_type":"REALTIME"}`;
    await send(emu, frame("17883351803770004"));
    await send(emu, frame("17883351803770005"));
    await emu.trade("KRW-BTC");
    await emu.trade("KRW-BTC");
    await eventually(() => got.length === 5);
    const ids = got.map((t) => t.sequentialId);
    assert.deepEqual(ids.slice(1, 3), ["17883351803770004", "17883351803770005"]);
    assert.equal(new Set(ids).size, 5, `distinct ids: ${ids.join(", ")}`);
    for (const t of got) {
      assert.match(t.sequentialId, /^\d{17}$/);
      assert.equal(t.bestAskPrice, null, "no best_* in these trades");
    }
    // The emulator's own ids are trade_timestamp × 10000 + n.
    const own = got.at(-1)!;
    assert.equal(BigInt(own.sequentialId) / 10000n, BigInt(own.tradeTimestamp));
    assert.deepEqual(errors, []);
  });
});
