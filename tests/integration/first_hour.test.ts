/**
 * What a new user's first hour ran into (issue 11, "what the README and the types promise"): code
 * lists typed `as const`, one candle spelling everywhere, an aborted snapshot that says what was
 * aborted, as many `error` events as authentication refusals, and `sub.ready` (also under a burst
 * that shuts the rate gate). Against the emulator on every runtime (workerd through the spawner).
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthenticationError, UpbitClient, type UpbitClientOptions } from "../../mod.ts";
import { useEmulator } from "../_helpers/emulator.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(options: Parameters<typeof useEmulator>[0] = {}) {
  const emu = await useEmulator(options);
  cleanups.push(() => emu.close());
  const client = new UpbitClient({
    url: emu.url,
    privateUrl: emu.privateUrl,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    lingerMs: 0,
  });
  cleanups.push(() => client.close());
  return { emu, client };
}

/** A client keyed for the emulator's account "ak"/"sk" (`options` override), closed after the test. */
function accountClient(
  emu: { url: string; privateUrl: string },
  options: UpbitClientOptions = {},
): UpbitClient {
  const client = new UpbitClient({
    url: emu.url,
    privateUrl: emu.privateUrl,
    accessKey: "ak",
    secretKey: "sk",
    lingerMs: 0,
    ...options,
  });
  cleanups.push(() => client.close());
  return client;
}

describe("what the README and the types promise", () => {
  it("takes code lists declared `as const` (readonly arrays) everywhere", async () => {
    const { client } = await setup();
    const codes = ["KRW-BTC", "KRW-ETH"] as const;
    const got: string[] = [];
    for await (const t of client.ticker(codes, { stream: "snapshot" })) got.push(t.code);
    assert.deepEqual(got.sort(), ["KRW-BTC", "KRW-ETH"]);
    const [btc] = await client.snapshot("trade", codes);
    assert.equal(btc?.code, "KRW-BTC");
  });

  it("names candles `candle.1m` in candle(), subscribeCandle() and snapshot() alike", async () => {
    const { client } = await setup();
    const [fromSnapshot] = await client.snapshot("candle.1m", ["KRW-BTC"]);
    assert.equal(fromSnapshot?.type, "candle.1m");
    for (const spelling of ["candle.1m", "1m"] as const) {
      for await (const c of client.candle(spelling, ["KRW-BTC"], { stream: "snapshot" })) {
        assert.equal(c.type, "candle.1m", spelling);
      }
    }
    const via = await new Promise<string>((resolve) => {
      const sub = client.subscribeCandle("candle.1m", ["KRW-BTC"], (c) => {
        sub.close();
        resolve(c.type);
      });
    });
    assert.equal(via, "candle.1m");
    assert.throws(() => client.candle("candle.2m" as "1m", ["KRW-BTC"]), {
      name: "RangeError",
      message: /current value is "candle\.2m"/,
    });
  });

  it("refuses lower-case codes with the upper-case spelling (Upbit would send nothing)", async () => {
    const { client } = await setup();
    assert.throws(() => client.ticker(["krw-btc"]), {
      name: "TypeError",
      message: /current value is "krw-btc" \(Upbit codes are upper case: "KRW-BTC"\)/,
    });
  });

  it("an aborted snapshot rejects with an AbortError that names it, or the signal's own reason", async () => {
    const { client } = await setup();
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      client.snapshot("ticker", ["KRW-BTC"], { signal: controller.signal }),
      (e: unknown) =>
        e instanceof DOMException && e.name === "AbortError" &&
        e.message === 'The snapshot of ticker for "KRW-BTC" was aborted',
    );
    const mine = new Error("shutting down");
    const other = new AbortController();
    const pending = client.snapshot("ticker", ["KRW-NOPE"], { signal: other.signal });
    other.abort(mine);
    await assert.rejects(pending, (e: unknown) => e === mine);
  });

  it("three authentication refusals: three attempts, three error events, then the AuthenticationError", async () => {
    const { emu } = await setup({ accounts: [{ accessKey: "ak", secretKey: "sk" }] });
    const client = accountClient(emu, {
      secretKey: "not-the-secret",
      reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    });
    const errors: string[] = [];
    client.addEventListener("error", (e) => errors.push(e.error.code));
    await assert.rejects(async () => {
      for await (const _ of client.myOrder()) { /* nothing arrives */ }
    }, AuthenticationError);
    const { stats } = await emu.state();
    const attempts = stats.connectionsOpened + stats.upgradesRefused;
    assert.equal(attempts, 3, JSON.stringify(stats));
    assert.deepEqual(errors, ["AUTHENTICATION", "AUTHENTICATION", "AUTHENTICATION"]);
  });
});

