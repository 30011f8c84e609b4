/**
 * Issue 11, "failures disguised as something else", in the library on every runtime: a runtime
 * without a `WebSocket` or without Deno's net permission fails at once with a
 * `NotSupportedError` saying what is missing; connection attempts to one host never exceed
 * Upbit's 5 per second, and an upgrade refused without a visible reason waits like a rate limit;
 * a subscription's `onError` hears of the connection errors that stop its data; a snapshot over a
 * failed connection says so, with the URL and why. The CLI and real-runtime cases (Node 20, Deno
 * without flags) are subprocess checks in `scripts/check-failures.ts`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  ConnectionClosedError,
  NotSupportedError,
  UpbitClient,
  type UpbitError,
  type WebSocketConstructor,
} from "../../mod.ts";
import { envDenied } from "../../src/auth/env.ts";
import { openFailureKind } from "../../src/wire/open_failure.ts";
import { fakeClock } from "../_helpers/fake_clock.ts";
import { fakeUpbit } from "../_helpers/fake_upbit.ts";
import { maxInWindow } from "../_helpers/stats.ts";
import { useEmulator } from "../_helpers/emulator.ts";
import { cleanupAfterEach } from "../_helpers/cleanups.ts";
import { eventually } from "../_helpers/wait.ts";

const defer = cleanupAfterEach();

const KEYS = { accessKey: "failures-access-key", secretKey: "failures-secret-key-0123456789" };

/** Lets real macrotasks run (socket stubs, JWT signing) between fake-clock steps. */
const turn = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * A fake Upbit that refuses every upgrade before open, as Node reports it (an `error` event with
 * no reason) or, with `message`, as a runtime that names the cause; `connects` times each attempt.
 */
function refusing(clock: { now(): number }, message?: string) {
  return fakeUpbit({ clock, connect: () => ({ refuse: message }) });
}

describe("a runtime without what the client needs fails at once", () => {
  it("no global WebSocket: NotSupportedError for iterators, callbacks and snapshot, no retry", async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
    Object.defineProperty(globalThis, "WebSocket", {
      value: undefined,
      configurable: true,
      writable: true,
    });
    try {
      // A fake clock that never moves: a retry would wait forever, so only "at once" can pass.
      const clock = fakeClock();
      // Node's default socket is the `ws` package's (a dependency) and workerd's public one a
      // fetch upgrade: compression: true asks for the runtime's own WebSocket, which is what is
      // missing here. (Deno and Bun use their own WebSocket already.)
      const g = globalThis as Record<string, unknown>;
      const own = !("Deno" in g) && !("Bun" in g);
      const client = new UpbitClient({
        url: "ws://127.0.0.1:9/websocket/v1",
        clock,
        ...(own ? { compression: true } : {}),
      });
      defer(() => client.close());
      const events: UpbitError[] = [];
      client.addEventListener("error", (e) => void events.push(e.error));
      // On Node compression: true alone keeps the `ws` package out: dropping it is a way out too.
      const node = own && typeof g.WebSocketPair !== "function";
      const missing = {
        name: "NotSupportedError",
        message: node
          ? /no global WebSocket \(Node before 22 has none\): leave compression unset or false to use the "ws" package, or pass a constructor as the WebSocket option/
          : /no global WebSocket \(Node before 22 has none\).*Node 22 or later.*WebSocket option/,
      };
      await assert.rejects(client.ticker(["KRW-BTC"])[Symbol.asyncIterator]().next(), missing);
      await assert.rejects(client.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 60_000 }), missing);
      const heard: unknown[] = [];
      client.subscribeTrade(["KRW-BTC"], () => {}, { onError: (e) => void heard.push(e) });
      await eventually(() => heard.length > 0);
      assert.ok(heard[0] instanceof NotSupportedError);
      assert.equal(clock.pending, 0, "no reconnect timer was left waiting");
      assert.equal(client.health().status, "unhealthy");
      assert.ok(events.every((e) => e.code === "NOT_SUPPORTED"), events.map(String).join());
    } finally {
      if (saved === undefined) Reflect.deleteProperty(globalThis, "WebSocket");
      else Object.defineProperty(globalThis, "WebSocket", saved);
    }
  });

  it("a missing Deno permission is named, with the flag to add, and not retried", async () => {
    let attempts = 0;
    const Denied = function () {
      attempts++;
      throw Object.assign(
        new Error('Requires net access to "127.0.0.1:9", run again with the --allow-net flag'),
        { name: "NotCapable" },
      );
    } as unknown as WebSocketConstructor;
    const client = new UpbitClient({
      url: "ws://127.0.0.1:9/websocket/v1",
      WebSocket: Denied,
      clock: fakeClock(),
    });
    defer(() => client.close());
    await assert.rejects(client.ticker(["KRW-BTC"])[Symbol.asyncIterator]().next(), {
      name: "NotSupportedError",
      message: /Deno's net permission is missing: run with --allow-net=127\.0\.0\.1:9/,
    });
    assert.equal(attempts, 1);
  });

  it("envDenied tells an unreadable variable (Deno without --allow-env) from an unset one", () => {
    const deno = (state: string) => ({
      Deno: { permissions: { querySync: () => ({ state }) }, env: { get: () => undefined } },
    });
    assert.equal(envDenied("UPBIT_ACCESS_KEY", deno("prompt")), true);
    assert.equal(envDenied("UPBIT_ACCESS_KEY", deno("denied")), true);
    assert.equal(envDenied("UPBIT_ACCESS_KEY", deno("granted")), false);
    assert.equal(envDenied("UPBIT_ACCESS_KEY", { process: { env: {} } }), false);
  });
});

