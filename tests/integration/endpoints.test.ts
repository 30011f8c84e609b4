/**
 * Issue 11, "keys go to production while the user points at a test server": every endpoint
 * (public, private, info) follows the one the user chose, a half-overridden set is refused before
 * any key is used, and no request carrying credentials reaches a host the user did not name — on
 * every runtime (on workerd the emulator runs in the test driver; the private upgrade takes the
 * fetch path there, after the recording constructor saw it).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { resolveEndpoints, UpbitClient, type WebSocketConstructor } from "../../mod.ts";
import { useEmulator } from "../_helpers/emulator.ts";
import { cleanupAfterEach } from "../_helpers/cleanups.ts";
import { eventually } from "../_helpers/wait.ts";

const defer = cleanupAfterEach();

const KEYS = { accessKey: "endpoints-access-key", secretKey: "endpoints-secret-key-0123456789" };

/** Every socket the client tried to open: its URL and whether it carried an Authorization. */
interface Attempt {
  url: string;
  host: string;
  authorization: boolean;
}

/**
 * A WebSocket constructor that records each attempt, then hands it to the runtime's own
 * constructor (`pass`), or fails it like a refused connection (no `pass`).
 */
function recordingWebSocket(attempts: Attempt[], pass: boolean): WebSocketConstructor {
  const Base = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  return function RecordingWebSocket(
    this: unknown,
    url: string | URL,
    init?: string | string[] | { headers?: Record<string, string> },
  ) {
    const headers = typeof init === "object" && !Array.isArray(init) ? init.headers : undefined;
    const parsed = new URL(String(url));
    attempts.push({
      url: String(url),
      host: parsed.host,
      authorization: Object.keys(headers ?? {}).some((k) => k.toLowerCase() === "authorization"),
    });
    if (pass && Base !== undefined) {
      return new (Base as unknown as new (u: string, i?: unknown) => WebSocket)(String(url), init);
    }
    // A socket that fails at once, as a closed port does.
    const target = new EventTarget() as WebSocket;
    Object.assign(target, { readyState: 3, binaryType: "arraybuffer", close() {}, send() {} });
    setTimeout(() => target.dispatchEvent(new Event("error")), 0);
    return target;
  } as unknown as WebSocketConstructor;
}

describe("resolveEndpoints: one base, one host", () => {
  it("derives private and info from url (trailing slash and query kept sane)", () => {
    assert.deepEqual(resolveEndpoints({ url: "ws://127.0.0.1:9000/websocket/v1" }), {
      public: "ws://127.0.0.1:9000/websocket/v1",
      private: "ws://127.0.0.1:9000/websocket/v1/private",
      info: "ws://127.0.0.1:9000/websocket/v1/info",
    });
    assert.equal(
      resolveEndpoints({ url: "wss://proxy.example/up/" }).private,
      "wss://proxy.example/up/private",
    );
    assert.equal(
      resolveEndpoints({ url: "wss://proxy.example/up?x=1" }).info,
      "wss://proxy.example/up/info?x=1",
    );
  });

  it("derives all three from region, defaults to kr", () => {
    assert.deepEqual(resolveEndpoints({}), {
      public: "wss://api.upbit.com/websocket/v1",
      private: "wss://api.upbit.com/websocket/v1/private",
      info: "wss://api.upbit.com/websocket/v1/info",
    });
    assert.deepEqual(resolveEndpoints({ region: "th" }), {
      public: "wss://th-api.upbit.com/websocket/v1",
      private: "wss://th-api.upbit.com/websocket/v1/private",
      info: "wss://th-api.upbit.com/websocket/v1/info",
    });
  });

  it("takes explicit privateUrl/infoUrl on the host of url", () => {
    const e = resolveEndpoints({
      url: "ws://127.0.0.1:9000/websocket/v1",
      privateUrl: "ws://127.0.0.1:9000/other/private",
      infoUrl: "ws://127.0.0.1:9000/other/info",
    });
    assert.equal(e.private, "ws://127.0.0.1:9000/other/private");
    assert.equal(e.info, "ws://127.0.0.1:9000/other/info");
    // On the region's own host, an explicit private URL is no half-override.
    assert.equal(
      resolveEndpoints({ privateUrl: "wss://api.upbit.com/websocket/v1/private" }).private,
      "wss://api.upbit.com/websocket/v1/private",
    );
  });

  it("refuses a url that is already the private or /info endpoint (it would derive …/private/private)", () => {
    for (const url of ["ws://127.0.0.1:9000/websocket/v1/private", "ws://h/websocket/v1/info/"]) {
      assert.throws(
        () => resolveEndpoints({ url }),
        (e: unknown) =>
          e instanceof TypeError && e.message.includes(JSON.stringify(url)) &&
          /names the public endpoint/.test(e.message),
      );
      assert.throws(() => new UpbitClient({ url }), TypeError);
    }
    // A path that only ends in the word stays a base.
    assert.equal(
      resolveEndpoints({ url: "wss://proxy.example/upbitprivate" }).private,
      "wss://proxy.example/upbitprivate/private",
    );
  });

  it("refuses a half-overridden set with a TypeError quoting the value", () => {
    const cases: Array<[Parameters<typeof resolveEndpoints>[0], RegExp]> = [
      // privateUrl alone: the public and info endpoints would stay on production.
      [
        { privateUrl: "ws://127.0.0.1:9000/websocket/v1/private" },
        /"privateUrl".*give "url".*current value is "ws:\/\/127\.0\.0\.1:9000\/websocket\/v1\/private"/,
      ],
      [{ infoUrl: "ws://127.0.0.1:9000/websocket/v1/info" }, /"infoUrl"/],
      // Keys to production while url points at a test server.
      [
        {
          url: "ws://127.0.0.1:9000/websocket/v1",
          privateUrl: "wss://api.upbit.com/websocket/v1/private",
        },
        /"privateUrl".*host of "url" \(ws:\/\/127\.0\.0\.1:9000\).*current value is "wss:\/\/api\.upbit\.com/,
      ],
      [
        {
          url: "ws://127.0.0.1:9000/websocket/v1",
          infoUrl: "ws://127.0.0.1:9001/websocket/v1/info",
        },
        /"infoUrl".*current value is "ws:\/\/127\.0\.0\.1:9001/,
      ],
      // Same host, but the keys would leave over plain text.
      [
        { url: "wss://proxy.example/ws", privateUrl: "ws://proxy.example/ws/private" },
        /"privateUrl"/,
      ],
      [{ url: "ws://127.0.0.1:9000/websocket/v1", region: "sg" }, /"region".*"url".*"sg"/],
    ];
    for (const [options, message] of cases) {
      assert.throws(() => resolveEndpoints(options), { name: "TypeError", message });
    }
    assert.throws(() => resolveEndpoints({ url: "http://x" }), {
      name: "TypeError",
      message: /current value is "http:\/\/x"/,
    });
  });
});

