/**
 * Leaks: a subscription dropped without `close()` is garbage-collected and unsubscribed (the
 * emulator's own view loses its stream), and 1,000 open/close cycles of clients and of
 * subscriptions leave no socket, subscription, signal listener or heap behind. Deno's sanitizers
 * (on in `npm test`) fail any test here that leaves a timer or a socket open.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { UpbitClient } from "../../mod.ts";
import type { EmulatorOptions } from "../../testing/mod.ts";
import { pause, waitFor } from "../_helpers/wait.ts";
import { publicStreams, useEmulator } from "../_helpers/emulator.ts";
import { collectUntil, findGc } from "../_helpers/gc.ts";
import { heapUsed } from "../_helpers/soak/source.ts";

const gc = await findGc();
const MB = 1024 * 1024;

const EMULATOR: EmulatorOptions = {
  market: { tickMs: 0 },
  upIntervalMs: 1000,
  // A thousand clients connect within a few seconds from one IP: count, do not refuse.
  rateLimits: { onConnectLimit: "count" },
  closedHistory: 10,
};

/** An AbortSignal whose live "abort" listeners are counted. */
function countedSignal(): { signal: AbortSignal; live: () => number; added: () => number } {
  const signal = new AbortController().signal;
  const listeners = new Set<unknown>();
  let added = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: unknown, options?: unknown) => {
    if (type === "abort") {
      added++;
      listeners.add(listener);
    }
    add(type, listener as EventListener, options as AddEventListenerOptions);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: unknown, options?: unknown) => {
    if (type === "abort") listeners.delete(listener);
    remove(type, listener as EventListener, options as EventListenerOptions);
  }) as typeof signal.removeEventListener;
  return { signal, live: () => listeners.size, added: () => added };
}

/** Node's count of live timers and sockets, where the runtime has it (Node, Bun). */
function activeResources(): Record<string, number> | undefined {
  const info = (process as { getActiveResourcesInfo?: () => string[] }).getActiveResourcesInfo;
  if (typeof info !== "function") return undefined;
  let names: string[];
  try {
    names = info.call(process);
  } catch {
    return undefined; // workerd has the method, but it throws "not implemented"
  }
  const out: Record<string, number> = {};
  for (const name of names) out[name] = (out[name] ?? 0) + 1;
  return out;
}

/** Subscribes an iterator, reads its snapshot, and lets go of it without closing it. */
async function subscribeAndForget(client: UpbitClient, code: string): Promise<void> {
  const sub = client.ticker([code]);
  const it = sub[Symbol.asyncIterator]();
  const first = await it.next();
  assert.equal(first.done, false);
}

