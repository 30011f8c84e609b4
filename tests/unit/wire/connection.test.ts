/**
 * The connection and its reconnect loop on a fake clock against the fake Upbit: backoff between
 * attempts, the stability gate, refusals (authentication, an upgrade refused without a visible
 * status), linger, and close() waiting for the loop. Each test drives `Connection` directly with a
 * small desired set of its own, so that nothing but `src/wire/` decides what happens.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { AuthenticationError } from "../../../src/errors.ts";
import { advance, type FakeClock, settle } from "../../_helpers/fake_clock.ts";
import type { FakeSocket } from "../../_helpers/fake_upbit.ts";
import { tickerFrame } from "../../_helpers/frames.ts";
import { closeAll, setup, want } from "./_connection.ts";

afterEach(closeAll);

/** The waits between consecutive attempts. */
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

/** The server drops every socket 10 ms after its request (well inside the stability gate). */
const dropSoon = (_request: unknown[], socket: FakeSocket, clock: FakeClock) =>
  void clock.setTimeout(() => socket.close(1011), 10);

describe("Connection: the reconnect loop", () => {
  it("backs off between failed attempts along the curve (100, 200, 400 ms)", async () => {
    const refused = { refuse: "connect ECONNREFUSED 127.0.0.1:443" };
    const s = setup({ plan: [refused, refused, refused] });
    want(s);
    await advance(s.clock, 1000);
    assert.equal(s.attempts.length, 4);
    assert.deepEqual(gaps(s.attempts), [100, 200, 400]);
    assert.equal(s.connection.state, "open");
    assert.equal(s.errors.length, 3);
  });

  it("does not reset the backoff for a socket that drops right after opening (stability gate)", async () => {
    const s = setup({ answer: dropSoon });
    want(s);
    await advance(s.clock, 1000);
    // Each socket lived 10 ms (seen at the next 25 ms step): the attempt counter keeps growing,
    // and the wait doubles, 100, 200, 400 ms, after a constant life.
    const [a, b, c] = gaps(s.attempts);
    assert.deepEqual([b! - a!, c! - b!], [100, 200], String(gaps(s.attempts)));
  });

  it("resets the backoff after a socket that stayed up minUptimeMs", async () => {
    const s = setup({
      answer: (_request, socket, clock) => void clock.setTimeout(() => socket.close(1011), 1500),
    });
    want(s);
    await advance(s.clock, 5000);
    // Up 1.5 s each (past the 1 s gate): every reconnect is the first attempt again.
    assert.deepEqual(gaps(s.attempts).slice(0, 3), [1600, 1600, 1600]);
  });
});

describe("Connection: refusals", () => {
  it("stops after maxRefusals authentication refusals of the upgrade, with the refusal", async () => {
    const auth = { refuse: "Unexpected server response: 401" };
    const s = setup({ plan: [auth, auth, auth, auth, auth] });
    want(s);
    await advance(s.clock, 3000);
    assert.equal(s.attempts.length, 3, "no fourth attempt");
    assert.equal(s.failed.length, 1);
    assert.ok(s.failed[0] instanceof AuthenticationError);
    assert.equal(s.connection.state, "failed");
  });

  it("counts INVALID_AUTH frames with no data between, and data resets the count", async () => {
    let sockets = 0;
    const s = setup({
      answer: (_request, socket) => {
        sockets++;
        // The second socket carries data: the count starts again after it.
        if (sockets === 2) socket.send(tickerFrame({ code: "KRW-BTC" }));
        socket.send({ error: { message: "bad key", name: "INVALID_AUTH" } });
        queueMicrotask(() => socket.close(1000));
      },
    });
    want(s);
    await advance(s.clock, 5000);
    // Refused (1), refused after data (back to 0), refused (1), (2), (3): the third in a row
    // with no data between stops the loop.
    assert.equal(s.attempts.length, 5);
    assert.equal(s.failed.length, 1);
    assert.ok(s.failed[0] instanceof AuthenticationError);
  });

  it("waits out an upgrade refused without a visible status like a rate limit", async () => {
    const hidden = { refuse: undefined };
    const s = setup({ plan: [hidden] });
    want(s);
    await advance(s.clock, 3000);
    // max(0, maxDelayMs / 2) + random × maxDelayMs = 1000 + 0.5 × 2000, not the curve's 100.
    assert.deepEqual(gaps(s.attempts), [2000]);
    assert.equal(s.connection.state, "open");
  });

  it("backs off a network failure along the curve, not like a rate limit", async () => {
    const s = setup({ plan: [{ refuse: "getaddrinfo ENOTFOUND upbit.test" }] });
    want(s);
    await advance(s.clock, 500);
    assert.deepEqual(gaps(s.attempts), [100]);
  });
});

