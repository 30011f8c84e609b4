/**
 * Error frames, classified from one table (src/protocol/server_errors.ts): the table, and what a
 * client on a fake clock does with each class against a scripted Upbit (issue 10, item 3).
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ServerError } from "../../../src/errors.ts";
import { classifyServerError } from "../../../src/protocol/server_errors.ts";
import { advance } from "../../_helpers/fake_clock.ts";
import { tickerFrame } from "../../_helpers/frames.ts";
import { record, serve, setup } from "../../_helpers/refusing_upbit.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("error names are classified from one table", () => {
  it("classifies each name Upbit documents, by name only", () => {
    for (const name of ["TOO_MANY_REQUEST", "Too Many Requests", "I'm a teapot"]) {
      assert.equal(classifyServerError(name), "rate-limit", name);
      assert.equal(new ServerError(name, "…").code, "RATE_LIMITED", name);
    }
    assert.equal(classifyServerError("INVALID_AUTH"), "auth");
    for (const name of ["WRONG_FORMAT", "INVALID_PARAM", "NO_CODES", "NO_TICKET", "NO_TYPE"]) {
      assert.equal(classifyServerError(name), "refusal", name);
      assert.equal(new ServerError(name, "…").code, "SERVER_ERROR", name);
    }
    for (const name of ["SOMETHING_NEW", "too_many_request", "", "400"]) {
      assert.equal(classifyServerError(name), "unknown", name);
    }
  });
});

describe("a rate-limit error frame (TOO_MANY_REQUEST, then close)", () => {
  it("waits (jittered), comes back, never gives up and keeps every subscription", async () => {
    const limited = { count: 8 }; // more than the development profile's 5 attempts and 3 refusals
    const { clock, upbit, client, clientErrors } = setup(cleanups, serve(() => undefined, limited));
    const a = record();
    const b = record();
    client.subscribeTicker(["KRW-BTC"], a.callback, { onError: a.onError });
    client.subscribeOrderbook(["KRW-ETH"], b.callback, { onError: b.onError });
    await advance(clock, 20_000, 50);
    assert.equal(limited.count, 0, "every refusal was answered by a new attempt");
    assert.ok(upbit.sockets.length >= 9);
    // Jittered: at least half the longest backoff, plus a random share of it.
    const waits = upbit.connects.slice(1, 9).map((t, i) => t - upbit.connects[i]!);
    for (const w of waits) assert.ok(w >= 1000 + 0.5 * 2000 - 50 && w <= 2000 + 100, `${w} ms`);
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
    assert.equal(client.health().subscriptions, 2);
    assert.equal(a.got[0]?.type, "ticker", "the ticker came back");
    assert.equal(b.got[0]?.type, "orderbook", "the orderbook came back");
    assert.ok(clientErrors.every((e) => e.code === "RATE_LIMITED"));
    assert.equal(clientErrors.length, 8);
    assert.equal(client.health().status, "healthy");
  });

  it("spreads the wait with the random source (no lockstep)", async () => {
    const starts: number[] = [];
    for (const r of [0, 0.99]) {
      const { clock, upbit, client } = setup(
        cleanups,
        serve(() => undefined, { count: 1 }),
        () => r,
      );
      client.subscribeTicker(["KRW-BTC"], () => {});
      await advance(clock, 5000, 50);
      starts.push(upbit.connects[1]! - upbit.connects[0]!);
    }
    assert.ok(starts[1]! - starts[0]! >= 1500, `waits ${starts.join(", ")} ms`);
  });
});

describe("an error name the table does not know", () => {
  it("is reported, keeps the connection and every subscription, and is never given up on", async () => {
    const { clock, upbit, client, clientErrors } = setup(cleanups, serve(() => undefined));
    const t = record();
    client.subscribeTicker(["KRW-BTC"], t.callback, { onError: t.onError });
    await advance(clock, 2000);
    for (let i = 0; i < 5; i++) {
      upbit.sockets[0]!.send({ error: { name: "SOMETHING_NEW", message: "?" } });
    }
    await advance(clock, 2000);
    upbit.sockets[0]!.send(tickerFrame({ code: "KRW-BTC", stream_type: "REALTIME" }));
    assert.equal(upbit.sockets.length, 1, "the client did not end the connection");
    assert.equal(upbit.sockets[0]!.open, true);
    assert.equal(t.got.length, 2);
    assert.deepEqual(t.errors, []);
    assert.equal(clientErrors.length, 5);
    assert.ok(clientErrors.every((e) => e instanceof ServerError && e.code === "SERVER_ERROR"));
    assert.equal(client.health().status, "healthy");
  });
});
