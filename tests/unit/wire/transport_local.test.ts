// @workerd-skip-bundle: starts its own ws server per test; on workerd the transport (including the fetch-upgrade path for private streams) is exercised by tests/integration/emulator.test.ts against a driver-side emulator
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Server as MockServer, WebSocket as MockWebSocket } from "mock-socket";
import { openSocket, type WebSocketConstructor } from "../../../src/wire/transport.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  RateLimitedError,
  UpbitError,
} from "../../../src/errors.ts";
import { assertNoSecret, runtime, TOKEN } from "./_fakes.ts";
import {
  closeAndWait,
  closeAndWaitQuietly,
  startServer,
  type TestServer,
  tracked,
  waitForUpgrades,
} from "./_local_server.ts";

/** Deno and Bun put the refused upgrade's status in the error event; undici does not. */
const nativeStatusVisible = runtime !== "node";
/**
 * The default socket: on Node it is the `ws` package's (compression declined by default), whose
 * error event says "Unexpected server response: 429".
 */
const statusVisible = true;

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