describe("Connection: linger and close", () => {
  it("keeps the socket open for lingerMs after the last consumer left, then closes it", async () => {
    const s = setup();
    const consumer = want(s);
    await advance(s.clock, 100);
    assert.equal(s.connection.state, "open");
    s.set.consumers.delete(consumer);
    s.connection.changed();
    await advance(s.clock, 4900);
    assert.equal(s.sockets[0]?.open, true, "still open within lingerMs");
    assert.equal(s.connection.state, "open");
    await advance(s.clock, 200);
    assert.equal(s.sockets[0]?.open, false, "closed after lingerMs");
    assert.equal(s.connection.state, "idle");
    assert.equal(s.attempts.length, 1);
  });

  it("keeps the socket when a consumer comes back within lingerMs", async () => {
    const s = setup();
    const consumer = want(s);
    await advance(s.clock, 100);
    s.set.consumers.delete(consumer);
    s.connection.changed();
    await advance(s.clock, 2000);
    want(s);
    await advance(s.clock, 5000);
    assert.equal(s.sockets[0]?.open, true);
    assert.equal(s.attempts.length, 1);
  });

  it("close() resolves only once the reconnect loop has ended", async () => {
    let release: (headers: Record<string, string>) => void = () => {};
    const s = setup({
      config: { headers: () => new Promise((resolve) => (release = resolve)) },
    });
    want(s);
    await settle();
    let closed = false;
    const closing = s.connection.close().then(() => (closed = true));
    await settle();
    assert.equal(closed, false, "the loop is still waiting for its headers");
    release({ Authorization: "Bearer x" });
    await closing;
    assert.equal(closed, true);
    assert.equal(s.attempts.length, 0, "an aborted loop opens no socket");
    assert.equal(s.connection.state, "closed");
  });
});

describe("Connection: LIST_SUBSCRIPTIONS", () => {
  /** Upbit's answer to LIST_SUBSCRIPTIONS, carrying `codes` as the ticker stream. */
  const listed = (codes: string[]) =>
    JSON.stringify({
      method: "LIST_SUBSCRIPTIONS",
      result: [{ type: "ticker", codes }],
      ticket: "t",
    });

  it("gives each request the answer to itself, not an answer sent before it (issue 11)", async () => {
    const s = setup();
    want(s);
    await advance(s.clock, 100);
    const socket = s.sockets[0]!;
    const got: (string[] | undefined)[] = [];
    const first = s.connection.listSubscriptions().then((l) => got.push(l[0]!.codes));
    const second = s.connection.listSubscriptions().then((l) => got.push(l[0]!.codes));
    await settle();
    socket.send(listed(["KRW-BTC"]));
    await settle();
    assert.deepEqual(got, [["KRW-BTC"]], "the first answer settles the first request only");
    socket.send(listed(["KRW-BTC", "KRW-ETH"]));
    await Promise.all([first, second]);
    assert.deepEqual(got, [["KRW-BTC"], ["KRW-BTC", "KRW-ETH"]]);
  });

  it("lets a request of a socket that dropped take the first answer on the next one", async () => {
    const s = setup();
    want(s);
    await advance(s.clock, 100);
    const asked = s.connection.listSubscriptions();
    await settle();
    s.sockets[0]!.close(1011);
    await advance(s.clock, 1000);
    assert.equal(s.connection.state, "open");
    const again = s.connection.listSubscriptions();
    await settle();
    s.sockets[1]!.send(listed(["KRW-BTC"]));
    const [a, b] = await Promise.all([asked, again]);
    assert.deepEqual([a[0]?.codes, b[0]?.codes], [["KRW-BTC"], ["KRW-BTC"]]);
  });
});
