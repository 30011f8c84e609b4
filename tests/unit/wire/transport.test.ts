// @workerd-skip-bundle: starts its own ws server per test; on workerd the transport (including the fetch-upgrade path for private streams) is exercised by tests/integration/emulator.test.ts against a driver-side emulator
import { after, before, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { WebSocketServer } from "ws";
import { Server as MockServer, WebSocket as MockWebSocket } from "mock-socket";
import { openSocket, type WebSocketConstructor } from "../../../src/wire/transport.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  NotSupportedError,
  RateLimitedError,
  UpbitError,
} from "../../../src/errors.ts";

const TOKEN = "Bearer eyJ.SECRET-TOKEN.sig";
const runtime: "deno" | "bun" | "node" = "Deno" in globalThis
  ? "deno"
  : "Bun" in globalThis
  ? "bun"
  : "node";
/** Deno and Bun put the refused upgrade's status in the error event; undici does not. */
const nativeStatusVisible = runtime !== "node";
/**
 * The default socket: on Node it is the `ws` package's (compression declined by default), whose
 * error event says "Unexpected server response: 429".
 */
const statusVisible = true;

/** An in-process server: `/ok` upgrades, `/status/N` answers N, `/hang` never answers. */
interface TestServer {
  url: string;
  upgrades: IncomingMessage[];
  close(): Promise<void>;
}

async function startServer(): Promise<TestServer> {
  const upgrades: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  http.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrades.push(req);
    const path = req.url ?? "/";
    if (path === "/ok") {
      wss.handleUpgrade(req, socket, head, (ws) => ws.send("hello"));
    } else if (path.startsWith("/status/")) {
      const status = Number(path.slice("/status/".length));
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nRetry-After: 3\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    } // "/hang": say nothing until the server closes.
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  assert.ok(address !== null && typeof address === "object");
  return {
    url: `ws://127.0.0.1:${address.port}`,
    upgrades,
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Closes a socket and waits for its close event, so no runtime reports a leaked socket. */
function closeAndWait(ws: WebSocket): Promise<void> {
  if (ws.readyState === 3) return Promise.resolve();
  return new Promise((resolve) => {
    ws.addEventListener("close", () => resolve(), { once: true });
    ws.close();
  });
}

/** Waits until the server has seen `count` upgrade requests (a few ms of polling at most). */
async function waitForUpgrades(server: TestServer, count: number): Promise<void> {
  for (let i = 0; i < 200 && server.upgrades.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(server.upgrades.length, count);
}

/**
 * A subclass of the global WebSocket that records the listeners added and not removed, and the
 * sockets it made (to close them at the end).
 */
function tracked() {
  const live: Array<[string, unknown]> = [];
  const made: WebSocket[] = [];
  let peak = 0;
  class Tracked extends globalThis.WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      made.push(this);
    }
    override addEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ): void {
      live.push([type, listener]);
      peak = Math.max(peak, live.length);
      super.addEventListener(type, listener, options);
    }
    override removeEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | EventListenerOptions,
    ): void {
      const index = live.findIndex(([t, l]) => t === type && l === listener);
      if (index !== -1) live.splice(index, 1);
      super.removeEventListener(type, listener, options);
    }
  }
  return {
    WebSocket: Tracked as unknown as WebSocketConstructor,
    live,
    made,
    get peak() {
      return peak;
    },
  };
}

function assertNoSecret(error: unknown): void {
  assert.ok(error instanceof Error);
  assert.doesNotMatch(error.message, /SECRET/);
  assert.doesNotMatch(String(error.stack), /SECRET/);
}

