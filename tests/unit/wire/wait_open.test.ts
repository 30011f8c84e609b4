// @workerd-skip-bundle: uses node:test's mock timers and patches globals; on workerd the transport (including the fetch-upgrade path for private streams) is exercised by tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { openSocket } from "../../../src/wire/transport.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  RateLimitedError,
} from "../../../src/errors.ts";
import { Fake, lastFake } from "./_fakes.ts";

describe("openSocket() waiting for open (wait_open.ts)", () => {
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
});
