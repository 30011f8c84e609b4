// @workerd-skip-bundle: uses node:test's mock timers and patches globals; on workerd the transport (including the fetch-upgrade path for private streams) is exercised by tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { openSocket, type WebSocketConstructor } from "../../../src/wire/transport.ts";
import {
  Fake,
  FakeAccepted,
  fakeFetch,
  FakeSocket,
  lastFake,
  runtime,
  TOKEN,
  upgradeResponse,
} from "./_fakes.ts";

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
    const generic = {
      name: "NotSupportedError",
      message:
        /^Cannot open a WebSocket as this runtime has no global WebSocket \(Node before 22 has none\): run on Node 22 or later.*WebSocket option/,
    };
    // On Node the `ws` package stands in for the missing global, unless it is missing too.
    const noWs = { wsPackage: "upbit-ws-no-such-package" };
    try {
      await assert.rejects(openSocket("wss://x.invalid/", runtime === "node" ? noWs : {}), generic);
      if (runtime === "node") {
        // Only compression: true keeps the `ws` package out: the two ways out are named.
        await assert.rejects(openSocket("wss://x.invalid/", { compression: true }), {
          name: "NotSupportedError",
          message: "Cannot open a WebSocket with compression: true as this runtime has no global " +
            'WebSocket (Node before 22 has none): leave compression unset or false to use the "ws" ' +
            "package, or pass a constructor as the WebSocket option",
        });
        await assert.rejects(
          openSocket("wss://x.invalid/", { compression: true, ...noWs }),
          generic,
        );
      }
    } finally {
      if (saved === undefined) Reflect.deleteProperty(globalThis, "WebSocket");
      else Object.defineProperty(globalThis, "WebSocket", saved);
    }
    assert.equal(typeof globalThis.WebSocket, "function");
  });
});

describe("openSocket() picks the upgrade path", () => {
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