describe("leaks", () => {
  if (gc !== undefined) {
    const forceGc = gc;
    it("a subscription dropped without close() is collected and unsubscribed (forced GC)", async () => {
      const emu = await useEmulator(EMULATOR);
      const client = new UpbitClient({ url: emu.url, lingerMs: 0 });
      try {
        const kept = client.ticker(["KRW-BTC"]);
        await kept[Symbol.asyncIterator]().next();
        await subscribeAndForget(client, "KRW-ETH");
        await waitFor(
          async () => (await publicStreams(emu)).join() === "ticker:KRW-BTC,ticker:KRW-ETH",
          3000,
          async () => `server set ${JSON.stringify(await publicStreams(emu))}`,
        );
        assert.equal(client.health().subscriptions, 2);
        await collectUntil(forceGc, () => client.health().subscriptions === 1, 50);
        assert.equal(
          client.health().subscriptions,
          1,
          "the dropped subscription was not collected",
        );
        // The finalizer unsubscribed it: the next request leaves it out (within the rate gate).
        await waitFor(
          async () => (await publicStreams(emu)).join() === "ticker:KRW-BTC",
          3000,
          async () => `server set after collection ${JSON.stringify(await publicStreams(emu))}`,
        );
        kept.close();
      } finally {
        await client.close();
        await emu.close();
      }
    });
  } else {
    it("closing a subscription unsubscribes it (GC cannot be forced on this runtime; collection is shown on Node, Deno and Bun)", async () => {
      const emu = await useEmulator(EMULATOR);
      const client = new UpbitClient({ url: emu.url, lingerMs: 0 });
      try {
        const kept = client.ticker(["KRW-BTC"]);
        await kept[Symbol.asyncIterator]().next();
        const other = client.ticker(["KRW-ETH"]);
        await other[Symbol.asyncIterator]().next();
        other.close();
        await waitFor(
          async () => (await publicStreams(emu)).join() === "ticker:KRW-BTC",
          3000,
          async () => `server set ${JSON.stringify(await publicStreams(emu))}`,
        );
        assert.equal(client.health().subscriptions, 1);
        kept.close();
      } finally {
        await client.close();
        await emu.close();
      }
    });
  }

  it("1,000 client open/close cycles leave no socket, listener or heap behind", async () => {
    const emu = await useEmulator(EMULATOR);
    const clientSignal = countedSignal();
    const subSignal = countedSignal();
    try {
      // Warm up (module loading, JIT) before the baseline.
      const warm = new UpbitClient({ url: emu.url, lingerMs: 0 });
      await warm.snapshot("ticker", ["KRW-BTC"]);
      await warm.close();
      if (gc) { for (let i = 0; i < 3; i++) gc(); }
      const heapBefore = heapUsed();
      const resourcesBefore = activeResources();
      let streamed = 0;
      for (let i = 0; i < 1000; i++) {
        const client = new UpbitClient({
          url: emu.url,
          lingerMs: 0,
          signal: clientSignal.signal,
          keepalive: { staleAfterMs: 5000 },
        });
        const sub = client.subscribeTicker(["KRW-BTC"], () => void streamed++, {
          signal: subSignal.signal,
        });
        client.addEventListener("error", () => {});
        // One in ten streams before it closes; the rest close while connecting or just after.
        if (i % 10 === 0) {
          await waitFor(
            () => client.health().status === "healthy" && streamed > 0,
            3000,
            () => `client ${i} never streamed`,
          );
        } else if (i % 3 === 0) {
          await pause(0);
        }
        if (i % 2 === 0) sub.close();
        await client.close();
        assert.equal(client.health().subscriptions, 0);
      }
      await waitFor(
        async () => (await emu.state()).stats.connectionsOpen === 0,
        3000,
        async () => `${(await emu.state()).stats.connectionsOpen} sockets still open`,
      );
      assert.equal(clientSignal.live(), 0, "client signal listeners left");
      assert.equal(subSignal.live(), 0, "subscription signal listeners left");
      assert.equal(clientSignal.added(), 1000);
      assert.equal(subSignal.added(), 1000);
      if (resourcesBefore !== undefined) {
        // Node and Bun list live timers: back to where they were. (Sockets are counted by the
        // emulator above; its own side of a socket may take seconds to finish the TCP close.)
        const timers = (r: Record<string, number>) => r["Timeout"] ?? 0;
        await waitFor(
          () => timers(activeResources()!) <= timers(resourcesBefore),
          3000,
          () =>
            `live timers ${JSON.stringify(activeResources())}, before ${
              JSON.stringify(resourcesBefore)
            }`,
        );
      }
      if (gc && heapBefore !== undefined) {
        for (let i = 0; i < 3; i++) gc();
        await pause(10);
        gc();
        const growth = heapUsed()! - heapBefore;
        console.log(`leak: 1,000 clients, heap growth ${(growth / MB).toFixed(2)} MB`);
        assert.ok(growth < 5 * MB, `heap grew by ${(growth / MB).toFixed(1)} MB`);
      }
      const { stats } = await emu.state();
      assert.ok(stats.connectionsOpened >= 100, `${stats.connectionsOpened} sockets opened`);
    } finally {
      await emu.close();
    }
  });

  it("1,000 subscription open/close cycles on one client leave only what is live", async () => {
    // Leaks, not limits, are tested here: the message limit is lifted on both sides so that a
    // hundred requests can leave in a few milliseconds.
    const emu = await useEmulator({
      ...EMULATOR,
      rateLimits: { onConnectLimit: "count", onMessageLimit: "count" },
    });
    const client = new UpbitClient({
      url: emu.url,
      lingerMs: 0,
      requestLimits: [{ max: 10_000, windowMs: 1000 }],
    });
    const subSignal = countedSignal();
    try {
      const keep = client.subscribeTicker(["KRW-BTC"], () => {});
      await waitFor(
        async () => (await publicStreams(emu)).join() === "ticker:KRW-BTC",
        3000,
        () => "no socket",
      );
      const codes = ["KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE"];
      for (let i = 0; i < 1000; i++) {
        const code = codes[i % codes.length]!;
        const opts = {
          signal: subSignal.signal,
          stream: i % 5 === 0 ? "realtime" as const : "both" as const,
        };
        const sub = i % 2 === 0
          ? client.subscribeTrade([code], () => {}, opts)
          : client.orderbook([code], { ...opts, units: 5 });
        if (i % 10 === 0) await pause(0); // a request leaves every ten cycles
        if (i % 3 === 0) sub[Symbol.dispose]();
        else sub.close();
      }
      assert.equal(client.health().subscriptions, 1);
      assert.equal(subSignal.live(), 0);
      await waitFor(
        async () => (await publicStreams(emu)).join() === "ticker:KRW-BTC",
        3000,
        async () => `server set ${JSON.stringify(await publicStreams(emu))}`,
      );
      assert.equal(client.health().connections[0]!.streams, 1);
      const { stats } = await emu.state();
      assert.ok(stats.requests >= 100, `${stats.requests} requests`);
      assert.equal(stats.connectionsOpened, 1, "the socket was replaced");
      keep.close();
      await waitFor(
        async () => (await emu.state()).stats.connectionsOpen === 0,
        3000,
        () => "the unused socket stayed open",
      );
      assert.equal(client.health().subscriptions, 0);
    } finally {
      await client.close();
      await emu.close();
    }
  });
});
