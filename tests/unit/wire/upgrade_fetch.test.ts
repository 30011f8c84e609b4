// @workerd-skip-bundle: uses node:test's mock timers and patches globals; on workerd the transport (including the fetch-upgrade path for private streams) is exercised by tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openSocket } from "../../../src/wire/transport.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  NotSupportedError,
  RateLimitedError,
} from "../../../src/errors.ts";
import { assertNoSecret, FakeAccepted, fakeFetch, TOKEN, upgradeResponse } from "./_fakes.ts";

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
});