describe("sub.ready: a subscription says when it is live", () => {
  it("myOrder: all 15 orders placed right after `await sub.ready` are delivered", async () => {
    const { emu } = await setup({
      accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 100_000_000 } }],
    });
    const client = accountClient(emu);
    const sub = client.myOrder(["KRW-BTC"]);
    await sub.ready;
    const placed: string[] = [];
    for (let i = 0; i < 15; i++) {
      const order = await emu.control("orders", {
        accessKey: "ak",
        market: "KRW-BTC",
        side: "bid",
        price: 1_000_000 + i * 1000,
        volume: 0.001,
      }) as { uuid: string };
      placed.push(order.uuid);
    }
    const seen = new Set<string>();
    for await (const o of sub) {
      if (o.state === "wait") seen.add(o.uuid);
      if (seen.size === placed.length) break;
    }
    assert.deepEqual([...seen].sort(), [...placed].sort());
  });

  it("myOrder on one code after another: each `await sub.ready` waits out a shut rate gate", async () => {
    // Subscribing in turn fills the 5-per-second gate. The LIST_SUBSCRIPTIONS that proves a
    // request applied then finds the gate shut; it must be asked again once the gate has room.
    // It used to be rejected with `undefined` instead of RATE_LIMITED, `ready` settled before
    // Upbit had the request, and an order placed at once was lost (about 1 run in 4 on Bun).
    const { emu } = await setup({
      accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 1_000_000_000 } }],
    });
    const client = accountClient(emu);
    const codes = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE", "KRW-ADA"];
    const seen = new Map<string, Set<string>>();
    const placed = new Map<string, string[]>();
    for (const code of codes) {
      seen.set(code, new Set());
      const sub = client.subscribeMyOrder([code], (o) => {
        if (o.state === "wait") seen.get(code)!.add(o.uuid);
      });
      await sub.ready;
      const uuids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const order = await emu.control("orders", {
          accessKey: "ak",
          market: code,
          side: "bid",
          price: 1,
          volume: 1,
        }) as { uuid: string };
        uuids.push(order.uuid);
      }
      placed.set(code, uuids);
    }
    const all = () => codes.every((c) => seen.get(c)!.size === placed.get(c)!.length);
    for (let i = 0; i < 200 && !all(); i++) await new Promise((r) => setTimeout(r, 10));
    for (const code of codes) {
      assert.deepEqual([...seen.get(code)!].sort(), [...placed.get(code)!].sort(), code);
    }
  });

  it("listSubscriptions() with the rate gate shut rejects with RATE_LIMITED, not `undefined`", async () => {
    const { emu } = await setup();
    // Two messages a minute: the subscribe request and the first PING take both.
    const client = new UpbitClient({
      url: emu.url,
      requestLimits: [{ max: 2, windowMs: 60_000 }],
      lingerMs: 0,
    });
    cleanups.push(() => client.close());
    const sub = client.ticker(["KRW-BTC"]);
    await sub.ready;
    await assert.rejects(client.listSubscriptions("public"), {
      name: "UpbitError",
      code: "RATE_LIMITED",
    });
    sub.close();
  });

  it("settles after the snapshot for a `both` stream, and at once for a stream already flowing", async () => {
    const { client } = await setup();
    const first = client.ticker(["KRW-BTC"]);
    const it = first[Symbol.asyncIterator]();
    await first.ready;
    // The snapshot is buffered by now: ready means it arrived.
    assert.equal(first.buffered >= 1, true);
    assert.equal((await it.next()).value?.streamType, "SNAPSHOT");
    const second = client.ticker(["KRW-BTC"], { stream: "realtime" });
    await second.ready;
    second.close();
    first.close();
  });

  it("settles for an indicator stream on /info once its request is on the wire", async () => {
    const { emu } = await setup({ accounts: [{ accessKey: "ak", secretKey: "sk" }] });
    const client = new UpbitClient({
      url: emu.url,
      accessKey: "ak",
      secretKey: "sk",
      lingerMs: 0,
    });
    cleanups.push(() => client.close());
    const sub = client.indicator(["KRW-BTC"], {
      timeframe: "5m",
      indicators: [{ type: "rsi", params: { period: 14 } }],
    });
    await sub.ready;
    assert.equal(client.health().connections.find((c) => c.name === "info")?.state, "open");
    sub.close();
  });

  it("rejects when the subscription closes before it is live", async () => {
    const { client } = await setup();
    const sub = client.ticker(["KRW-BTC"]);
    sub.close();
    await assert.rejects(sub.ready, { name: "ConnectionClosedError" });
  });
});

describe("paper trading against the emulator's book", () => {
  it("a crossing limit buy fills from the book: wait, trade, done through the client, balances move", async () => {
    const { emu } = await setup({
      accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 1_000_000_000 } }],
    });
    const client = accountClient(emu);
    const orders = client.myOrder(["KRW-BTC"]);
    const assets = client.myAsset();
    await Promise.all([orders.ready, assets.ready]);
    const [book] = await client.snapshot("orderbook", ["KRW-BTC"], { units: 1 });
    const best = book!.orderbookUnits[0]!;
    const volume = Math.min(0.001, best.askSize);
    const placed = await emu.control("orders", {
      accessKey: "ak",
      market: "KRW-BTC",
      side: "bid",
      price: best.askPrice,
      volume,
    }) as { uuid: string; state: string };
    const states: string[] = [];
    for await (const o of orders) {
      assert.equal(o.uuid, placed.uuid);
      states.push(o.state);
      if (o.state === "trade") {
        assert.equal(o.price, best.askPrice, "fills at the ask it took");
        assert.equal(o.isMaker, false);
        assert.ok((o.tradeFee ?? 0) > 0, "a taker pays the fee");
      }
      if (o.state === "done") break;
    }
    assert.equal(states.join(), "wait,trade,done");
    let btc: number | undefined;
    for await (const a of assets) {
      const balance = a.assets.find((x) => x.currency === "BTC")?.balance;
      btc = balance === undefined ? undefined : Number(balance);
      if (btc !== undefined && btc > 0) break;
    }
    assert.equal(btc, volume);
  });
});
