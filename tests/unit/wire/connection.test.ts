/**
 * The connection and its reconnect loop on a fake clock against a scripted Upbit: backoff between
 * attempts, the stability gate, refusals (authentication, an upgrade refused without a visible
 * status), linger, and close() waiting for the loop. Each test drives `Connection` directly with a
 * small desired set of its own, so that nothing but `src/wire/` decides what happens.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  Connection,
  type ConnectionConfig,
  type DesiredSet,
} from "../../../src/wire/connection.ts";
import type { WebSocketConstructor } from "../../../src/wire/transport.ts";
import { createRateGate } from "../../../src/demand/rate_gate.ts";
import { AuthenticationError, type UpbitError } from "../../../src/errors.ts";
import { type FakeClock, fakeClock } from "../../_helpers/fake_clock.ts";
import {
  advance,
  type ScriptedSocket,
  scriptedUpbit,
  settle,
} from "../../_helpers/scripted_upbit.ts";
import { tickerFrame } from "../../_helpers/frames.ts";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A desired set of one ticker stream while any consumer is in it. */
function desiredSet(): DesiredSet & { consumers: Set<object> } {
  const consumers = new Set<object>();
  let onWire = "";
  const text = () =>
    consumers.size === 0
      ? ""
      : JSON.stringify([{ ticket: "t" }, { type: "ticker", codes: ["KRW-BTC"] }]);
  return {
    consumers,
    get size() {
      return consumers.size;
    },
    get streamCount() {
      return consumers.size === 0 ? 0 : 1;
    },
    resetWire: () => void (onWire = ""),
    awaitingSnapshots: () => false,
    retrySnapshots: () => false,
    route: () => true,
    needsRequest: () => text() !== onWire,
    request: () => {
      const t = text();
      return t === "" ? undefined : { text: t, consumers: new Set(consumers) };
    },
    commit: (request) => void (onWire = request?.text ?? ""),
    has: (c) => consumers.has(c),
    refuse: () => {},
    settle: () => {},
  };
}

/**
 * What each connection attempt meets, in order (then: it opens): `"open"`, or an upgrade that
 * fails with this error-event message (`""`: the runtime gives no reason, as Node's does).
 */
type Step = "open" | { fail: string };

interface Setup {
  clock: FakeClock;
  connection: Connection;
  set: ReturnType<typeof desiredSet>;
  /** The fake time of every attempt, failed or not. */
  attempts: number[];
  /** Server sides of the sockets that opened. */
  sockets: ScriptedSocket[];
  errors: UpbitError[];
  failed: UpbitError[];
}

function setup(
  options: {
    plan?: Step[];
    answer?: (request: unknown[], socket: ScriptedSocket, clock: FakeClock) => void;
    config?: Partial<ConnectionConfig>;
  } = {},
): Setup {
  const clock = fakeClock();
  const answer = options.answer;
  const upbit = scriptedUpbit(clock, (request, socket) => answer?.(request, socket, clock));
  const plan = [...(options.plan ?? [])];
  const attempts: number[] = [];
  /** Opens through the scripted Upbit, or fails the upgrade as the plan says. */
  function Planned(url: string): WebSocket {
    attempts.push(clock.now());
    const step = plan.shift() ?? "open";
    if (step === "open") return new upbit.WebSocket(url);
    const socket = Object.assign(new EventTarget(), {
      readyState: 0,
      binaryType: "blob",
      close() {},
      send() {},
    });
    queueMicrotask(() => {
      socket.readyState = 3;
      socket.dispatchEvent(Object.assign(new Event("error"), { message: step.fail }));
    });
    return socket as unknown as WebSocket;
  }
  const set = desiredSet();
  const errors: UpbitError[] = [];
  const failed: UpbitError[] = [];
  const config: ConnectionConfig = {
    name: "public",
    url: "ws://upbit.test/websocket/v1",
    format: "DEFAULT",
    ticket: "t",
    clock,
    random: () => 0.5,
    WebSocket: Planned as unknown as WebSocketConstructor,
    compression: undefined,
    headers: undefined,
    backoff: { initialDelayMs: 100, maxDelayMs: 2000, factor: 2, jitter: 0 },
    maxAttempts: 20,
    minUptimeMs: 1000,
    connectTimeoutMs: 5000,
    pingIntervalMs: 60_000,
    staleAfterMs: 120_000,
    lingerMs: 5000,
    snapshotTimeoutMs: 5000,
    limits: [{ max: 1000, windowMs: 1000 }],
    validate: "never",
    lossless: false,
    maxRefusals: 3,
    connectGate: createRateGate([{ max: 1000, windowMs: 1000 }]),
    ...options.config,
  };
  const connection = new Connection(config, set, {
    open: () => {},
    close: () => {},
    error: (error) => void errors.push(error),
    failed: (error) => void failed.push(error),
    serverError: () => {},
    refused: () => {},
    event: () => {},
    frame: () => {},
  });
  cleanups.push(() => connection.close());
  return { clock, connection, set, attempts, sockets: upbit.sockets, errors, failed };
}

/** Adds a consumer: the connection starts its loop. */
function want(s: Setup): object {
  const consumer = {};
  s.set.consumers.add(consumer);
  s.connection.changed();
  return consumer;
}

/** The waits between consecutive attempts. */
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

/** The server drops every socket 10 ms after its request (well inside the stability gate). */
const dropSoon = (_request: unknown[], socket: ScriptedSocket, clock: FakeClock) =>
  void clock.setTimeout(() => socket.close(1011), 10);

describe("Connection: the reconnect loop", () => {
  it("backs off between failed attempts along the curve (100, 200, 400 ms)", async () => {
    const refused = { fail: "connect ECONNREFUSED 127.0.0.1:443" };
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
    const auth = { fail: "Unexpected server response: 401" };
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
    const hidden = { fail: "" };
    const s = setup({ plan: [hidden] });
    want(s);
    await advance(s.clock, 3000);
    // max(0, maxDelayMs / 2) + random × maxDelayMs = 1000 + 0.5 × 2000, not the curve's 100.
    assert.deepEqual(gaps(s.attempts), [2000]);
    assert.equal(s.connection.state, "open");
  });

  it("backs off a network failure along the curve, not like a rate limit", async () => {
    const s = setup({ plan: [{ fail: "getaddrinfo ENOTFOUND upbit.test" }] });
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
