/**
 * The `compression` option (permessage-deflate) against the emulator, which accepts the extension
 * whenever it is offered, as Upbit does. On every runtime: what the emulator saw offered and what
 * it negotiated, and that frames still decode. On workerd the emulator runs in the test driver.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../../mod.ts";
import type { UpbitClientOptions } from "../../src/options.ts";
import { compressionProblem } from "../../src/wire/compression.ts";
import { openSocket } from "../../src/wire/transport.ts";
import {
  isWorkerd,
  openPublic,
  type RemoteOrLocalEmulator,
  useEmulator,
} from "../_helpers/emulator.ts";
import { fakeUpbit } from "../_helpers/fake_upbit.ts";
import { cleanupAfterEach } from "../_helpers/cleanups.ts";

const runtime: "deno" | "bun" | "workerd" | "node" = isWorkerd()
  ? "workerd"
  : "Deno" in globalThis
  ? "deno"
  : "Bun" in globalThis
  ? "bun"
  : "node";

const defer = cleanupAfterEach();

async function emulator(): Promise<RemoteOrLocalEmulator> {
  const emu = await useEmulator({ market: { tickMs: 0 } });
  defer(() => emu.close());
  return emu;
}

/** The emulator's view of the one open public connection's extensions. */
async function extensions(emu: RemoteOrLocalEmulator): Promise<{
  offered: string;
  negotiated: string;
}> {
  const open = await openPublic(emu);
  assert.equal(open.length, 1, "one open public connection");
  return open[0]!.extensions;
}

/** A client on the emulator; resolves once the first ticker event has been decoded. */
async function firstTicker(emu: RemoteOrLocalEmulator, options: UpbitClientOptions) {
  const client = new UpbitClient({ url: emu.url, lingerMs: 60_000, ...options });
  defer(() => client.close());
  const errors: unknown[] = [];
  client.addEventListener("error", (e) => void errors.push(e.error));
  for await (const event of client.ticker(["KRW-BTC"], { signal: AbortSignal.timeout(10_000) })) {
    assert.equal(event.code, "KRW-BTC");
    assert.equal(typeof event.tradePrice, "number");
    break;
  }
  assert.deepEqual(errors, []);
  return client;
}

describe("compression (permessage-deflate)", () => {
  it("is declined by default: the emulator sees no offer and frames arrive plain", async () => {
    const emu = await emulator();
    await firstTicker(emu, {});
    const seen = await extensions(emu);
    assert.equal(seen.offered.includes("permessage-deflate"), false, seen.offered);
    assert.equal(seen.negotiated, "");
  });

  it("compression: false declines it on every runtime", async () => {
    const emu = await emulator();
    await firstTicker(emu, { compression: false });
    const seen = await extensions(emu);
    assert.equal(seen.offered.includes("permessage-deflate"), false, seen.offered);
    assert.equal(seen.negotiated, "");
  });

  it("compression: true offers it where the runtime can and frames inflate, else NotSupportedError", async () => {
    const emu = await emulator();
    if (runtime === "deno") {
      await assert.rejects(openSocket(emu.url, { compression: true }), {
        name: "NotSupportedError",
        message: /Deno's WebSocket has no compression/,
      });
      // The client says so at construction, before anything goes on the wire.
      assert.throws(() => new UpbitClient({ url: emu.url, compression: true }), {
        name: "NotSupportedError",
        message: /Deno's WebSocket has no compression/,
      });
      return;
    }
    await firstTicker(emu, { compression: true });
    const seen = await extensions(emu);
    assert.match(seen.offered, /permessage-deflate/);
    assert.match(seen.negotiated, /^permessage-deflate/);
  });

  it("on workerd, compression: true with headers (private) is NotSupportedError before any fetch", {
    skip: runtime !== "workerd" && "workerd only: its fetch upgrade offers no deflate",
  }, async () => {
    let fetched = 0;
    const fakeFetch = (() => {
      fetched++;
      return Promise.reject(new Error("no fetch expected"));
    }) as typeof fetch;
    await assert.rejects(
      openSocket("ws://127.0.0.1:1/websocket/v1/private", {
        compression: true,
        headers: { Authorization: "Bearer x" },
        fetch: fakeFetch,
      }),
      { name: "NotSupportedError", message: /fetch upgrade does not negotiate it/ },
    );
    assert.equal(fetched, 0);
  });

  it(
    "on Node, compression: false opens the ws package's socket; without ws it is NotSupportedError",
    {
      skip: runtime !== "node" && "Node only: the ws package declines deflate there",
    },
    async () => {
      const emu = await emulator();
      const ws = await openSocket(emu.url, { compression: false });
      try {
        assert.equal(ws instanceof globalThis.WebSocket, false, "the ws package's WebSocket");
        assert.equal(ws.extensions, "");
        // Frames as Buffers: "arraybuffer" would copy each one (BENCHMARKS.md, issue 12).
        assert.equal(ws.binaryType, "nodebuffer");
      } finally {
        ws.close();
      }
      const missing = "upbit-ws-no-such-package";
      assert.equal(compressionProblem(false, false, missing)?.includes('"ws" package'), true);
      assert.equal(compressionProblem(false, false), undefined);
      assert.equal(compressionProblem(undefined, false, missing), undefined);
      await assert.rejects(openSocket(emu.url, { compression: false, wsPackage: missing }), {
        name: "NotSupportedError",
        message: 'Cannot decline permessage-deflate on Node without the "ws" package; ' +
          "install ws or leave compression unset",
      });
      // Unset, Node falls back to its own WebSocket, which offers deflate.
      const native = await openSocket(emu.url, { wsPackage: missing });
      try {
        assert.ok(native instanceof globalThis.WebSocket);
        assert.equal(native.extensions, "permessage-deflate");
      } finally {
        native.close();
      }
    },
  );

  it("passes { perMessageDeflate: false } to an injected constructor only when asked", async () => {
    const upbit = fakeUpbit();
    const WS = upbit.WebSocket;
    await openSocket("ws://127.0.0.1:1/a", { WebSocket: WS, compression: false });
    await openSocket("ws://127.0.0.1:1/b", {
      WebSocket: WS,
      compression: false,
      headers: { Authorization: "Bearer x" },
    });
    await openSocket("ws://127.0.0.1:1/c", { WebSocket: WS });
    await openSocket("ws://127.0.0.1:1/d", { WebSocket: WS, compression: true });
    assert.deepEqual(upbit.sockets.map((s) => s.args), [
      ["ws://127.0.0.1:1/a", { perMessageDeflate: false }],
      ["ws://127.0.0.1:1/b", { headers: { Authorization: "Bearer x" }, perMessageDeflate: false }],
      ["ws://127.0.0.1:1/c"],
      ["ws://127.0.0.1:1/d"],
    ]);
  });

  it("rejects a compression that is not a boolean, quoting it", async () => {
    assert.throws(
      () => new UpbitClient({ compression: "no" as unknown as boolean }),
      { name: "TypeError", message: /option "compression" as it must be a boolean.*"no"/ },
    );
    await assert.rejects(
      openSocket("ws://127.0.0.1:1/", { compression: 0 as unknown as boolean }),
      {
        name: "TypeError",
        message: 'Cannot open a socket as compression must be a boolean: current value is "0"',
      },
    );
  });
});
