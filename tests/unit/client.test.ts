import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { UpbitClient } from "../../mod.ts";
import type { UpbitClientOptions } from "../../src/options.ts";
import type { TickerEvent, UpbitEvent } from "../../src/types.ts";
import { ConnectionClosedError, ServerError, TimeoutError, UpbitError } from "../../src/errors.ts";
import { readEnv } from "../../src/auth/env.ts";
import { type FakeUpbit, fakeUpbit } from "../_helpers/fake_upbit.ts";
import { orderbookFrame30, tickerFrame, tradeFrame } from "../_helpers/frames.ts";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup(options: UpbitClientOptions = {}): { upbit: FakeUpbit; client: UpbitClient } {
  const upbit = fakeUpbit();
  const client = new UpbitClient({
    url: upbit.url,
    WebSocket: upbit.WebSocket,
    random: () => 0,
    reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
    lingerMs: 0,
    ...options,
  });
  cleanups.push(() => upbit.close(), () => client.close());
  return { upbit, client };
}

const until = async (check: () => boolean, ms = 2000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 2));
  }
};

const ticker = (code: string, st: "SNAPSHOT" | "REALTIME", price = 1) =>
  tickerFrame({ code, stream_type: st, trade_price: price });

describe("UpbitClient against the fake Upbit", () => {
  it("sends one request with the whole set, then delivers snapshot and realtime in order", async () => {
    const { upbit, client } = setup({ format: "SIMPLE" });
    const sub = client.ticker(["KRW-BTC", "KRW-ETH"]);
    const it = sub[Symbol.asyncIterator]();
    await upbit.waitForRequests(1);
    const [ticket, object, format] = upbit.requests[0]!;
    assert.match((ticket as { ticket: string }).ticket, /^upbit-ws-public-/);
    assert.deepEqual(object, { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] });
    assert.deepEqual(format, { format: "SIMPLE" });
    await until(() => upbit.pings === 1);
    upbit.send(ticker("KRW-BTC", "SNAPSHOT", 100));
    upbit.send(ticker("KRW-BTC", "REALTIME", 101));
    const a = (await it.next()).value as TickerEvent;
    const b = (await it.next()).value as TickerEvent;
    assert.deepEqual([a.code, a.streamType, a.tradePrice], ["KRW-BTC", "SNAPSHOT", 100]);
    assert.deepEqual([b.streamType, b.tradePrice], ["REALTIME", 101]);
    sub.close();
    assert.equal((await it.next()).done, true);
  });

  it("coalesces 1,000 subscribes in one tick into one request on an open connection", async () => {
    const { upbit, client } = setup();
    // Held: an iterator subscription nobody references may be garbage-collected (and unsubscribed).
    const held = client.ticker(["KRW-BTC"]);
    await upbit.waitForRequests(1);
    await until(() => client.health().status === "healthy");
    const codes = Array.from({ length: 1000 }, (_, i) => `KRW-C${i}`);
    for (const code of codes) client.subscribeTrade([code], () => {});
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(
      upbit.requests.length,
      2,
      JSON.stringify(
        upbit.requests.map((r) =>
          r.map((o) => ({ ...(o as object), codes: (o as { codes?: string[] }).codes?.length }))
        ),
      ),
    );
    const trade = upbit.requests[1]!.find((o) => (o as { type?: string }).type === "trade") as {
      codes: string[];
    };
    assert.equal(trade.codes.length, 1000);
    assert.equal(client.metrics().requestsSent, 2);
    assert.equal(client.metrics().coalesced, 999);
    held.close();
  });

  it("drops a code from the next request when its last consumer closes", async () => {
    const { upbit, client } = setup();
    const btc = client.ticker(["KRW-BTC"]);
    const eth = client.ticker(["KRW-ETH"]);
    await upbit.waitForRequests(1);
    btc.close();
    await upbit.waitForRequests(2);
    assert.deepEqual(upbit.requests[1]!.slice(1, -1), [{ type: "ticker", codes: ["KRW-ETH"] }]);
    eth.close();
  });

  it("delivers through callbacks, trimming orderbooks to each consumer's depth", async () => {
    const { upbit, client } = setup();
    const five: number[] = [];
    const all: number[] = [];
    client.subscribeOrderbook(["KRW-BTC"], (b) => void five.push(b.orderbookUnits.length), {
      units: 5,
    });
    client.subscribeOrderbook(["KRW-BTC"], (b) => void all.push(b.orderbookUnits.length));
    await upbit.waitForRequests(1);
    assert.deepEqual(upbit.requests[0]![1], { type: "orderbook", codes: ["KRW-BTC"] });
    upbit.send(orderbookFrame30({ stream_type: "SNAPSHOT" }));
    await until(() => five.length === 1 && all.length === 1);
    assert.deepEqual([five[0], all[0]], [5, 30]);
  });

  it("reconnects after a drop, re-sends the whole set and delivers a fresh snapshot", async () => {
    const { upbit, client } = setup();
    const kinds: string[] = [];
    client.addEventListener("reconnect", () => kinds.push("reconnect"));
    const got: UpbitEvent[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    client.subscribeTrade(["KRW-BTC"], (e) => void got.push(e), { stream: "realtime" });
    await upbit.waitForRequests(1);
    upbit.send(ticker("KRW-BTC", "SNAPSHOT"));
    await until(() => got.length === 1);
    upbit.drop();
    await upbit.waitForRequests(2);
    assert.equal(upbit.connections, 2);
    assert.deepEqual(upbit.requests[1]!.slice(1, -1), [
      { type: "ticker", codes: ["KRW-BTC"] },
      { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true },
    ]);
    upbit.send(ticker("KRW-BTC", "SNAPSHOT"));
    upbit.send(tradeFrame({ stream_type: "REALTIME" }));
    await until(() => got.length === 3);
    assert.deepEqual(got.map((e) => `${e.type}:${e.streamType}`), [
      "ticker:SNAPSHOT",
      "ticker:SNAPSHOT",
      "trade:REALTIME",
    ]);
    assert.deepEqual(kinds, ["reconnect"]);
    assert.equal(client.metrics().reconnects, 1);
  });

  it("turns an error frame into a ServerError event, and a bad frame into a DecodeError event", async () => {
    const { upbit, client } = setup();
    const errors: UpbitError[] = [];
    client.addEventListener("error", (e) => void errors.push(e.error));
    const got: UpbitEvent[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await upbit.waitForRequests(1);
    // A name the client does not know is transient: reported, the stream carries on. (Known
    // refusals fail only the subscriptions concerned: tests/unit/demand/isolation.test.ts.)
    upbit.send({ error: { message: "알 수 없는 오류", name: "SOMETHING_NEW" } });
    upbit.send("{not json");
    upbit.send({ type: "ticker", code: "KRW-BTC", trade_price: "oops", stream_type: "SNAPSHOT" });
    upbit.send(ticker("KRW-BTC", "SNAPSHOT"));
    await until(() => errors.length >= 3 && got.length === 1);
    assert.ok(errors[0] instanceof ServerError);
    assert.equal((errors[0] as ServerError).serverName, "SOMETHING_NEW");
    assert.deepEqual(errors.slice(1, 3).map((e) => e.code), ["DECODE", "DECODE"]);
    assert.equal(client.metrics().decodeErrors, 2);
    assert.equal(client.metrics().serverErrors, 1);
  });

  it("snapshot() resolves one event per code in the caller's order", async () => {
    const { upbit, client } = setup();
    const p = client.snapshot("ticker", ["KRW-ETH", "KRW-BTC"]);
    await upbit.waitForRequests(1);
    assert.deepEqual(upbit.requests[0]![1], {
      type: "ticker",
      codes: ["KRW-ETH", "KRW-BTC"],
      is_only_snapshot: true,
    });
    upbit.send(ticker("KRW-BTC", "SNAPSHOT", 2));
    upbit.send(ticker("KRW-ETH", "SNAPSHOT", 1));
    const [eth, btc] = await p;
    assert.deepEqual([eth!.code, btc!.code], ["KRW-ETH", "KRW-BTC"]);
    assert.equal(client.health().subscriptions, 0);
  });

  it("snapshot() rejects naming the codes that never answered", async () => {
    const { upbit, client } = setup();
    const p = client.snapshot("ticker", ["KRW-BTC", "KRW-NOPE"], { timeoutMs: 60 });
    await upbit.waitForRequests(1);
    upbit.send(ticker("KRW-BTC", "SNAPSHOT"));
    await assert.rejects(p, (e: unknown) => {
      assert.ok(e instanceof TimeoutError);
      assert.deepEqual(e.codes, ["KRW-NOPE"]);
      assert.match(e.message, /"KRW-NOPE"/);
      return true;
    });
  });

  it("a 'snapshot' subscription ends by itself once every code answered", async () => {
    const { upbit, client } = setup();
    const sub = client.trade(["KRW-BTC"], { stream: "snapshot" });
    await upbit.waitForRequests(1);
    upbit.send(tradeFrame({ stream_type: "SNAPSHOT" }));
    const got = [];
    for await (const t of sub) got.push(t);
    assert.equal(got.length, 1);
  });

  it("replaces a stalled socket (no frame within staleAfterMs)", async () => {
    const { upbit, client } = setup({ keepalive: { staleAfterMs: 60, pingIntervalMs: 1000 } });
    const errors: string[] = [];
    client.addEventListener("error", (e) => void errors.push(e.error.message));
    client.subscribeTicker(["KRW-BTC"], () => {});
    await upbit.waitForRequests(1);
    await upbit.waitForRequests(2);
    assert.equal(upbit.connections, 2);
    assert.ok(errors.some((m) => /stalled/.test(m)), errors.join("; "));
  });

  it("gives up after maxAttempts, fails the subscriptions, and tries again on a later subscribe", async () => {
    const upbit = fakeUpbit();
    upbit.close();
    const client = new UpbitClient({
      url: upbit.url,
      WebSocket: upbit.WebSocket,
      reconnect: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 2 },
      connectTimeoutMs: 50,
    });
    cleanups.push(() => client.close());
    const sub = client.ticker(["KRW-BTC"]);
    await assert.rejects(sub[Symbol.asyncIterator]().next(), { code: "RECONNECT_EXHAUSTED" });
    assert.equal(client.health().status, "unhealthy");
    const again = fakeUpbit();
    cleanups.push(() => again.close());
    // A fresh subscribe restarts the loop (here it fails again, quickly, proving it ran).
    const sub2 = client.ticker(["KRW-ETH"]);
    assert.equal(client.health().status, "degraded");
    await assert.rejects(sub2[Symbol.asyncIterator]().next(), { code: "RECONNECT_EXHAUSTED" });
  });

  it("close() ends every iterator and leaves nothing behind", async () => {
    const { upbit, client } = setup();
    const sub = client.ticker(["KRW-BTC"]);
    const pending = sub[Symbol.asyncIterator]().next();
    await upbit.waitForRequests(1);
    await client.close();
    assert.equal((await pending).done, true);
    assert.equal(client.health().connections.length, 0);
    assert.throws(() => client.ticker(["KRW-BTC"]), { code: "CONNECTION_CLOSED" });
    await client.close();
  });

  it("validates arguments before anything goes on the wire", () => {
    const { upbit, client } = setup();
    assert.throws(() => client.ticker(["krw-btc"]), TypeError);
    assert.throws(() => client.orderbook(["KRW-BTC"], { units: 10 as 5 }), RangeError);
    assert.throws(() => client.candle("2m" as "1m", ["KRW-BTC"]), RangeError);
    assert.throws(() => client.ticker(["KRW-BTC"], { stream: "all" as "both" }), RangeError);
    assert.throws(() => client.ticker(["KRW-BTC"], { bufferSize: -1 }), RangeError);
    assert.throws(() => new UpbitClient({ reconnect: { maxDelayMs: -5 } }), RangeError);
    assert.equal(upbit.connections, 0);
  });

  it("never shows credentials in JSON, errors or metrics", () => {
    const secretKey = "s3cr3t-value-that-must-not-leak";
    const { client } = setup({ accessKey: "access-1", secretKey });
    const text = JSON.stringify([client, client.metrics(), client.health()]);
    assert.ok(!text.includes(secretKey));
    const g = globalThis as {
      Deno?: { inspect(v: unknown, o?: object): string };
      Bun?: { inspect(v: unknown, o?: object): string };
    };
    const shown = [
      inspect(client, { showHidden: true, depth: 10 }),
      String(client),
      g.Deno?.inspect(client, { showHidden: true, depth: 10 }) ?? "",
      g.Bun?.inspect(client, { depth: 10 }) ?? "",
    ];
    for (const s of shown) assert.ok(!s.includes(secretKey), s);
    assert.throws(
      () => new UpbitClient({ accessKey: "a", secretKey: "" }),
      (e: Error) => !e.message.includes(secretKey),
    );
  });

  it("refuses private streams without credentials, at once", () => {
    const upbit = fakeUpbit();
    cleanups.push(() => upbit.close());
    const client = new UpbitClient({ url: upbit.url, WebSocket: upbit.WebSocket });
    cleanups.push(() => client.close());
    if (readEnv("UPBIT_ACCESS_KEY") === undefined) {
      assert.throws(() => client.myOrder(), {
        name: "AuthenticationError",
        code: "AUTHENTICATION",
      });
    }
    assert.throws(() => client.myAsset({ stream: "snapshot" }), RangeError);
    assert.equal(upbit.connections, 0);
  });
});