describe("connection attempts to one host", () => {
  it("never exceed 5 per second, public and private together, whatever the backoff says", async () => {
    const clock = fakeClock();
    const upbit = refusing(clock, "connect ECONNREFUSED 127.0.0.1:9");
    const times = upbit.connects;
    const client = new UpbitClient({
      url: "ws://127.0.0.1:9/websocket/v1",
      ...KEYS,
      clock,
      WebSocket: upbit.WebSocket,
      // No backoff at all: only the connect gate can space the attempts.
      reconnect: { initialDelayMs: 0, maxDelayMs: 0, maxAttempts: Infinity },
    });
    defer(() => client.close());
    client.subscribeTicker(["KRW-BTC"], () => {}, { onError: () => {} });
    client.subscribeMyAsset(() => {}, { onError: () => {} });
    for (let i = 0; i < 500; i++) {
      await turn();
      clock.tick(20);
    }
    // 10 s of fake time: about 5 per 1.1 s, never more than 5 in any second.
    assert.ok(times.length >= 40, `${times.length} attempts`);
    assert.ok(maxInWindow(times, 1000) <= 5, `${maxInWindow(times, 1000)} in one second`);
  });

  it("an upgrade refused without a reason (Node's 429 and 401) waits like a rate limit", async () => {
    const waits = async (message: string | undefined) => {
      const clock = fakeClock();
      const upbit = refusing(clock, message);
      const times = upbit.connects;
      const client = new UpbitClient({
        url: "ws://127.0.0.1:9/websocket/v1",
        clock,
        random: () => 0,
        WebSocket: upbit.WebSocket,
        reconnect: { initialDelayMs: 10, maxDelayMs: 4000, jitter: 0 },
      });
      client.subscribeTicker(["KRW-BTC"], () => {}, { onError: () => {} });
      for (let i = 0; i < 400 && times.length < 3; i++) {
        await turn();
        clock.tick(10);
      }
      await client.close();
      return times.slice(1, 3).map((t, i) => t - times[i]!);
    };
    // A refused port, named by the runtime: the ordinary curve (10, 20 ms).
    const network = await waits("connect ECONNREFUSED 127.0.0.1:9");
    assert.ok(network.every((ms) => ms <= 60), `network waits ${network}`);
    // No reason at all: at least half the longest backoff, as after a 429.
    const refused = await waits(undefined);
    assert.ok(refused.every((ms) => ms >= 2000), `refused waits ${refused}`);
    assert.equal(
      openFailureKind(new ConnectionClosedError("x", { cause: new Error("tcp connect error") })),
      "network",
    );
    assert.equal(openFailureKind(new ConnectionClosedError("x as it closed")), "refused");
  });

  it("against the emulator refusing every upgrade with 429: at most 5 attempts in any second", async () => {
    const emu = await useEmulator({ market: { tickMs: 0 } });
    defer(() => emu.close());
    await emu.fault({ kind: "refuseUpgrades", count: 1000, status: 429 });
    const times: number[] = [];
    const Base = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket!;
    const Counting = function (url: string | URL, protocols?: string | string[]) {
      times.push(Date.now());
      return new Base(url, protocols);
    } as unknown as WebSocketConstructor;
    const client = new UpbitClient({
      url: emu.url,
      WebSocket: Counting,
      // Backoff far below the gate: what limits the attempts is the gate alone.
      reconnect: { initialDelayMs: 1, maxDelayMs: 2, maxAttempts: Infinity },
    });
    defer(() => client.close());
    const sub = client.subscribeTicker(["KRW-BTC"], () => {}, { onError: () => {} });
    await new Promise((r) => setTimeout(r, 2300));
    sub.close();
    await client.close();
    const { stats } = await emu.state();
    assert.ok(times.length >= 8, `${times.length} attempts`);
    assert.ok(maxInWindow(times, 1000) <= 5, `${maxInWindow(times, 1000)} in one second`);
    assert.ok(stats.upgradesRefused >= 8 && stats.upgradesRefused <= times.length);
  });
});

