/**
 * Error frames, classified from one table (src/protocol/server_errors.ts), and the isolation of a refused
 * subscription (src/demand/isolation.ts), on a fake clock against a scripted Upbit (issue 10, items 3
 * and 4). The same two rows run against the real emulator over loopback in
 * tests/integration/emulator.test.ts.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../../../mod.ts";
import { ServerError, UpbitError } from "../../../src/errors.ts";
import { classifyServerError } from "../../../src/protocol/server_errors.ts";
import { Isolation } from "../../../src/demand/isolation.ts";
import type { TickerEvent, UpbitEvent } from "../../../src/types.ts";
import { advance, fakeClock } from "../../_helpers/fake_clock.ts";
import { type FakeAnswer, type FakeSocket, fakeUpbit } from "../../_helpers/fake_upbit.ts";
import { orderbookFrame30, tickerFrame } from "../../_helpers/frames.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type TypeObject = { type?: string; codes?: string[]; level?: number };
const objects = (request: unknown[]) => request.filter((o) => (o as TypeObject).type !== undefined);

/** Answers like Upbit: a snapshot per code (unless is_only_realtime), or refuses. */
function serve(
  refuse: (o: TypeObject) => string | undefined,
  rateLimited: { count: number } = { count: 0 },
) {
  return (request: unknown[], socket: FakeSocket) => {
    if (rateLimited.count > 0) {
      rateLimited.count--;
      socket.send({ error: { message: "요청 수 제한을 초과했습니다.", name: "TOO_MANY_REQUEST" } });
      return socket.close(1000);
    }
    for (const o of objects(request) as TypeObject[]) {
      const name = refuse(o);
      if (name !== undefined) {
        // As on the wire: `message` before `name`, and a message the client must not read.
        socket.send({ error: { message: "Format 이 맞지 않습니다.", name } });
        return socket.close(1000);
      }
    }
    for (const o of objects(request) as (TypeObject & { is_only_realtime?: boolean })[]) {
      if (o.is_only_realtime) continue;
      for (const code of o.codes ?? []) {
        if (o.type === "ticker") socket.send(tickerFrame({ code, stream_type: "SNAPSHOT" }));
        if (o.type === "orderbook") {
          socket.send({ ...orderbookFrame30(), code: code.split(".")[0], level: o.level ?? 0 });
        }
      }
    }
  };
}

function setup(answer: FakeAnswer, random = () => 0.5) {
  const clock = fakeClock();
  const upbit = fakeUpbit({ clock, answer });
  const client = new UpbitClient({
    url: "ws://upbit.test/websocket/v1",
    WebSocket: upbit.WebSocket,
    clock,
    random,
    profile: "development",
    reconnect: { initialDelayMs: 100, maxDelayMs: 2000 },
    lingerMs: 0,
  });
  const clientErrors: UpbitError[] = [];
  client.addEventListener("error", (e) => void clientErrors.push(e.error));
  cleanups.push(() => client.close());
  return { clock, upbit, client, clientErrors };
}

/** A callback subscription that records its events and errors. */
function record() {
  const got: UpbitEvent[] = [];
  const errors: unknown[] = [];
  return {
    got,
    errors,
    callback: (e: UpbitEvent) => void got.push(e),
    onError: (e: unknown) => void errors.push(e),
  };
}

/** The most connection attempts in any one-second window. */
function maxPerSecond(times: number[]): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u >= t && u < t + 1000).length);
  return most;
}

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

describe("a rate-limit error frame (TOO_MANY_REQUEST, then close)", () => {
  it("waits (jittered), comes back, never gives up and keeps every subscription", async () => {
    const limited = { count: 8 }; // more than the development profile's 5 attempts and 3 refusals
    const { clock, upbit, client, clientErrors } = setup(serve(() => undefined, limited));
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
      const { clock, upbit, client } = setup(serve(() => undefined, { count: 1 }), () => r);
      client.subscribeTicker(["KRW-BTC"], () => {});
      await advance(clock, 5000, 50);
      starts.push(upbit.connects[1]! - upbit.connects[0]!);
    }
    assert.ok(starts[1]! - starts[0]! >= 1500, `waits ${starts.join(", ")} ms`);
  });
});

describe("a refused subscription never takes down the others", () => {
  it("fails only the orderbook Upbit refused; the ticker keeps flowing and sees no error", async () => {
    // As a regional host does for `level` on a market it does not group (§10.2).
    const { clock, upbit, client, clientErrors } = setup(
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
    const { upbit, client } = setup(serve(() => undefined));
    assert.throws(
      () => client.orderbook(["KRW-BTC", "BTC-ETH"], { level: 0.0001 }),
      (e: unknown) => e instanceof RangeError && /"BTC-ETH"/.test(e.message),
    );
    await assert.rejects(client.snapshot("orderbook", ["USDT-BTC"], { level: 10 }), RangeError);
    client.orderbook(["BTC-ETH"], { level: 0 }).close();
    assert.equal(upbit.requests.length, 0);
  });
});

describe("an error name the table does not know", () => {
  it("is reported, keeps the connection and every subscription, and is never given up on", async () => {
    const { clock, upbit, client, clientErrors } = setup(serve(() => undefined));
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