describe("callback types", () => {
  it("accept any return value, as event listeners do, and still reject a wrong event type", async () => {
    const client = new UpbitClient({
      name: "callback_types",
      url: "ws://127.0.0.1:9/websocket/v1",
    });
    const seen: TickerEvent[] = [];
    // An arrow that returns what it calls (`push` returns a number) is the commonest callback.
    const a = client.subscribeTicker(["KRW-BTC"], (t) => seen.push(t), { stream: "realtime" });
    const b = client.subscribeTicker(["KRW-BTC"], async (t) => {
      await Promise.resolve(t);
    });
    // @ts-expect-error the callback must take the event type
    const c = client.subscribeTicker(["KRW-BTC"], (t: number) => t);
    a.close();
    b.close();
    c.close();
    await client.close();
    assert.equal(seen.length, 0);
  });
});

describe("toJSON", () => {
  it("shows no password that a URL carries", async () => {
    const client = new UpbitClient({ url: "ws://user:s3cret@127.0.0.1:9/websocket/v1" });
    const shown = JSON.stringify(client);
    assert.ok(!shown.includes("s3cret") && !shown.includes("user:"), shown);
    assert.match(shown, /ws:\/\/127\.0\.0\.1:9\/websocket\/v1\/private/);
    await client.close();
  });
});

describe("listSubscriptions() without a connection", () => {
  it("listSubscriptions() rejects at once when no subscription needs the connection", async () => {
    const client = new UpbitClient({ url: "ws://127.0.0.1:9/websocket/v1" });
    cleanups.push(() => client.close());
    await assert.rejects(client.listSubscriptions(), ConnectionClosedError);
  });
});