describe("the client uses only the endpoints the user named", () => {
  it("a half-overridden set fails in the constructor, before any socket or key is used", () => {
    const attempts: Attempt[] = [];
    assert.throws(
      () =>
        new UpbitClient({
          url: "ws://127.0.0.1:9/websocket/v1",
          privateUrl: "wss://api.upbit.com/websocket/v1/private",
          ...KEYS,
          WebSocket: recordingWebSocket(attempts, false),
        }),
      TypeError,
    );
    assert.deepEqual(attempts, []);
  });

  it("url alone moves the private and info connections (with their keys) to the same host", async () => {
    const attempts: Attempt[] = [];
    const client = new UpbitClient({
      url: "ws://127.0.0.1:9/websocket/v1",
      ...KEYS,
      WebSocket: recordingWebSocket(attempts, false),
      reconnect: { maxAttempts: 0 },
    });
    defer(() => client.close());
    assert.deepEqual(
      [client.toJSON().url, client.toJSON().privateUrl, client.toJSON().infoUrl],
      [
        "ws://127.0.0.1:9/websocket/v1",
        "ws://127.0.0.1:9/websocket/v1/private",
        "ws://127.0.0.1:9/websocket/v1/info",
      ],
    );
    const assets = client.myAsset({ onError: () => {} });
    const ticks = client.ticker(["KRW-BTC"], { onError: () => {} });
    const rsi = client.indicator(["KRW-BTC"], {
      timeframe: "5m",
      indicators: [{ type: "rsi", params: { period: 14 } }],
      onError: () => {},
    });
    await assert.rejects(assets[Symbol.asyncIterator]().next());
    await assert.rejects(ticks[Symbol.asyncIterator]().next());
    await assert.rejects(rsi[Symbol.asyncIterator]().next());
    assert.ok(attempts.length >= 3, JSON.stringify(attempts));
    assert.ok(attempts.every((a) => a.host === "127.0.0.1:9"), JSON.stringify(attempts));
    const signed = attempts.filter((a) => a.authorization).map((a) => a.url);
    assert.deepEqual([...new Set(signed)].sort(), [
      "ws://127.0.0.1:9/websocket/v1/info",
      "ws://127.0.0.1:9/websocket/v1/private",
    ]);
    assert.ok(
      client.health().connections.every((c) => c.url.startsWith("ws://127.0.0.1:9/")),
      JSON.stringify(client.health().connections),
    );
  });

  it("against the emulator: url alone, the keys reach its /private path and nothing else", async () => {
    const emu = await useEmulator({ market: { tickMs: 0 }, accounts: [KEYS] });
    defer(() => emu.close());
    const attempts: Attempt[] = [];
    const client = new UpbitClient({
      url: emu.url,
      ...KEYS,
      WebSocket: recordingWebSocket(attempts, true),
      lingerMs: 0,
    });
    defer(() => client.close());
    const assets = client.subscribeMyAsset(() => {});
    const ticks = client.subscribeTicker(["KRW-BTC"], () => {});
    await eventually(async () => {
      const { connections } = await emu.state();
      return connections.some((c) => c.open && c.endpoint === "private" && c.authenticated) &&
        connections.some((c) => c.open && c.endpoint === "public");
    });
    const { connections, stats } = await emu.state();
    const priv = connections.filter((c) => c.endpoint === "private");
    assert.ok(priv.every((c) => c.path === "/websocket/v1/private" && c.authenticated));
    assert.equal(stats.authFailures, 0);
    const host = new URL(emu.url).host;
    assert.ok(attempts.every((a) => a.host === host), JSON.stringify(attempts));
    assert.ok(
      attempts.filter((a) => a.authorization).every((a) => a.url === `${emu.url}/private`),
      JSON.stringify(attempts),
    );
    assets.close();
    ticks.close();
  });
});
