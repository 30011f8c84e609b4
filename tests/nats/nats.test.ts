/**
 * upbit-ws/nats against a real nats-server (JetStream + WebSocket on loopback, stopped with
 * SIGINT) and the emulator, on every runtime: on workerd both servers come from the spawner.
 * Without nats-server these tests skip loudly (and fail under CI=true): see _helpers/nats.ts.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { headers as natsHeaders, type NatsConnection, wsconnect } from "@nats-io/nats-core";
import { UpbitClient } from "../../mod.ts";
import { run } from "../../cli/run.ts";
import type { Io } from "../../cli/runtime.ts";
import { type Relay, relay, type RelayOptions, UpbitNatsClient } from "../../nats/mod.ts";
import type { UpbitError } from "../../src/errors.ts";
import type { CandleEvent, TickerEvent, TradeEvent } from "../../src/types.ts";
import { type RemoteOrLocalEmulator, useEmulator } from "../_helpers/emulator.ts";
import { eventually } from "../_helpers/wait.ts";
import { type NatsHandle, type SkippableContext, useNats } from "../_helpers/nats.ts";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) {
    try {
      await c();
    } catch {
      // best effort
    }
  }
});

interface Ingest {
  relay: Relay;
  client: UpbitClient;
  nc: NatsConnection;
  /** A crash: the NATS socket and the Upbit client go away, the lease is NOT released. */
  kill(): Promise<void>;
}

async function connect(url: string): Promise<NatsConnection> {
  const nc = await wsconnect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
  cleanups.push(() => nc.isClosed() ? undefined : nc.close());
  return nc;
}

async function startIngest(
  nats: NatsHandle,
  emu: RemoteOrLocalEmulator,
  options: Partial<RelayOptions> = {},
): Promise<Ingest> {
  const nc = await connect(nats.url);
  const client = new UpbitClient({ url: emu.url, privateUrl: emu.privateUrl, ...KEYS });
  const r = relay(client, { nats: nc, lease: { ttlMs: 600 }, ...options });
  cleanups.push(async () => {
    await r.close();
    await client.close();
  });
  await r.ready;
  return {
    relay: r,
    client,
    nc,
    async kill() {
      await nc.close();
      await client.close();
    },
  };
}

const KEYS = { accessKey: "nats-test-access", secretKey: "nats-test-secret-0123456789" };

async function setup(t: SkippableContext): Promise<
  { nats: NatsHandle; emu: RemoteOrLocalEmulator } | undefined
> {
  const nats = await useNats(t);
  if (nats === undefined) return undefined;
  cleanups.push(() => nats.stop());
  const emu = await useEmulator({
    market: { tickMs: 0 },
    accounts: [{ ...KEYS, balances: { KRW: 10_000_000 } }],
  });
  cleanups.push(() => emu.close());
  return { nats, emu };
}

function consumer(nats: NatsHandle, errors?: UpbitError[]): UpbitNatsClient {
  const c = new UpbitNatsClient({ servers: nats.url, demandLeaseMs: 900 });
  if (errors) c.addEventListener("error", (e) => errors.push(e.error));
  cleanups.push(() => c.close());
  return c;
}

