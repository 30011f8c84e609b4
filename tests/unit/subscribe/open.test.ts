/** What a subscription's onError hears, against the fake Upbit: the same error the client emits. */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient, UpbitError } from "../../../mod.ts";
import { fakeUpbit } from "../../_helpers/fake_upbit.ts";
import { tickerFrame } from "../../_helpers/frames.ts";

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("openSubscription: errors", () => {
  it("a throwing callback reaches onError as CALLBACK_FAILED with the throw as cause, as the error event does", async () => {
    const upbit = fakeUpbit({
      answer: (_request, socket) => socket.send(tickerFrame({ stream_type: "SNAPSHOT" })),
    });
    cleanups.push(() => upbit.close());
    const client = new UpbitClient({ url: upbit.url, WebSocket: upbit.WebSocket, lingerMs: 0 });
    cleanups.push(() => client.close());
    const boom = new Error("boom");
    const heard: unknown[] = [];
    const emitted: unknown[] = [];
    client.addEventListener("error", (e) => void emitted.push(e.error));
    const done = new Promise<void>((resolve) => {
      client.subscribeTicker(["KRW-BTC"], () => {
        throw boom;
      }, {
        onError: (e) => {
          heard.push(e);
          resolve();
        },
      });
    });
    await done;
    const [error] = heard;
    assert.ok(error instanceof UpbitError, `onError got ${String(error)}`);
    assert.equal(error.code, "CALLBACK_FAILED");
    assert.equal(error.cause, boom);
    assert.equal(emitted[0], error, "the error event carries the same error");
  });
});
