// @workerd-skip-bundle: uses node:test's mock timers and patches globals; on workerd the transport (including the fetch-upgrade path for private streams) is exercised by tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openSocket, type WebSocketConstructor } from "../../../src/wire/transport.ts";
import { NotSupportedError } from "../../../src/errors.ts";
import { assertNoSecret, Fake, FakeSocket, lastFake, TOKEN } from "./_fakes.ts";

describe("openSocket() through the WHATWG constructor", () => {
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
