/**
 * The isolation of a refused subscription (src/demand/isolation.ts): the bisection itself, and a
 * client on a fake clock against a scripted Upbit that refuses some subscriptions (issue 10, item
 * 4). The same rows run against the real emulator over loopback in
 * tests/integration/emulator.test.ts.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ServerError } from "../../../src/errors.ts";
import { Isolation } from "../../../src/demand/isolation.ts";
import type { TickerEvent } from "../../../src/types.ts";
import { advance } from "../../_helpers/fake_clock.ts";
import { tickerFrame } from "../../_helpers/frames.ts";
import {
  maxPerSecond,
  objects,
  record,
  serve,
  setup,
  type TypeObject,
} from "../../_helpers/refusing_upbit.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("Isolation (bisection of a refused request)", () => {
  it("blames a single newcomer at once, and bisects several", () => {
    const alive = new Set(["a", "b", "c", "d", "e"]);
    const iso = new Isolation<string>((c) => alive.has(c));
    iso.sent(new Set(["a"]));
    assert.equal(iso.accepted(), false);
    iso.sent(new Set(["a", "b"]));
    assert.deepEqual(iso.refused(), { culprits: ["b"], attributed: true });
    alive.delete("b");
    iso.sent(new Set(["a", "c", "d", "e"]));
    assert.deepEqual(iso.refused(), { culprits: [], attributed: true });
    // c and d are tried first, with the accepted a; e waits.
    assert.deepEqual(["a", "c", "d", "e"].map((c) => iso.include(c)), [true, true, true, false]);
    iso.sent(new Set(["a", "c", "d"]));
    assert.equal(iso.accepted(), true);
    assert.deepEqual(["a", "c", "d", "e"].map((c) => iso.include(c)), [true, true, true, true]);
    iso.sent(new Set(["a", "c", "d", "e"]));
    assert.deepEqual(iso.refused(), { culprits: ["e"], attributed: true });
    alive.delete("e");
    assert.equal(iso.searching, false);
  });

  it("keeps waiting for the same answer when a request only drops consumers", () => {
    const iso = new Isolation<string>(() => true);
    assert.equal(iso.sent(new Set(["a", "b"])), true);
    assert.equal(iso.sent(new Set(["a"])), false, "nothing new: the acceptance clock runs on");
    assert.equal(iso.sent(new Set(["a", "c"])), true, "a newcomer starts it again");
    iso.accepted();
    assert.equal(iso.sent(new Set(["a", "c"])), true);
  });

  it("suspects everyone when nothing new was refused twice, and blames no one without a request", () => {
    const iso = new Isolation<string>(() => true);
    assert.deepEqual(iso.refused(), { culprits: [], attributed: false });
    iso.sent(new Set(["a", "b"]));
    iso.accepted();
    assert.deepEqual(iso.refused(), { culprits: [], attributed: false }, "nothing pending");
    iso.sent(new Set(["a", "b"]));
    // Once, a refusal of what was accepted before blames no one; twice in a row, everyone.
    assert.deepEqual(iso.refused(), { culprits: [], attributed: false });
    iso.sent(new Set(["a", "b"]));
    assert.deepEqual(iso.refused(), { culprits: [], attributed: true });
    assert.equal(iso.searching, true);
    assert.equal(iso.include("a"), true);
    assert.equal(iso.include("b"), false);
  });
});

describe("a refused subscription never takes down the others", () => {
  it("fails only the orderbook Upbit refused; the ticker keeps flowing and sees no error", async () => {
    // As a regional host does for `level` on a market it does not group (§10.2).
    const { clock, upbit, client, clientErrors } = setup(
      cleanups,
      serve((o) => (o.type === "orderbook" && (o.level ?? 0) !== 0 ? "WRONG_FORMAT" : undefined)),
    );
    const t = record();
    client.subscribeTicker(["KRW-BTC"], t.callback, { onError: t.onError });
    await advance(clock, 2000);
    const refusedSub = client.orderbook(["KRW-BTC"], { level: 10_000 });
    const next = refusedSub[Symbol.asyncIterator]().next().then(() => undefined, (e) => e);
    await advance(clock, 3000);
    await assert.rejects(next.then((e) => Promise.reject(e)), (e: unknown) => {
      assert.ok(e instanceof ServerError);
      assert.equal(e.serverName, "WRONG_FORMAT");
      return true;
    });
    // The ticker: one snapshot, a reconnect, a fresh snapshot, realtime; never an error.
    upbit.sockets.at(-1)!.send(tickerFrame({ code: "KRW-BTC", stream_type: "REALTIME" }));
    assert.deepEqual(
      t.got.map((e) => (e as TickerEvent).streamType),
      ["SNAPSHOT", "SNAPSHOT", "REALTIME"],
    );
    assert.deepEqual(t.errors, []);
    assert.equal(upbit.sockets.length, 2);
    assert.deepEqual(objects(upbit.requests.at(-1)!), [
      { type: "ticker", codes: ["KRW-BTC"] },
    ]);
    assert.equal(client.health().subscriptions, 1);
    assert.equal(client.health().status, "healthy");
    assert.ok(clientErrors.every((e) => e.code !== "RECONNECT_EXHAUSTED"));
    assert.equal(client.metrics().serverErrors, 1);
  });

  it("bisects several new subscriptions to fail exactly the refused ones, within Upbit's limits", async () => {
    const bad = new Set(["KRW-XRP", "KRW-SOL"]);
    const { clock, upbit, client } = setup(
      cleanups,
      serve((o) => (o.codes ?? []).some((c) => bad.has(c)) ? "INVALID_PARAM" : undefined),
    );
    const base = record();
    client.subscribeTicker(["KRW-BTC"], base.callback, { onError: base.onError });
    await advance(clock, 2000);
    const codes = ["KRW-ETH", "KRW-XRP", "KRW-ADA", "KRW-DOGE", "KRW-SOL", "KRW-TRX", "KRW-DOT"];
    const subs = codes.map((code) => {
      const r = record();
      client.subscribeTicker([code], r.callback, { onError: r.onError });
      return { code, ...r };
    });
    await advance(clock, 20_000); // inside the 25 s stall window: the scripted server sends snapshots only
    for (const s of subs) {
      if (bad.has(s.code)) {
        assert.equal(s.errors.length, 1, s.code);
        assert.equal((s.errors[0] as ServerError).serverName, "INVALID_PARAM");
      } else {
        assert.deepEqual(s.errors, [], s.code);
        // A fresh snapshot after each reconnect of the search, never a realtime frame first.
        assert.ok(s.got.length >= 1, `${s.code} got its snapshot`);
        assert.ok(s.got.every((e) => e.streamType === "SNAPSHOT"));
      }
    }
    assert.deepEqual(base.errors, []);
    assert.equal(client.health().subscriptions, 6);
    const last = objects(upbit.requests.at(-1)!) as TypeObject[];
    assert.deepEqual(last.length, 1, "one ticker object");
    assert.deepEqual(
      [...last[0]!.codes!].sort(),
      ["KRW-BTC", ...codes.filter((c) => !bad.has(c))].sort(),
    );
    assert.ok(maxPerSecond(upbit.connects) <= 5, `connects ${upbit.connects.join(",")}`);
    for (const s of upbit.sockets) {
      const times = s.requestedAt;
      assert.ok(maxPerSecond(times) <= 5, `socket ${s.id} sent ${times.length} requests`);
    }
  });

  it("refuses `level` on a non-KRW market before anything goes on the wire", async () => {
    const { upbit, client } = setup(cleanups, serve(() => undefined));
    assert.throws(
      () => client.orderbook(["KRW-BTC", "BTC-ETH"], { level: 0.0001 }),
      (e: unknown) => e instanceof RangeError && /"BTC-ETH"/.test(e.message),
    );
    await assert.rejects(client.snapshot("orderbook", ["USDT-BTC"], { level: 10 }), RangeError);
    client.orderbook(["BTC-ETH"], { level: 0 }).close();
    assert.equal(upbit.requests.length, 0);
  });
});