describe("openSocket() against a local ws server", () => {
  let server: TestServer;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await server.close();
  });

  it("resolves once OPEN with binaryType arraybuffer and removes its listeners", async () => {
    const t = tracked();
    const ws = await openSocket(`${server.url}/ok`, { WebSocket: t.WebSocket });
    try {
      assert.equal(ws.readyState, 1);
      assert.equal(ws.binaryType, "arraybuffer");
      assert.ok(t.peak >= 3, "open, error and close listeners were added while connecting");
      assert.deepEqual(t.live, []);
    } finally {
      await closeAndWait(ws);
    }
  });

  it("uses globalThis.WebSocket by default and delivers the server's first frame", async () => {
    // On Node the default declines permessage-deflate through the `ws` package; `compression:
    // true` keeps the native socket (tests/integration/compression.test.ts covers the default there).
    const ws = await openSocket(
      `${server.url}/ok`,
      runtime === "node" ? { compression: true } : {},
    );
    try {
      assert.ok(ws instanceof globalThis.WebSocket);
      const first = await new Promise<unknown>((resolve) => {
        ws.addEventListener("message", (e) => resolve(e.data), { once: true });
      });
      const text = typeof first === "string"
        ? first
        : new TextDecoder().decode(first as ArrayBuffer);
      assert.equal(text, "hello");
    } finally {
      await closeAndWait(ws);
    }
  });

  it("calls onOpen synchronously at open, so a frame sent with the open is never missed", async () => {
    const t = tracked();
    let resolved = false;
    const frames: unknown[] = [];
    const pending = openSocket(`${server.url}/ok`, {
      WebSocket: t.WebSocket,
      onOpen(ws) {
        assert.equal(resolved, false, "onOpen runs before the promise resolves");
        assert.equal(ws.readyState, 1);
        assert.equal(ws.binaryType, "arraybuffer");
        ws.addEventListener("message", (e) => frames.push(e.data));
      },
    });
    const ws = await pending;
    resolved = true;
    try {
      // Deno dispatches the server's first frame one microtask after the open event.
      for (let i = 0; i < 200 && frames.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      assert.equal(frames.length, 1);
      assert.equal(frames[0], "hello", "the server sends a text frame");
    } finally {
      await closeAndWait(ws);
    }
  });

  it("rejects with what onOpen threw and closes the socket", async () => {
    const t = tracked();
    const thrown = new Error("listener setup failed");
    await assert.rejects(
      openSocket(`${server.url}/ok`, {
        WebSocket: t.WebSocket,
        onOpen() {
          throw thrown;
        },
      }),
      (e) => e === thrown,
    );
    assert.equal(t.made.length, 1);
    assert.ok(t.made[0] !== undefined && t.made[0].readyState >= 2, "the socket was closed");
    assert.deepEqual(t.live, []);
    await Promise.all(t.made.map(closeAndWaitQuietly));
  });

  it("sends the headers on the upgrade request", async () => {
    const before = server.upgrades.length;
    const ws = await openSocket(`${server.url}/ok`, { headers: { Authorization: TOKEN } });
    try {
      assert.equal(ws.readyState, 1);
      assert.equal(server.upgrades.length, before + 1);
      assert.equal(server.upgrades.at(-1)?.headers.authorization, TOKEN);
      // The init object must not have been sent as a subprotocol.
      assert.equal(server.upgrades.at(-1)?.headers["sec-websocket-protocol"], undefined);
    } finally {
      await closeAndWait(ws);
    }
  });

  it("rejects a 401 upgrade (AuthenticationError where the runtime shows the status)", async () => {
    const t = tracked();
    const error = await openSocket(`${server.url}/status/401`, {
      WebSocket: t.WebSocket,
      headers: { Authorization: TOKEN },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof UpbitError);
    if (nativeStatusVisible) {
      assert.ok(error instanceof AuthenticationError, `${runtime}: ${String(error)}`);
      assert.match(error.message, /answered 401/);
    } else {
      assert.ok(error instanceof ConnectionClosedError, `${runtime}: ${String(error)}`);
    }
    assertNoSecret(error);
    assert.deepEqual(t.live, []);
    await Promise.all(t.made.map(closeAndWaitQuietly));
  });

  it("rejects a 403 upgrade like a 401", async () => {
    const error = await openSocket(`${server.url}/status/403`, {
      headers: { Authorization: TOKEN },
    }).catch((e: unknown) => e);
    assert.ok(statusVisible ? error instanceof AuthenticationError : error instanceof UpbitError);
    assertNoSecret(error);
  });

  it("rejects a 429 upgrade (RateLimitedError where the runtime shows the status)", async () => {
    const error = await openSocket(`${server.url}/status/429`).catch((e: unknown) => e);
    if (statusVisible) {
      assert.ok(error instanceof RateLimitedError, `${runtime}: ${String(error)}`);
      assert.equal(error.code, "RATE_LIMITED");
      // The socket's error event carries no headers, so Retry-After cannot be seen here.
      assert.equal(error.retryAfterMs, undefined);
    } else {
      assert.ok(error instanceof ConnectionClosedError, `${runtime}: ${String(error)}`);
    }
  });

  it("rejects any other refused upgrade with ConnectionClosedError", async () => {
    const error = await openSocket(`${server.url}/status/500`).catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
    assert.equal(error.code, "CONNECTION_CLOSED");
  });

  it("rejects with ConnectionClosedError when nothing listens", async () => {
    const probe = await startServer();
    const url = probe.url;
    await probe.close();
    const error = await openSocket(`${url}/ok`).catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
  });

  it("times out when the upgrade never completes, closing the half-open socket", async () => {
    const t = tracked();
    const started = Date.now();
    const error = await openSocket(`${server.url}/hang`, {
      WebSocket: t.WebSocket,
      timeoutMs: 50,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
    assert.match(error.message, /timed out after 50 ms/);
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(t.live, []);
    assert.equal(t.made.length, 1);
    assert.ok(t.made[0] !== undefined && t.made[0].readyState >= 2, "the socket was closed");
    await Promise.all(t.made.map(closeAndWaitQuietly));
  });

  it("rejects with signal.reason when aborted while connecting", async () => {
    const t = tracked();
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = openSocket(`${server.url}/hang`, {
      WebSocket: t.WebSocket,
      signal: controller.signal,
      headers: { Authorization: TOKEN },
    });
    await waitForUpgrades(server, server.upgrades.length); // let the request leave
    controller.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
    assert.deepEqual(t.live, []);
    assert.ok(t.made[0] !== undefined && t.made[0].readyState >= 2, "the socket was closed");
    await Promise.all(t.made.map(closeAndWaitQuietly));
  });

  it("rejects at once with signal.reason when the signal is already aborted", async () => {
    const t = tracked();
    const reason = new Error("already");
    await assert.rejects(
      openSocket(`${server.url}/ok`, { WebSocket: t.WebSocket, signal: AbortSignal.abort(reason) }),
      (e) => e === reason,
    );
    assert.equal(t.made.length, 0, "no socket was made");
  });

  it("works with mock-socket's constructor", async () => {
    const url = "ws://mock.invalid/v1";
    const mockServer = new MockServer(url);
    try {
      const ws = await openSocket(url, {
        WebSocket: MockWebSocket as unknown as WebSocketConstructor,
      });
      assert.equal(ws.readyState, 1);
      assert.equal(ws.binaryType, "arraybuffer");
      ws.close();
    } finally {
      await new Promise<void>((resolve) => mockServer.stop(() => resolve()));
    }
  });
});

/** Closes a socket that may still be connecting, waiting briefly for its close event. */
async function closeAndWaitQuietly(ws: WebSocket): Promise<void> {
  if (ws.readyState === 3) return;
  await new Promise<void>((resolve) => {
    // Node 22 never fires close after a failed handshake; do not wait on it forever.
    const timer = setTimeout(resolve, 200);
    ws.addEventListener("close", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
    try {
      ws.close();
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** A scripted WebSocket: records its arguments and lets the test fire events. */
class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = "blob";
  closed = 0;
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    super();
    this.args = args;
    FakeSocket.made.push(this);
  }
  close(): void {
    this.closed++;
    this.readyState = 3;
  }
  fire(type: string, fields: Record<string, unknown> = {}): void {
    const event = new Event(type);
    for (const [key, value] of Object.entries(fields)) {
      Object.defineProperty(event, key, { value });
    }
    this.dispatchEvent(event);
  }
}

/** The last FakeSocket, once openSocket has made it. */
async function lastFake(): Promise<FakeSocket> {
  await Promise.resolve();
  const fake = FakeSocket.made.at(-1);
  assert.ok(fake !== undefined);
  return fake;
}

const Fake = FakeSocket as unknown as WebSocketConstructor;

describe("openSocket() with a scripted socket", () => {
  it("maps an error event's status text (Deno's, Bun's and ws's wording) to the error class", async () => {
    const cases: Array<[string, new (...args: never[]) => Error]> = [
      [
        "NetworkError: failed to connect to WebSocket: Invalid status code: 401",
        AuthenticationError,
      ],
      ["WebSocket connection to 'x' failed: Expected 101 status code: 403", AuthenticationError],
      ["Invalid status code: 418", RateLimitedError],
      ["Expected 101 status code: 502", ConnectionClosedError],
      ["Received network error or non-101 status code.", ConnectionClosedError],
      ["Unexpected server response: 429", RateLimitedError],
      ["Unexpected server response: 401", AuthenticationError],
    ];
    for (const [message, expected] of cases) {
      const pending = openSocket("wss://example.invalid/v1", { WebSocket: Fake });
      const fake = await lastFake();
      fake.fire("error", { message });
      const error = await pending.catch((e: unknown) => e);
      assert.ok(error instanceof expected, `${message} → ${String(error)}`);
      assert.equal(fake.closed, 1, "the half-open socket was closed");
    }
  });

  it("reports the close code of a close before open", async () => {
    const pending = openSocket("wss://example.invalid/v1", { WebSocket: Fake });
    const fake = await lastFake();
    fake.fire("close", { code: 1011 });
    const error = await pending.catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
    assert.equal(error.closeCode, 1011);
    assert.match(error.message, /closed with code 1011/);
  });

  it("leaves out Deno's close code 0", async () => {
    const pending = openSocket("wss://example.invalid/v1", { WebSocket: Fake });
    (await lastFake()).fire("close", { code: 0 });
    const error = await pending.catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
    assert.equal(error.closeCode, undefined);
  });

  it("ignores events after it settled", async () => {
    const pending = openSocket("wss://example.invalid/v1", { WebSocket: Fake });
    const fake = await lastFake();
    fake.fire("open");
    const ws = await pending;
    assert.equal(ws.binaryType, "arraybuffer");
    fake.fire("error", { message: "late" });
    fake.fire("close", { code: 1006 });
    assert.equal(fake.closed, 0, "a settled socket belongs to the caller");
  });

  it("clears its timer on success (a mocked clock shows no pending timeout)", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const pending = openSocket("wss://example.invalid/v1", { WebSocket: Fake, timeoutMs: 1000 });
      const fake = await lastFake();
      fake.fire("open");
      await pending;
      mock.timers.tick(5000);
      assert.equal(fake.closed, 0);
    } finally {
      mock.timers.reset();
    }
  });

  it("rejects with NotSupportedError when a browser-like constructor refuses headers", async () => {
    class BrowserLike extends FakeSocket {
      constructor(url: string, protocols?: unknown) {
        if (protocols !== undefined && typeof protocols !== "string" && !Array.isArray(protocols)) {
          throw new DOMException("The subprotocol '[object Object]' is invalid", "SyntaxError");
        }
        super(url, protocols);
      }
    }
    const error = await openSocket("wss://example.invalid/v1", {
      WebSocket: BrowserLike as unknown as WebSocketConstructor,
      headers: { Authorization: TOKEN },
    }).catch((e: unknown) => e);
    assert.ok(error instanceof NotSupportedError);
    assert.equal(
      error.message,
      "Cannot send the Authorization header as this runtime's WebSocket has no headers option",
    );
    assertNoSecret(error);
  });

  it("passes headers as the second argument and the URL unchanged", async () => {
    const pending = openSocket("wss://example.invalid/v1/private", {
      WebSocket: Fake,
      headers: { Authorization: TOKEN },
    });
    const fake = await lastFake();
    assert.deepEqual(fake.args, ["wss://example.invalid/v1/private", {
      headers: { Authorization: TOKEN },
    }]);
    fake.fire("open");
    await pending;
  });

  it("calls new WebSocket(url) with one argument when there are no headers", async () => {
    const pending = openSocket("ws://example.invalid/v1", { WebSocket: Fake, headers: {} });
    const fake = await lastFake();
    assert.deepEqual(fake.args, ["ws://example.invalid/v1"]);
    fake.fire("open");
    await pending;
  });
});

describe("openSocket() argument checks", () => {
  it("rejects a URL that is not ws: or wss:, quoting it", async () => {
    for (const url of ["https://api.upbit.com/websocket/v1", "not a url"]) {
      await assert.rejects(openSocket(url, { WebSocket: Fake }), {
        name: "TypeError",
        message: `Cannot open a socket as url must be a ws: or wss: URL: current value is "${url}"`,
      });
    }
  });

  it("rejects an onOpen that is not a function", async () => {
    const onOpen = "yes" as unknown as (ws: WebSocket) => void;
    await assert.rejects(openSocket("wss://x.invalid/", { WebSocket: Fake, onOpen }), {
      name: "TypeError",
      message: 'Cannot open a socket as onOpen must be a function: current value is "yes"',
    });
  });

  it("rejects a timeout that is not a positive finite number", async () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      await assert.rejects(openSocket("wss://x.invalid/", { WebSocket: Fake, timeoutMs }), {
        name: "RangeError",
        message:
          `Cannot open a socket as timeoutMs must be a positive finite number: current value is "${timeoutMs}"`,
      });
    }
  });

  it("rejects a header value that is not a string without quoting it", async () => {
    const headers = { Authorization: 12345 } as unknown as Record<string, string>;
    const error = await openSocket("wss://x.invalid/", { WebSocket: Fake, headers }).catch((
      e: unknown,
    ) => e);
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /header "Authorization" must be a string/);
    assert.doesNotMatch(error.message, /12345/);
  });

  it("rejects with NotSupportedError naming the API when there is no WebSocket", async () => {
    const saved = Object.getOwnPropertyDescriptor(globalThis, "WebSocket");
    Object.defineProperty(globalThis, "WebSocket", {
      value: undefined,
      configurable: true,
      writable: true,
    });
    try {
      await assert.rejects(
        openSocket("wss://x.invalid/", runtime === "node" ? { compression: true } : {}),
        {
          name: "NotSupportedError",
          message:
            /^Cannot open a WebSocket as this runtime has no global WebSocket \(Node before 22 has none\): run on Node 22 or later.*WebSocket option/,
        },
      );
    } finally {
      if (saved === undefined) Reflect.deleteProperty(globalThis, "WebSocket");
      else Object.defineProperty(globalThis, "WebSocket", saved);
    }
    assert.equal(typeof globalThis.WebSocket, "function");
  });
});

