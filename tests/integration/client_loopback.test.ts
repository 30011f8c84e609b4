/**
 * UpbitClient over loopback against the real emulator (moved from tests/unit/client.test.ts, as
 * they open sockets): a refused port ends a snapshot and a pending listSubscriptions() at once,
 * and listSubscriptions() waits for a connection that is opening.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { UpbitClient } from "../../mod.ts";
import { ConnectionClosedError, UpbitError } from "../../src/errors.ts";
import { isWorkerd, useEmulator } from "../_helpers/emulator.ts";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("over loopback, against the emulator", () => {
  // A refused port: an emulator's port, once it is closed. (workerd reaches the emulator through
  // the spawner; a closed port there says nothing about the runtime's errors.)
  const refusedUrl = async () => {
    const emu = await useEmulator();
    const url = emu.url;
    await emu.close();
    return url;
  };

  it(
    "snapshot() against a refused port rejects at the first failed attempt, naming the URL and why",
    {
      skip: isWorkerd(),
      timeout: 20_000,
    },
    async () => {
      const url = await refusedUrl();
      const client = new UpbitClient({ url, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } });
      cleanups.push(() => client.close());
      // A minute of timeout: only the refusal itself can end this within the test's budget.
      await assert.rejects(client.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 60_000 }), (e) => {
        assert.ok(e instanceof ConnectionClosedError, String(e));
        assert.ok(
          e.message.startsWith(
            `Cannot take a snapshot of "KRW-BTC" as the connection failed: Cannot open a WebSocket to "${url}": `,
          ),
          e.message,
        );
        assert.ok(e.cause instanceof UpbitError, String(e.cause));
        return true;
      });
    },
  );

  it("listSubscriptions() called before the connection opened waits for the open", async () => {
    const emu = await useEmulator();
    cleanups.push(() => emu.close());
    const client = new UpbitClient({ url: emu.url, lingerMs: 0 });
    cleanups.push(() => client.close());
    const sub = client.ticker(["KRW-BTC"], { stream: "realtime" });
    cleanups.push(() => sub.close());
    const listed = await client.listSubscriptions();
    assert.ok(Array.isArray(listed), inspect(listed));
  });

  it(
    "listSubscriptions() waiting on a connection that cannot open ends with its signal, or when the client closes",
    {
      skip: isWorkerd(),
      timeout: 20_000,
    },
    async () => {
      const url = await refusedUrl();
      const client = new UpbitClient({ url, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } });
      cleanups.push(() => client.close());
      const sub = client.ticker(["KRW-BTC"], { onError: () => {} });
      cleanups.push(() => sub.close());
      const abort = new AbortController();
      const aborted = client.listSubscriptions("public", abort.signal);
      const closed = client.listSubscriptions("public", new AbortController().signal);
      abort.abort(new Error("stop"));
      await assert.rejects(aborted, /stop/);
      await client.close();
      await assert.rejects(closed, ConnectionClosedError);
    },
  );
});