/** Steps the emulator's market until `pred` holds. */
async function pump(emu: RemoteOrLocalEmulator, pred: () => boolean, ms = 8000): Promise<void> {
  const end = performance.now() + ms;
  while (!pred()) {
    if (performance.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await emu.step(["KRW-BTC", "KRW-ETH"]);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("upbit-ws/nats", { timeout: 30_000 }, () => {
  it("relays typed events on upbit.<type>.<code> with a schema header; a consumer on 'both' gets the stored newest as SNAPSHOT", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const ingest = await startIngest(nats, emu, {
      types: ["ticker", "orderbook"],
      codes: ["KRW-BTC"],
    });
    // A raw core subscriber sees subject, header and JSON.
    const raw: { subject: string; schema: string | undefined; json: { code: string } }[] = [];
    const watcher = await connect(nats.url);
    watcher.subscribe("upbit.>", {
      callback: (_e, m) => {
        raw.push({ subject: m.subject, schema: m.headers?.get("Upbit-Ws-Schema"), json: m.json() });
      },
    });
    await pump(emu, () => ingest.relay.stats().published >= 2 && raw.length >= 2);
    assert.ok(raw.some((r) => r.subject === "upbit.ticker.KRW-BTC"));
    assert.ok(raw.some((r) => r.subject === "upbit.orderbook.KRW-BTC"));
    assert.ok(raw.every((r) => r.schema === "1" && r.json.code === "KRW-BTC"));
    // A late consumer: the stored newest first, marked SNAPSHOT, then realtime.
    const bus = consumer(nats);
    const got: TickerEvent[] = [];
    const sub = bus.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await eventually(() => got.length >= 1, 5000);
    assert.equal(got[0]!.streamType, "SNAPSHOT");
    assert.equal(got[0]!.type, "ticker");
    await pump(emu, () => got.some((e) => e.streamType === "REALTIME"));
    const [book] = await bus.snapshot("orderbook", ["KRW-BTC"]);
    assert.equal(book!.code, "KRW-BTC");
    assert.equal(book!.streamType, "SNAPSHOT");
    sub.close();
    assert.equal(bus.health().nats, "connected");
    assert.ok((bus.metrics().messages["ticker"] ?? 0) >= 2);
    const stats = ingest.relay.stats();
    assert.equal(stats.active, true);
    assert.equal(stats.failed, 0);
    assert.ok(stats.acked > 0 && stats.ackMs > 0, "acks are counted");
  });

  it("candles keep Upbit's dot in the subject (upbit.candle.1m.KRW-BTC) and reach a candle() consumer", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    await startIngest(nats, emu, { types: ["candle.1m"], codes: ["KRW-BTC"] });
    const subjects = new Set<string>();
    const watcher = await connect(nats.url);
    watcher.subscribe("upbit.candle.>", { callback: (_e, m) => void subjects.add(m.subject) });
    const bus = consumer(nats);
    const got: CandleEvent[] = [];
    bus.subscribeCandle("1m", ["KRW-BTC"], (e) => void got.push(e));
    await pump(emu, () => got.length >= 1 && subjects.size > 0);
    assert.deepEqual([...subjects], ["upbit.candle.1m.KRW-BTC"]);
    assert.equal(got[0]!.type, "candle.1m");
    assert.equal(got[0]!.streamType, "SNAPSHOT");
  });

  it("merges consumers' demand into one Upbit connection and forgets it when they leave", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const ingest = await startIngest(nats, emu, { codes: [] });
    const a = consumer(nats);
    const b = consumer(nats);
    const gotA: string[] = [];
    const gotB: string[] = [];
    const subA = a.subscribeTicker(["KRW-BTC"], (e) => void gotA.push(e.code));
    b.subscribeTrade(["KRW-ETH"], (e) => void gotB.push(e.code));
    await pump(emu, () => gotA.length > 0 && gotB.length > 0);
    assert.equal(ingest.relay.stats().interests, 2);
    assert.equal(ingest.relay.stats().consumers, 2);
    const state = await emu.state();
    assert.equal(state.connections.filter((c) => c.open).length, 1, "one Upbit socket");
    // Closing a subscription re-sends the demand without it; closing the client says bye.
    subA.close();
    await eventually(() => ingest.relay.stats().interests === 1, 3000);
    await b.close();
    await eventually(() => ingest.relay.stats().consumers === 1, 3000);
    await a.close();
    await eventually(() => ingest.relay.stats().interests === 0, 3000);
  });

  it("a consumer that vanishes without a word loses its interest when its lease lapses", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const ingest = await startIngest(nats, emu, { codes: [] });
    const nc = await connect(nats.url);
    // Speak the demand protocol by hand, once, with a short lease.
    const reply = await nc.request(
      "upbit.demand",
      JSON.stringify({
        v: 1,
        id: "ghost",
        leaseMs: 300,
        want: [{ type: "ticker", codes: ["KRW-BTC"] }],
      }),
    );
    assert.equal(reply.json<{ ok: boolean }>().ok, true);
    assert.equal(ingest.relay.stats().interests, 1);
    await eventually(() => ingest.relay.stats().interests === 0, 3000);
    // A bad demand is refused with a reason, never a crash.
    const bad = await nc.request(
      "upbit.demand",
      JSON.stringify({ v: 1, id: "x", leaseMs: 5, want: [] }),
    );
    assert.equal(bad.json<{ ok: boolean }>().ok, false);
  });

  it("stream 'realtime' skips the stored event, 'snapshot' ends after one per code", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const ingest = await startIngest(nats, emu, {
      types: ["ticker"],
      codes: ["KRW-BTC", "KRW-ETH"],
    });
    await pump(emu, () => ingest.relay.stats().published >= 4);
    const bus = consumer(nats);
    const snap: TickerEvent[] = [];
    for await (const e of bus.ticker(["KRW-BTC", "KRW-ETH"], { stream: "snapshot" })) snap.push(e);
    assert.deepEqual(snap.map((e) => e.code).sort(), ["KRW-BTC", "KRW-ETH"]);
    assert.ok(snap.every((e) => e.streamType === "SNAPSHOT"));
    const live: TickerEvent[] = [];
    bus.subscribeTicker(["KRW-BTC"], (e) => void live.push(e), { stream: "realtime" });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(live.length, 0, "nothing stored is replayed on realtime");
    await pump(emu, () => live.length >= 1);
    assert.ok(live.every((e) => e.streamType === "REALTIME"));
    assert.throws(() => bus.ticker(["KRW-BTC"], { stream: "nope" as "both" }), RangeError);
    assert.throws(() => bus.ticker(["btc"]), /btc/);
  });

  it("a malformed or future-version message is an error event, and the stream goes on", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    // Trades: a history stream, so none of the bad messages is superseded before delivery (the
    // ticker stream keeps only the newest per code).
    await startIngest(nats, emu, { types: ["trade"], codes: ["KRW-BTC"] });
    const errors: UpbitError[] = [];
    const bus = consumer(nats, errors);
    const got: TradeEvent[] = [];
    bus.subscribeTrade(["KRW-BTC"], (e) => void got.push(e), { stream: "realtime" });
    await new Promise((r) => setTimeout(r, 200));
    const nc = await connect(nats.url);
    const future = natsHeaders();
    future.set("Upbit-Ws-Schema", "99");
    nc.publish("upbit.trade.KRW-BTC", JSON.stringify({ type: "trade" }), { headers: future });
    const v1 = natsHeaders();
    v1.set("Upbit-Ws-Schema", "1");
    nc.publish("upbit.trade.KRW-BTC", "{not json", { headers: v1 });
    nc.publish("upbit.trade.KRW-BTC", "{}");
    await nc.flush();
    await eventually(() => errors.length >= 3, 5000);
    assert.ok(errors.every((e) => e.code === "DECODE"));
    assert.match(errors[0]!.message, /schema version "99"/);
    await emu.trade("KRW-BTC");
    await eventually(() => got.length >= 1, 5000);
    assert.equal(bus.metrics().decodeErrors, 3);
  });

  it("a slow consumer stays bounded with overflow 'latest'", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const ingest = await startIngest(nats, emu, { types: ["trade"], codes: ["KRW-BTC"] });
    const bus = consumer(nats);
    const sub = bus.trade(["KRW-BTC"], { stream: "realtime", bufferSize: 1, overflow: "latest" });
    const it = sub[Symbol.asyncIterator]();
    const first = it.next();
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < 40; i++) await emu.trade("KRW-BTC");
    await eventually(() => ingest.relay.stats().acked >= 40, 5000);
    await first;
    await eventually(() => sub.dropped > 0, 5000);
    assert.ok(sub.buffered <= 1);
    sub.close();
  });

  it("fails over: kill the active ingest, the standby takes the lease and consumers go on without duplicates", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const one = await startIngest(nats, emu, { types: ["trade"], codes: ["KRW-BTC"] });
    const two = await startIngest(nats, emu, { types: ["trade"], codes: ["KRW-BTC"] });
    const [active, standby] = one.relay.stats().active ? [one, two] : [two, one];
    assert.equal(active.relay.stats().active, true);
    assert.equal(standby.relay.stats().active, false);
    const bus = consumer(nats);
    const seen: TradeEvent[] = [];
    bus.subscribeTrade(["KRW-BTC"], (e) => void seen.push(e), { stream: "realtime" });
    await new Promise((r) => setTimeout(r, 200));
    await pump(emu, () => seen.length >= 3);
    await active.kill();
    const killedAt = performance.now();
    await eventually(() => standby.relay.stats().active, 5000);
    const tookOverMs = performance.now() - killedAt;
    const before = seen.length;
    await pump(emu, () => seen.length > before + 3);
    const ids = seen.map((e) => String(e.sequentialId));
    assert.equal(new Set(ids).size, ids.length, "no duplicate trades");
    assert.ok(tookOverMs < 3000, `took over in ${tookOverMs.toFixed(0)} ms`);
  });

  it("an ingest restart: the new relay learns the demand from the heartbeats and the consumer carries on", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const first = await startIngest(nats, emu, { codes: [] });
    const bus = consumer(nats);
    const got: TickerEvent[] = [];
    bus.subscribeTicker(["KRW-ETH"], (e) => void got.push(e));
    await pump(emu, () => got.length >= 2);
    await first.relay.close(); // a clean stop releases the lease
    await first.client.close();
    const second = await startIngest(nats, emu, { codes: [] });
    await eventually(
      () => second.relay.stats().active && second.relay.stats().interests === 1,
      5000,
    );
    const before = got.length;
    await pump(emu, () => got.length > before + 1);
    assert.equal(second.relay.stats().consumers, 1);
  });

  it("upbit-ws relay (the CLI) relays until --duration, and a consumer reads what it published", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    let err = "";
    const io: Io = {
      args: [],
      env: () => undefined,
      isTty: false,
      columns: () => 80,
      write: () => Promise.resolve(),
      error(text: string) {
        err += text;
      },
      onSignal: () => () => {},
      readText: () => Promise.reject(new Error("no files here")),
      createFile: () => Promise.reject(new Error("no files here")),
      exit: () => Promise.reject(new Error("exit is the caller's")),
    };
    const argv = ["relay", "--nats", nats.url, "--url", emu.url, "ticker", "KRW-BTC"];
    const exit = run([...argv, "--stats", "0", "--no-lease", "--duration", "1.2"], io);
    const bus = consumer(nats);
    const got: TickerEvent[] = [];
    bus.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    const end = performance.now() + 1000;
    while (performance.now() < end && got.length < 2) {
      await emu.step(["KRW-BTC"]);
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(await exit, 0, err);
    assert.ok(got.length >= 1, `the consumer got ${got.length} events; stderr: ${err}`);
    assert.match(err, /relay \w+ active published=\d+/);
  });

  it("keeps private streams off the bus unless named, then only on the named subject", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    const watcher = await connect(nats.url);
    const seen: { subject: string; type: string }[] = [];
    watcher.subscribe(">", {
      callback: (_e, m) => {
        if (m.subject.startsWith("$JS.") || m.subject.startsWith("_INBOX.")) return;
        try {
          seen.push({ subject: m.subject, type: String(m.json<{ type?: string }>().type) });
        } catch {
          // not JSON (KV lease, acks)
        }
      },
    });
    await watcher.flush();
    // One relay without opt-in, one with it (separate prefixes and leases).
    await startIngest(nats, emu, { types: ["ticker"], codes: ["KRW-BTC"] });
    const named = await startIngest(nats, emu, {
      prefix: "b",
      types: ["ticker"],
      codes: ["KRW-BTC"],
      private: { myOrder: "acct.one.orders" },
    });
    await eventually(() => named.relay.stats().active, 3000);
    // Wait until the private socket subscribed, then place and fill an order.
    const deadline = performance.now() + 5000;
    for (;;) {
      const state = await emu.state();
      if (state.connections.some((c) => c.open && c.endpoint === "private")) break;
      if (performance.now() > deadline) throw new Error("no private connection");
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 100));
    const order = await emu.control("orders", {
      accessKey: KEYS.accessKey,
      market: "KRW-BTC",
      side: "bid",
      price: 100_000_000,
      volume: 0.001,
    }) as { uuid: string };
    await emu.control(`orders/${order.uuid}/fill`, {});
    await eventually(() => seen.some((m) => m.type === "myOrder"), 5000);
    await new Promise((r) => setTimeout(r, 200));
    const privateOnes = seen.filter((m) => m.type === "myOrder" || m.type === "myAsset");
    assert.ok(privateOnes.length >= 2);
    assert.deepEqual([...new Set(privateOnes.map((m) => m.subject))], ["acct.one.orders"]);
    assert.throws(
      () =>
        relay(named.client, {
          nats: named.nc,
          private: { myOrder: "acct.*" },
        }),
      /acct\.\*/,
    );
  });

  it("survives a nats-server restart: the relay and the consumer carry on", async (t) => {
    const env = await setup(t);
    if (!env) return;
    const { nats, emu } = env;
    await startIngest(nats, emu, { types: ["ticker"], codes: ["KRW-BTC"] });
    const bus = consumer(nats);
    const got: TickerEvent[] = [];
    bus.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
    await pump(emu, () => got.length >= 2);
    await nats.restart();
    const before = got.length;
    await pump(emu, () => got.length > before + 1, 15_000);
    assert.equal(bus.health().nats, "connected");
    assert.ok(bus.metrics().reconnects >= 1);
  });
});