/** workerd's client end of a fetch-upgraded socket. */
class FakeAccepted extends FakeSocket {
  accepted = 0;
  accept(): void {
    this.accepted++;
    this.readyState = 1;
  }
}

interface FetchCall {
  url: string;
  init: RequestInit | undefined;
}

/** A fake `fetch` that records its calls and answers with `respond()`. */
function fakeFetch(respond: (call: FetchCall) => Promise<unknown> | unknown) {
  const calls: FetchCall[] = [];
  const fn = ((input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init };
    calls.push(call);
    return Promise.resolve(respond(call));
  }) as typeof fetch;
  return { fetch: fn, calls };
}

function upgradeResponse(status: number, extra: Record<string, unknown> = {}): unknown {
  let cancelled = 0;
  return {
    status,
    headers: new Headers(extra.headers as Record<string, string> | undefined),
    body: {
      cancel() {
        cancelled++;
        return Promise.resolve();
      },
    },
    get cancelled() {
      return cancelled;
    },
    ...("webSocket" in extra ? { webSocket: extra.webSocket } : {}),
  };
}

describe("openSocket() fetch-upgrade path (workerd)", () => {
  it("fetches the https twin with Upgrade and the headers, accepts and resolves", async () => {
    const socket = new FakeAccepted();
    const f = fakeFetch(() => upgradeResponse(101, { webSocket: socket }));
    const ws = await openSocket("wss://api.upbit.com/websocket/v1/private?x=1", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
    });
    assert.equal(ws, socket as unknown as WebSocket);
    assert.equal(socket.accepted, 1);
    assert.equal(ws.binaryType, "arraybuffer");
    assert.equal(f.calls.length, 1);
    assert.equal(f.calls[0]?.url, "https://api.upbit.com/websocket/v1/private?x=1");
    const headers = new Headers(f.calls[0]?.init?.headers);
    assert.equal(headers.get("upgrade"), "websocket");
    assert.equal(headers.get("authorization"), TOKEN);
    assert.ok(f.calls[0]?.init?.signal instanceof AbortSignal);
  });

  it("calls onOpen after accept() and before resolving", async () => {
    const socket = new FakeAccepted();
    const f = fakeFetch(() => upgradeResponse(101, { webSocket: socket }));
    const seen: number[] = [];
    await openSocket("wss://x.invalid/", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
      onOpen: (ws) => seen.push((ws as unknown as FakeAccepted).accepted),
    });
    assert.deepEqual(seen, [1]);
  });

  it("maps ws: to http:", async () => {
    const f = fakeFetch(() => upgradeResponse(101, { webSocket: new FakeAccepted() }));
    await openSocket("ws://127.0.0.1:8080/v1", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
    });
    assert.equal(f.calls[0]?.url, "http://127.0.0.1:8080/v1");
  });

  it("maps the refusal status to the error class and reads Retry-After", async () => {
    const cases: Array<[number, Record<string, string>, new (...args: never[]) => Error]> = [
      [401, {}, AuthenticationError],
      [403, {}, AuthenticationError],
      [429, { "Retry-After": "3" }, RateLimitedError],
      [418, {}, RateLimitedError],
      [200, {}, ConnectionClosedError],
      [500, {}, ConnectionClosedError],
    ];
    for (const [status, headers, expected] of cases) {
      const response = upgradeResponse(status, { headers }) as { cancelled: number };
      const f = fakeFetch(() => response);
      const error = await openSocket("wss://x.invalid/private", {
        headers: { Authorization: TOKEN },
        upgrade: "fetch",
        fetch: f.fetch,
      }).catch((e: unknown) => e);
      assert.ok(error instanceof expected, `${status} → ${String(error)}`);
      assert.match((error as Error).message, new RegExp(`answered ${status}`));
      assert.equal(response.cancelled, 1, "the body was released");
      assertNoSecret(error);
      if (status === 429) assert.equal((error as RateLimitedError).retryAfterMs, 3000);
      if (status === 418) assert.equal((error as RateLimitedError).retryAfterMs, undefined);
    }
  });

  it("reads Retry-After given as an HTTP date", async () => {
    const date = new Date(Date.now() + 60_000).toUTCString();
    const f = fakeFetch(() => upgradeResponse(429, { headers: { "Retry-After": date } }));
    const error = await openSocket("wss://x.invalid/", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof RateLimitedError);
    assert.ok(
      error.retryAfterMs !== undefined && error.retryAfterMs > 55_000 &&
        error.retryAfterMs <= 60_000,
      String(error.retryAfterMs),
    );
  });

  it("rejects with NotSupportedError when a 101 carries no webSocket", async () => {
    const f = fakeFetch(() => upgradeResponse(101));
    await assert.rejects(
      openSocket("wss://x.invalid/", {
        headers: { Authorization: TOKEN },
        upgrade: "fetch",
        fetch: f.fetch,
      }),
      NotSupportedError,
    );
  });

  it("wraps a network failure in ConnectionClosedError with the cause", async () => {
    const cause = new TypeError("fetch failed");
    const f = fakeFetch(() => Promise.reject(cause));
    const error = await openSocket("wss://x.invalid/", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
    assert.equal(error.cause, cause);
  });

  /** A fetch that never answers but honours its signal, like a real one. */
  const hangingFetch = () =>
    fakeFetch(({ init }) =>
      new Promise((_, reject) => {
        const signal = init?.signal;
        assert.ok(signal);
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      })
    );

  it("times out", async () => {
    const f = hangingFetch();
    const error = await openSocket("wss://x.invalid/", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
      timeoutMs: 20,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof ConnectionClosedError);
    assert.match(error.message, /timed out after 20 ms/);
  });

  it("rejects with signal.reason when aborted", async () => {
    const f = hangingFetch();
    const controller = new AbortController();
    const reason = new Error("stop");
    const pending = openSocket("wss://x.invalid/", {
      headers: { Authorization: TOKEN },
      upgrade: "fetch",
      fetch: f.fetch,
      signal: controller.signal,
    });
    await Promise.resolve();
    controller.abort(reason);
    await assert.rejects(pending, (e) => e === reason);
  });

  it("is chosen automatically where WebSocketPair exists (workerd)", async () => {
    const f = fakeFetch(() => upgradeResponse(101, { webSocket: new FakeAccepted() }));
    const scope = globalThis as { WebSocketPair?: unknown };
    const had = "WebSocketPair" in scope;
    const saved = scope.WebSocketPair;
    scope.WebSocketPair = function WebSocketPair() {};
    try {
      await openSocket("wss://x.invalid/", { headers: { Authorization: TOKEN }, fetch: f.fetch });
      assert.equal(f.calls.length, 1);
      // Without headers the constructor path is used, even on workerd.
      const pending = openSocket("wss://x.invalid/", { WebSocket: Fake, fetch: f.fetch });
      (await lastFake()).fire("open");
      await pending;
      assert.equal(f.calls.length, 1);
      // An injected constructor that refuses headers falls back to fetch on workerd.
      class Refusing extends FakeSocket {
        constructor(url: string, protocols?: unknown) {
          if (typeof protocols === "object") throw new DOMException("bad token", "SyntaxError");
          super(url, protocols);
        }
      }
      await openSocket("wss://x.invalid/", {
        WebSocket: Refusing as unknown as WebSocketConstructor,
        headers: { Authorization: TOKEN },
        fetch: f.fetch,
      });
      assert.equal(f.calls.length, 2);
    } finally {
      if (had) scope.WebSocketPair = saved;
      else delete scope.WebSocketPair;
    }
  });

  it("is not used for headers without WebSocketPair (Node, Deno, Bun)", async () => {
    const f = fakeFetch(() => upgradeResponse(101, { webSocket: new FakeAccepted() }));
    const pending = openSocket("wss://x.invalid/", {
      WebSocket: Fake,
      headers: { Authorization: TOKEN },
      fetch: f.fetch,
    });
    (await lastFake()).fire("open");
    await pending;
    assert.equal(f.calls.length, 0);
  });
});
