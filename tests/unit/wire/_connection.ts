/**
 * A `Connection` on a fake clock against the fake Upbit, with a desired set of its own (one ticker
 * stream while any consumer is in it) and hooks that record, for the tests of `src/wire/`.
 */
import {
  Connection,
  type ConnectionConfig,
  type DesiredSet,
} from "../../../src/wire/connection.ts";
import { createRateGate } from "../../../src/demand/rate_gate.ts";
import type { ServerError, UpbitError } from "../../../src/errors.ts";
import { type FakeClock, fakeClock } from "../../_helpers/fake_clock.ts";
import {
  type ConnectOutcome,
  type FakeSocket,
  type FakeUpbit,
  fakeUpbit,
} from "../../_helpers/fake_upbit.ts";

/** Closes every connection made since the last call (for `afterEach`). */
export async function closeAll(): Promise<void> {
  for (const c of made.splice(0).reverse()) await c.close();
}

const made: Connection[] = [];

/** A desired set of one ticker stream while any consumer is in it. */
export function desiredSet(): DesiredSet & { consumers: Set<object> } {
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

export interface Setup {
  clock: FakeClock;
  connection: Connection;
  set: ReturnType<typeof desiredSet>;
  /** The fake time of every attempt, failed or not. */
  attempts: number[];
  /** Server sides of every attempt, refused ones included. */
  sockets: FakeSocket[];
  upbit: FakeUpbit;
  errors: UpbitError[];
  failed: UpbitError[];
  /** Every `refused` hook call: the error and the consumers it failed. */
  refused: { error: ServerError; consumers: readonly object[] }[];
  serverErrors: ServerError[];
}

export function setup(
  options: {
    /** What each attempt meets, in order (then: it opens). */
    plan?: ConnectOutcome[];
    answer?: (request: unknown[], socket: FakeSocket, clock: FakeClock) => void;
    config?: Partial<ConnectionConfig>;
  } = {},
): Setup {
  const clock = fakeClock();
  const plan = [...(options.plan ?? [])];
  const answer = options.answer;
  const upbit = fakeUpbit({
    clock,
    answer: (request, socket) => answer?.(request, socket, clock),
    connect: () => plan.shift() ?? "open",
  });
  const set = desiredSet();
  const errors: UpbitError[] = [];
  const failed: UpbitError[] = [];
  const refused: Setup["refused"] = [];
  const serverErrors: ServerError[] = [];
  const config: ConnectionConfig = {
    name: "public",
    url: "ws://upbit.test/websocket/v1",
    format: "DEFAULT",
    ticket: "t",
    clock,
    random: () => 0.5,
    WebSocket: upbit.WebSocket,
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
    serverError: (error) => void serverErrors.push(error),
    refused: (error, consumers) => void refused.push({ error, consumers }),
    event: () => {},
    frame: () => {},
  });
  made.push(connection);
  return {
    clock,
    connection,
    set,
    attempts: upbit.connects,
    sockets: upbit.sockets,
    upbit,
    errors,
    failed,
    refused,
    serverErrors,
  };
}

/** Adds a consumer: the connection starts its loop. */
export function want(s: Setup): object {
  const consumer = {};
  s.set.consumers.add(consumer);
  s.connection.changed();
  return consumer;
}