describe("subscriptions hear the connection errors that stop their data", () => {
  it("onError hears failed attempts (with URL and why) while the iterator waits", async () => {
    const upbit = refusing(Date, "connect ECONNREFUSED 127.0.0.1:9");
    const client = new UpbitClient({
      url: "ws://127.0.0.1:9/websocket/v1",
      WebSocket: upbit.WebSocket,
      reconnect: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: 3 },
    });
    defer(() => client.close());
    const heard: unknown[] = [];
    const sub = client.ticker(["KRW-BTC"], { onError: (e) => void heard.push(e) });
    // The iterator throws only once the reconnect budget is spent, after onError heard each try.
    await assert.rejects(sub[Symbol.asyncIterator]().next(), { code: "RECONNECT_EXHAUSTED" });
    assert.ok(heard.length >= 3, `${heard.length}`);
    const first = heard[0] as UpbitError;
    assert.equal(first.code, "CONNECTION_CLOSED");
    assert.match(first.message, /"ws:\/\/127\.0\.0\.1:9\/websocket\/v1": .*ECONNREFUSED/);
  });

  it("onError hears a drop of the live socket, and the data comes back", async () => {
    const emu = await useEmulator({ market: { tickMs: 0 } });
    defer(() => emu.close());
    const client = new UpbitClient({
      url: emu.url,
      reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
      lingerMs: 0,
    });
    defer(() => client.close());
    const heard: UpbitError[] = [];
    let events = 0;
    const sub = client.subscribeTicker(["KRW-BTC"], () => void events++, {
      onError: (e) => void heard.push(e as UpbitError),
    });
    await eventually(() => events > 0);
    await emu.fault({ kind: "drop" });
    await eventually(() => heard.length > 0);
    assert.equal(heard[0]!.code, "CONNECTION_CLOSED");
    assert.match(heard[0]!.message, /public connection closed with code \d+.*reconnecting/);
    const before = events;
    await eventually(async () => (await emu.state()).connections.some((c) => c.open));
    await emu.step(["KRW-BTC"]);
    await eventually(() => events > before);
    sub.close();
  });

  it("a snapshot over a connection that never opened says so, naming the URL and why", async () => {
    const upbit = refusing(Date, "connect ECONNREFUSED 127.0.0.1:9");
    const client = new UpbitClient({
      url: "ws://127.0.0.1:9/websocket/v1",
      WebSocket: upbit.WebSocket,
      reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
    });
    defer(() => client.close());
    await assert.rejects(client.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 300 }), (e) => {
      assert.ok(e instanceof ConnectionClosedError, String(e));
      assert.match(
        e.message,
        /^Cannot take a snapshot of "KRW-BTC" as the connection failed: Cannot open a WebSocket to "ws:\/\/127\.0\.0\.1:9\/websocket\/v1": .*ECONNREFUSED/,
      );
      return true;
    });
  });
});
