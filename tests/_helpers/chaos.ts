/**
 * The chaos harness: a client driven against the emulator's fault injection by a seeded random
 * schedule, with consumers that come and go, and after every recovery a check against the
 * emulator's own view of the socket (see `tests/reliability/chaos.test.ts` and `RELIABILITY.md`).
 *
 * One *lane* is one emulator and one client. Lanes share nothing, so any number can run at once
 * (`runChaos({ lanes })`); faults within a lane run one after another, except for bursts, which hit
 * each replacement socket the moment it opens, before it has carried a request.
 *
 * @module
 */
import process from "node:process";
import { ServerError, UpbitClient } from "../../mod.ts";
import { classifyServerError } from "../../src/protocol/server_errors.ts";
import type { UpbitEvent, WireFormat } from "../../src/types.ts";
import type { ConnectionInfo, Fault } from "../../testing/types.ts";
import { type RemoteOrLocalEmulator, useEmulator } from "./emulator.ts";

// ---------------------------------------------------------------------------------------------
// Seeds and random numbers

/** A seeded random source (mulberry32). */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An integer in [lo, hi]. */
  range(lo: number, hi: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An element chosen by weight: `[[weight, value], …]`. */
  weighted<T>(table: readonly (readonly [number, T])[]): T;
}

/** Creates a seeded random source. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return {
    next,
    int,
    range: (lo, hi) => lo + int(hi - lo + 1),
    pick: <T>(items: readonly T[]): T => items[int(items.length)] as T,
    chance: (p) => next() < p,
    weighted: <T>(table: readonly (readonly [number, T])[]): T => {
      const total = table.reduce((s, [w]) => s + w, 0);
      let r = next() * total;
      for (const [w, v] of table) {
        if ((r -= w) < 0) return v;
      }
      return table[table.length - 1]![1];
    },
  };
}

/** A number from the environment (where the runtime has one), else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  let raw: string | undefined;
  try {
    raw = process.env[name];
  } catch {
    raw = undefined; // no env access (workerd without bindings)
  }
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    throw new RangeError(`Cannot read ${name} as it must be a number: current value is "${raw}"`);
  }
  return n;
}

/** The seed from `name` in the environment, else a fresh random one (printed by the caller). */
export function envSeed(name = "CHAOS_SEED"): number {
  return envNumber(name, Math.floor(Math.random() * 2 ** 31)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Unhandled rejections and errors

/** Counts unhandled rejections and uncaught errors while installed. */
export interface UnhandledTracker {
  readonly errors: unknown[];
  stop(): void;
}

/** Starts counting unhandled rejections and uncaught errors (every runtime's own hook). */
export function trackUnhandled(): UnhandledTracker {
  const errors: unknown[] = [];
  const seen = new Set<unknown>();
  const note = (reason: unknown) => {
    if (seen.has(reason) && reason !== undefined) return;
    seen.add(reason);
    errors.push(reason);
  };
  const onRejection = (e: Event) => {
    e.preventDefault();
    note((e as PromiseRejectionEvent).reason);
  };
  const onError = (e: Event) => {
    e.preventDefault();
    note((e as ErrorEvent).error ?? (e as ErrorEvent).message);
  };
  const onProcessRejection = (reason: unknown) => note(reason);
  const onProcessError = (error: unknown) => note(error);
  const g = globalThis as {
    addEventListener?: (t: string, l: (e: Event) => void) => void;
    removeEventListener?: (t: string, l: (e: Event) => void) => void;
  };
  const hasProcess = typeof process?.on === "function";
  // Deno and workerd dispatch the web events; Node and Bun call the process hooks. Deno has both
  // and reports a rejection through each, hence the de-duplication above.
  g.addEventListener?.("unhandledrejection", onRejection);
  g.addEventListener?.("error", onError);
  if (hasProcess) {
    process.on("unhandledRejection", onProcessRejection);
    process.on("uncaughtException", onProcessError);
  }
  return {
    errors,
    stop() {
      g.removeEventListener?.("unhandledrejection", onRejection);
      g.removeEventListener?.("error", onError);
      if (hasProcess) {
        process.off("unhandledRejection", onProcessRejection);
        process.off("uncaughtException", onProcessError);
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Waiting

/** A tiny real pause. */
export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `check` (every `everyMs`) until it returns true; throws `explain()` after `timeoutMs`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  explain: () => string | Promise<string>,
  everyMs = 1,
): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(await explain());
    await pause(everyMs);
  }
}

// ---------------------------------------------------------------------------------------------
// Consumers

/** The codes and types the chaos consumers choose from. */
export const CODES = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL"] as const;

/** What the harness needs of a subscription, whatever its event type. */
export interface AnySubscription extends AsyncIterable<UpbitEvent> {
  readonly closed: boolean;
  close(): void;
}

/** One consumer (subscription) the harness made, and what it received. */
export interface Consumer {
  readonly id: number;
  readonly type: string;
  readonly codes: readonly string[];
  readonly units: number;
  readonly level: number;
  readonly stream: "both" | "snapshot" | "realtime";
  readonly mode: "callback" | "iterator";
  readonly sub: AnySubscription;
  /** Events received in total, and REALTIME ones (in total and per code). */
  received: number;
  realtime: number;
  realtimeByCode: Map<string, number>;
  /** Set when the harness closed it; anything received after is a violation. */
  closedByUs: boolean;
  afterClose: number;
  /** The iterator finished, or a snapshot-only consumer completed. */
  ended: boolean;
  /** Codes whose first event was seen (for the snapshot-first rule). */
  seen: Set<string>;
  /** SNAPSHOT events per code (snapshot-only consumers take exactly one each). */
  snapshots: Map<string, number>;
  /** Rule breaches found when events arrived. */
  problems: string[];
  /** Failed by the client as the subscription an injected refusal concerned. */
  refused: boolean;
  /** Codes whose SNAPSHOT arrived since the client's last reconnect (it asks again after one). */
  snapshotSeen: Set<string>;
}

/**
 * Whether a subscription's error is one the client may raise here: an injected error frame with
 * a content-refusal name, which the client blames on the newest subscriptions when it arrives
 * while a request awaits its answer (Upbit refuses requests as they arrive). Anything else is a
 * breach.
 */
function injectedRefusal(error: unknown): boolean {
  return error instanceof ServerError && error.serverMessage === "chaos" &&
    classifyServerError(error.serverName) === "refusal";
}

/** The key of a (type, level, code) stream, as both sides are compared. */
function streamKey(type: string, level: number, code: string): string {
  return `${type}|${level}|${code}`;
}

function observe(c: Consumer, e: UpbitEvent): void {
  c.received++;
  if (c.closedByUs) {
    c.afterClose++;
    return;
  }
  const code = "code" in e ? e.code : "";
  const problem = (what: string) => {
    if (c.problems.length < 5) c.problems.push(`consumer ${c.id} (${describe(c)}): ${what}`);
  };
  if (e.type !== c.type) problem(`got a ${e.type} event`);
  if (!c.codes.includes(code)) problem(`got code ${code}`);
  if (e.type === "orderbook") {
    if (e.orderbookUnits.length > c.units) problem(`got ${e.orderbookUnits.length} book units`);
    if (e.level !== c.level) problem(`got level ${e.level}`);
  }
  const snapshot = e.streamType === "SNAPSHOT";
  if (snapshot) {
    c.snapshots.set(code, (c.snapshots.get(code) ?? 0) + 1);
    c.snapshotSeen.add(code);
  } else {
    c.realtime++;
    c.realtimeByCode.set(code, (c.realtimeByCode.get(code) ?? 0) + 1);
  }
  if (c.stream === "realtime" && snapshot) problem("a realtime-only consumer got a SNAPSHOT");
  if (c.stream === "snapshot") {
    if (!snapshot) problem("a snapshot-only consumer got a REALTIME event");
    if ((c.snapshots.get(code) ?? 0) > 1) problem(`a second snapshot of ${code}`);
  }
  if (c.stream === "both" && !c.seen.has(code) && !snapshot) {
    problem(`the first event of ${code} was REALTIME, not the snapshot`);
  }
  c.seen.add(code);
}

/** A short description of a consumer for messages. */
export function describe(c: Consumer): string {
  const extra = c.type === "orderbook" ? ` units=${c.units} level=${c.level}` : "";
  return `${c.type} ${c.codes.join(",")} ${c.stream} ${c.mode}${extra}`;
}

/** Whether a consumer still wants data (not closed by the harness, not ended). */
export function isLive(c: Consumer): boolean {
  return !c.closedByUs && !c.ended && !c.sub.closed;
}

// ---------------------------------------------------------------------------------------------
// The emulator's view against the consumers

/** Streams that must be on the wire with realtime: key → orderbook depth. */
export function expectedRealtime(consumers: Iterable<Consumer>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of consumers) {
    if (!isLive(c) || c.stream === "snapshot") continue;
    for (const code of c.codes) {
      const key = streamKey(c.type, c.level, code);
      out.set(key, Math.max(out.get(key) ?? 0, c.units));
    }
  }
  return out;
}

/** One socket's subscription, as the emulator reports it. */
export interface ServerWire {
  /** Realtime streams: key → depth asked for (30 without a suffix) and the onlyRealtime flag. */
  realtime: Map<string, { units: number; onlyRealtime: boolean }>;
  /** Keys subscribed with is_only_snapshot. */
  snapshotOnly: Set<string>;
  /** Keys that appear twice (would deliver twice). */
  duplicates: string[];
}

/** Reads a connection's subscription into keys. */
export function serverWire(conn: ConnectionInfo): ServerWire {
  const wire: ServerWire = { realtime: new Map(), snapshotOnly: new Set(), duplicates: [] };
  for (const s of conn.subscriptions) {
    for (const raw of s.codes ?? []) {
      const [code = "", suffix] = raw.split(".");
      const key = streamKey(s.type, s.level, code);
      if (s.onlySnapshot) {
        if (wire.snapshotOnly.has(key)) wire.duplicates.push(key);
        wire.snapshotOnly.add(key);
        continue;
      }
      if (wire.realtime.has(key)) wire.duplicates.push(key);
      wire.realtime.set(key, {
        units: suffix === undefined ? 30 : Number(suffix),
        onlyRealtime: s.onlyRealtime,
      });
    }
  }
  for (const key of wire.snapshotOnly) if (wire.realtime.has(key)) wire.duplicates.push(key);
  return wire;
}

/** Why the server's set differs from the consumers' (empty when equal). */
export function wireDiff(expected: Map<string, number>, wire: ServerWire): string[] {
  const out: string[] = [];
  for (const [key, units] of expected) {
    const got = wire.realtime.get(key);
    if (got === undefined) out.push(`missing ${key}`);
    else if (got.units !== units) out.push(`${key} at ${got.units} units, want ${units}`);
  }
  for (const key of wire.realtime.keys()) if (!expected.has(key)) out.push(`extra ${key}`);
  for (const key of wire.duplicates) out.push(`duplicate ${key}`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// One lane

/** Options of a chaos run. */
export interface ChaosOptions {
  seed: number;
  /** Faults to inject in total, over every lane. */
  faults: number;
  /** Independent emulator + client pairs run at once. */
  lanes: number;
  /** The client's stall window. */
  staleAfterMs?: number;
  /** Longest wait for one recovery before the run fails. */
  recoveryTimeoutMs?: number;
}

/** What a chaos run saw. */
export interface ChaosReport {
  seed: number;
  lanes: number;
  faults: number;
  byKind: Record<string, number>;
  /** Sockets the client reopened (its `reconnect` events). */
  recoveries: number;
  /** Recoveries checked against the emulator (one per fault cycle). */
  checks: number;
  /** (consumer, check) pairs verified: on the wire and receiving again. */
  subscriptionsChecked: number;
  /** onlyRealtime flags verified after a change on a stable socket. */
  flagsChecked: number;
  consumersCreated: number;
  /** Emulator counters, summed over lanes. */
  messageRateLimitViolations: number;
  connectRateLimitViolations: number;
  requests: number;
  connections: number;
  /** Client error events by code. */
  clientErrors: Record<string, number>;
  /** Slowest recovery (fault to verified data flow), ms. */
  slowestRecoveryMs: number;
  /** How long settling took (histogram). */
  settleMs: Record<string, number>;
  ms: number;
}

type FaultPlan =
  | { kind: "drop" }
  | { kind: "close"; code: number }
  | { kind: "stall" }
  | { kind: "stallBrief"; ms: number }
  | { kind: "malformed"; data: string }
  | { kind: "error"; name: string; close: boolean }
  | { kind: "refuse"; status: 401 | 429; count: number }
  | { kind: "delay"; ms: number };

const CLOSE_CODES = [
  1000,
  1001,
  1002,
  1003,
  1007,
  1008,
  1009,
  1010,
  1011,
  1012,
  1013,
  1014,
  3000,
  4000,
  4500,
  4999,
];
const ERROR_NAMES = [
  "INVALID_PARAM",
  "WRONG_FORMAT",
  "NO_TICKET",
  "NO_TYPE",
  "NO_CODES",
  "INVALID_AUTH",
  "Too Many Requests",
];
const MALFORMED = [
  '{"type":"ticker","code":"KRW-BTC","trade_price":',
  "not json at all",
  "[1,2,",
  '{"type":"ticker","code":"KRW-BTC","trade_price":"oops"}',
  '{"type":"ticker","code":42}',
  '{"type":"mystery","code":"KRW-BTC"}',
  '{"ty":"orderbook","cd":"KRW-BTC","obu":"nope"}',
  "[" + '{"type":"trade"},'.repeat(20) + "null]",
  '{"status":"DOWN"}',
  "{}",
  "null",
  "",
];

function planFault(rng: Rng): FaultPlan {
  return rng.weighted<() => FaultPlan>([
    [20, () => ({ kind: "drop" })],
    [20, () => ({ kind: "close", code: rng.pick(CLOSE_CODES) })],
    [8, () => ({ kind: "stall" })],
    [6, () => ({ kind: "stallBrief", ms: rng.range(5, 40) })],
    [14, () => ({ kind: "malformed", data: rng.pick(MALFORMED) })],
    [12, () => ({ kind: "error", name: rng.pick(ERROR_NAMES), close: rng.chance(0.6) })],
    // At most two 401s: three refusals in a row make the client stop, by design.
    [10, () => ({ kind: "refuse", status: rng.chance(0.5) ? 401 : 429, count: rng.range(1, 2) })],
    [10, () => ({ kind: "delay", ms: rng.range(1, 30) })],
  ])();
}

function planLabel(p: FaultPlan): string {
  switch (p.kind) {
    case "close":
      return `close ${p.code}`;
    case "stallBrief":
      return `stall ${p.ms}ms`;
    case "error":
      return `error ${p.name}${p.close ? " +close" : ""}`;
    case "refuse":
      return `refuse ${p.count}x${p.status}`;
    case "delay":
      return `delay ${p.ms}ms`;
    case "malformed":
      return `malformed ${JSON.stringify(p.data.slice(0, 24))}`;
    default:
      return p.kind;
  }
}

/** The category a fault counts under in the report. */
function category(p: FaultPlan): string {
  return p.kind === "stallBrief" ? "stall" : p.kind;
}

const FORMATS: readonly WireFormat[] = ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"];

class Lane {
  readonly index: number;
  readonly rng: Rng;
  readonly emu: RemoteOrLocalEmulator;
  readonly client: UpbitClient;
  readonly format: WireFormat;
  readonly consumers: Consumer[] = [];
  readonly history: string[] = [];
  readonly report: ChaosReport;
  readonly errors: Record<string, number> = {};
  /** Faults this lane injected. */
  faults = 0;
  #seed: number;
  #nextId = 1;
  #reconnects = 0;
  #recoveryTimeoutMs: number;
  #iterators: Promise<void>[] = [];

  constructor(
    index: number,
    seed: number,
    emu: RemoteOrLocalEmulator,
    report: ChaosReport,
    options: { staleAfterMs: number; recoveryTimeoutMs: number },
  ) {
    this.index = index;
    this.#seed = seed;
    this.rng = createRng(seed);
    this.emu = emu;
    this.report = report;
    this.format = this.rng.pick(FORMATS);
    this.#recoveryTimeoutMs = options.recoveryTimeoutMs;
    this.client = new UpbitClient({
      name: `chaos-${index}`,
      url: emu.url,
      format: this.format,
      profile: "production",
      reconnect: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: Infinity, minUptimeMs: 50 },
      // Hundreds of faults in seconds: Upbit's 5 connects per second (the default, tested in
      // tests/integration/failures.test.ts) would stretch this run several times over; the emulator counts
      // what goes over it instead (reported as "connects over the connect limit").
      connectLimits: [{ max: 1000, windowMs: 1000 }],
      keepalive: { staleAfterMs: options.staleAfterMs, pingIntervalMs: 1000 },
      connectTimeoutMs: 1000,
      snapshotTimeoutMs: 150,
      lingerMs: 0,
    });
    this.client.addEventListener("reconnect", () => {
      this.#reconnects++;
      for (const c of this.consumers) c.snapshotSeen.clear();
    });
    this.client.addEventListener("error", (e) => {
      this.errors[e.error.code] = (this.errors[e.error.code] ?? 0) + 1;
    });
  }

  note(what: string): void {
    this.history.push(what);
    if (this.history.length > 30) this.history.shift();
  }

  fail(message: string, extra = ""): Error {
    return new Error(
      `chaos lane ${this.index} (seed ${this.#seed}, format ${this.format}) failed: ${message}\n` +
        `  replay: CHAOS_SEED=<run seed> (this lane's seed ${this.#seed})\n` +
        `  last actions: ${this.history.join(" → ")}${extra ? `\n  ${extra}` : ""}`,
    );
  }

  live(): Consumer[] {
    return this.consumers.filter(isLive);
  }

  // ---- consumers ----

  add(): Consumer {
    const rng = this.rng;
    const type = rng.weighted<string>([
      [4, "ticker"],
      [3, "trade"],
      [4, "orderbook"],
      [1, "candle.1s"],
      [1, "candle.1m"],
    ]);
    const n = rng.range(1, 3);
    const codes = [...CODES].sort(() => rng.next() - 0.5).slice(0, n);
    const units = type === "orderbook" ? rng.pick([1, 5, 15, 30, 30]) : 30;
    const level = type === "orderbook" && rng.chance(0.2) ? 10000 : 0;
    const finalCodes = level === 0
      ? codes
      : codes.filter((c) => c !== "KRW-XRP" && c !== "KRW-SOL");
    const stream = rng.weighted<Consumer["stream"]>([[6, "both"], [3, "realtime"], [
      1,
      "snapshot",
    ]]);
    const mode = rng.chance(0.5) ? "callback" : "iterator";
    const id = this.#nextId++;
    const codesUsed = finalCodes.length > 0 ? finalCodes : ["KRW-BTC"];
    const holder: { c?: Consumer } = {};
    const onEvent = (e: UpbitEvent) => {
      if (holder.c) observe(holder.c, e);
    };
    const opts = {
      stream,
      onError: (error: unknown) => {
        if (holder.c && injectedRefusal(error)) holder.c.refused = true;
      },
    } as const;
    const client = this.client;
    let sub: AnySubscription;
    const kind = type.startsWith("candle.") ? "candle" : type;
    if (mode === "callback") {
      sub = kind === "ticker"
        ? client.subscribeTicker(codesUsed, onEvent, opts)
        : kind === "trade"
        ? client.subscribeTrade(codesUsed, onEvent, opts)
        : kind === "orderbook"
        ? client.subscribeOrderbook(codesUsed, onEvent, {
          ...opts,
          units: units as 1 | 5 | 15 | 30,
          level,
        })
        : client.subscribeCandle(type === "candle.1s" ? "1s" : "1m", codesUsed, onEvent, opts);
    } else {
      sub = kind === "ticker"
        ? client.ticker(codesUsed, opts)
        : kind === "trade"
        ? client.trade(codesUsed, opts)
        : kind === "orderbook"
        ? client.orderbook(codesUsed, { ...opts, units: units as 1 | 5 | 15 | 30, level })
        : client.candle(type === "candle.1s" ? "1s" : "1m", codesUsed, opts);
    }
    const c: Consumer = {
      id,
      type,
      codes: codesUsed,
      units,
      level,
      stream,
      mode,
      sub,
      received: 0,
      realtime: 0,
      realtimeByCode: new Map(),
      closedByUs: false,
      afterClose: 0,
      ended: false,
      seen: new Set(),
      snapshots: new Map(),
      problems: [],
      refused: false,
      snapshotSeen: new Set(),
    };
    holder.c = c;
    if (mode === "iterator") {
      this.#iterators.push((async () => {
        try {
          for await (const e of c.sub) onEvent(e);
          if (!c.closedByUs) c.ended = true;
        } catch (error) {
          c.ended = true;
          if (injectedRefusal(error)) c.refused = true;
          else {c.problems.push(
              `consumer ${c.id} (${describe(c)}): iterator threw ${String(error)}`,
            );}
        }
      })());
    }
    this.consumers.push(c);
    this.report.consumersCreated++;
    this.note(`+${id} ${describe(c)}`);
    return c;
  }

  remove(c: Consumer): void {
    c.closedByUs = true;
    c.sub.close();
    this.note(`-${c.id}`);
  }

  churn(max: number, min = 0): Consumer[] {
    const added: Consumer[] = [];
    const ops = this.rng.range(min, max);
    for (let i = 0; i < ops; i++) {
      const live = this.live();
      if (live.length === 0 || (live.length < 8 && this.rng.chance(0.55))) added.push(this.add());
      else this.remove(this.rng.pick(live));
    }
    // Keep one consumer that outlives its snapshot, so the lane always has a socket to hit.
    while (!this.live().some((c) => c.stream !== "snapshot")) added.push(this.add());
    return added;
  }

  // ---- the emulator's view ----

  async openPublic(): Promise<ConnectionInfo[]> {
    const { connections } = await this.emu.state();
    return connections.filter((c) => c.open && c.endpoint === "public");
  }

  /** Waits until the emulator's one open socket carries exactly the live consumers' streams. */
  async settle(what: string, replaced?: string): Promise<ConnectionInfo> {
    const t0 = performance.now();
    try {
      return await this.#settle(what, replaced);
    } finally {
      const ms = performance.now() - t0;
      const slot = ms < 10
        ? "<10"
        : ms < 50
        ? "<50"
        : ms < 200
        ? "<200"
        : ms < 800
        ? "<800"
        : ">=800";
      this.report.settleMs[slot] = (this.report.settleMs[slot] ?? 0) + 1;
    }
  }

  async #settle(what: string, replaced: string | undefined): Promise<ConnectionInfo> {
    let last = "";
    let found: ConnectionInfo | undefined;
    await waitFor(
      async () => {
        found = undefined;
        // An injected refusal may have just failed every streaming consumer: keep a socket.
        if (!this.live().some((c) => c.stream !== "snapshot")) this.add();
        const snapshotsPending = this.live().some((c) => c.stream === "snapshot");
        if (snapshotsPending) {
          last = "snapshot-only consumers still waiting";
          return false;
        }
        const open = await this.openPublic();
        if (open.length !== 1) {
          last = `${open.length} open sockets`;
          return false;
        }
        const conn = open[0]!;
        if (conn.id === replaced) {
          last = `socket ${conn.id} not replaced`;
          return false;
        }
        const diff = wireDiff(expectedRealtime(this.consumers), serverWire(conn));
        if (diff.length > 0) {
          last = diff.join("; ");
          return false;
        }
        if (this.client.health().status !== "healthy") {
          last = `client ${this.client.health().status}`;
          return false;
        }
        found = conn;
        return true;
      },
      this.#recoveryTimeoutMs,
      () => this.fail(`${what}: no match within ${this.#recoveryTimeoutMs} ms: ${last}`).message,
    );
    return found!;
  }

  /**
   * Steps the market until every live consumer got a REALTIME event of each of its codes after
   * this call. A consumer gets realtime events of a code only after that code's snapshot, so
   * afterwards no consumer waits for a snapshot.
   */
  async flow(): Promise<void> {
    const live = this.live();
    const marks = new Map(live.map((c) => [c, new Map(c.realtimeByCode)]));
    const codes = [...new Set(live.flatMap((c) => [...c.codes]))];
    const behind = (c: Consumer) =>
      isLive(c) &&
      c.codes.some((code) => (c.realtimeByCode.get(code) ?? 0) <= (marks.get(c)!.get(code) ?? 0));
    let lastStep = -Infinity;
    await waitFor(
      async () => {
        const waiting = live.filter(behind);
        if (waiting.length === 0) return true;
        if (performance.now() - lastStep > 25) {
          lastStep = performance.now();
          await this.emu.step(codes);
        }
        return false;
      },
      this.#recoveryTimeoutMs,
      () => {
        const waiting = live.filter(behind);
        return this.fail(
          `no data within ${this.#recoveryTimeoutMs} ms for ${waiting.map(describe).join(" | ")}`,
        ).message;
      },
    );
    this.report.subscriptionsChecked += live.length;
  }

  /** Every rule the consumers noted, and nothing received after close. */
  audit(): void {
    for (const c of this.consumers) {
      if (c.problems.length > 0) throw this.fail(c.problems.join("; "));
      if (c.afterClose > 0) {
        throw this.fail(`consumer ${c.id} (${describe(c)}) got ${c.afterClose} events after close`);
      }
    }
  }

  async violations(): Promise<void> {
    const { stats } = await this.emu.state();
    if (stats.messageRateLimitViolations !== 0) {
      throw this.fail(
        `the emulator counted ${stats.messageRateLimitViolations} message-limit violations`,
      );
    }
  }

  // ---- faults ----

  async inject(plan: FaultPlan, target: string): Promise<boolean> {
    const emu = this.emu;
    try {
      switch (plan.kind) {
        case "drop":
          await emu.fault({ kind: "drop" }, target);
          break;
        case "close":
          await emu.fault({ kind: "close", code: plan.code, reason: "chaos" }, target);
          break;
        case "stall":
          await emu.fault({ kind: "stall" }, target);
          break;
        case "stallBrief":
          await emu.fault({ kind: "stall", durationMs: plan.ms }, target);
          break;
        case "malformed":
          await emu.fault({ kind: "malformed", data: plan.data }, target);
          break;
        case "error":
          await emu.fault(
            { kind: "error", name: plan.name, message: "chaos", close: plan.close },
            target,
          );
          break;
        case "refuse":
          await emu.fault({ kind: "refuseUpgrades", count: plan.count, status: plan.status });
          await emu.fault({ kind: "drop" }, target);
          break;
        case "delay":
          await emu.fault({ kind: "delay", ms: plan.ms } satisfies Fault, target);
          break;
      }
    } catch (error) {
      // The socket closed between reading the state and the fault: nothing was injected.
      if (/not open/.test(String(error))) return false;
      throw error;
    }
    this.report.faults++;
    this.faults++;
    const cat = category(plan);
    this.report.byKind[cat] = (this.report.byKind[cat] ?? 0) + 1;
    this.note(planLabel(plan));
    return true;
  }

  /** Hits each replacement socket as soon as it opens, `count` times (drops and closes only). */
  async burst(count: number, after: string): Promise<number> {
    let prev = after;
    let done = 0;
    for (let i = 0; i < count; i++) {
      let next: string | undefined;
      try {
        await waitFor(
          async () => {
            const open = await this.openPublic();
            next = open.find((c) => c.id !== prev)?.id;
            return next !== undefined;
          },
          this.#recoveryTimeoutMs,
          () => this.fail("burst: no replacement socket").message,
          0,
        );
      } catch (error) {
        throw error;
      }
      const plan: FaultPlan = this.rng.chance(0.5)
        ? { kind: "drop" }
        : { kind: "close", code: this.rng.pick(CLOSE_CODES) };
      if (await this.inject(plan, next!)) {
        done++;
        this.note("(burst)");
      }
      prev = next!;
    }
    return done;
  }

  /** One cycle: churn, settle and check flags, fault (maybe a burst), churn, recover, check. */
  async cycle(): Promise<void> {
    // 1. Consumers change on a stable socket; check the onlyRealtime rule when a request went out.
    // An injected refusal may have failed every consumer: keep one that streams.
    while (!this.live().some((c) => c.stream !== "snapshot")) this.add();
    const before = await this.settle("before the change");
    const reconnectsBefore = this.#reconnects;
    // Codes whose snapshot a live consumer still waits for (since the last reconnect, or one
    // lost and asked again).
    const waiting = this.live().filter((c) => c.stream !== "realtime").flatMap((c) =>
      c.codes.filter((code) => !c.snapshotSeen.has(code)).map((code) =>
        streamKey(c.type, c.level, code)
      )
    );
    const added = this.rng.chance(0.6) ? this.churn(3, 1) : [];
    const after = await this.settle("after the change");
    if (
      after.id === before.id && this.#reconnects === reconnectsBefore &&
      after.requests.count > before.requests.count
    ) {
      const fresh = new Set([
        ...waiting,
        ...added.filter((c) => c.stream !== "realtime").flatMap((c) =>
          c.codes.map((code) => streamKey(c.type, c.level, code))
        ),
      ]);
      // One object per (type, level) (§10.3); an object goes without flags (so Upbit snapshots
      // every code in it) only when a newcomer waits for a snapshot of one of its codes.
      const objects = new Set<string>();
      for (const s of after.subscriptions) {
        const object = `${s.type}|${s.level}`;
        if (objects.has(object)) throw this.fail(`two ${object} objects in one request`);
        objects.add(object);
        if (s.onlyRealtime || s.onlySnapshot) continue;
        const codes = (s.codes ?? []).map((raw) => streamKey(s.type, s.level, raw.split(".")[0]!));
        if (!codes.some((key) => fresh.has(key))) {
          throw this.fail(
            `${object} was re-sent without is_only_realtime after a change with no newcomer waiting for a snapshot of it`,
          );
        }
        this.report.flagsChecked++;
      }
    }
    await this.flow();
    this.audit();

    // 2. A fault, sometimes a burst, with consumers changing during the outage.
    const started = performance.now();
    const plan = planFault(this.rng);
    const target = after.id;
    if (!(await this.inject(plan, target))) return;
    const breaks = plan.kind === "drop" || plan.kind === "close" || plan.kind === "refuse";
    const replaces = breaks || plan.kind === "stall" || (plan.kind === "error" && plan.close);
    if (breaks && this.rng.chance(0.15)) await this.burst(this.rng.range(1, 3), target);
    // Consumers added during a brief stall lose their snapshot: snapshotTimeoutMs asks again.
    if (this.rng.chance(plan.kind === "stallBrief" ? 0.8 : 0.4)) this.churn(2, 1);
    if (plan.kind === "stallBrief") await pause(plan.ms);
    // 3. Recovery, checked against the emulator, then data to every live consumer.
    await this.settle(`after ${planLabel(plan)}`, replaces ? target : undefined);
    await this.flow();
    this.audit();
    await this.violations();
    this.report.checks++;
    this.report.slowestRecoveryMs = Math.max(
      this.report.slowestRecoveryMs,
      performance.now() - started,
    );
  }

  async finish(): Promise<void> {
    for (const c of this.live()) this.remove(c);
    await this.client.close();
    await Promise.all(this.#iterators);
    this.audit();
    const { stats } = await this.emu.state();
    this.report.recoveries += this.#reconnects;
    this.report.messageRateLimitViolations += stats.messageRateLimitViolations;
    this.report.connectRateLimitViolations += stats.connectRateLimitViolations;
    this.report.requests += stats.requests;
    this.report.connections += stats.connectionsOpened;
    for (const [code, n] of Object.entries(this.errors)) {
      this.report.clientErrors[code] = (this.report.clientErrors[code] ?? 0) + n;
    }
  }
}

/**
 * Runs `faults` faults over `lanes` independent emulator + client pairs, checking after every
 * recovery. Throws (with the lane's seed and its last actions) at the first broken rule.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = performance.now();
  const report: ChaosReport = {
    seed: options.seed,
    lanes: options.lanes,
    faults: 0,
    byKind: {},
    recoveries: 0,
    checks: 0,
    subscriptionsChecked: 0,
    flagsChecked: 0,
    consumersCreated: 0,
    messageRateLimitViolations: 0,
    connectRateLimitViolations: 0,
    requests: 0,
    connections: 0,
    clientErrors: {},
    slowestRecoveryMs: 0,
    settleMs: {},
    ms: 0,
  };
  const seeds = createRng(options.seed);
  const lanes: Lane[] = [];
  const emulators: RemoteOrLocalEmulator[] = [];
  try {
    for (let i = 0; i < options.lanes; i++) {
      const emu = await useEmulator({
        market: { tickMs: 0, seed: i + 1 },
        errorCloseDelayMs: 2,
        upIntervalMs: 15,
        rateLimits: { onConnectLimit: "count" },
      });
      emulators.push(emu);
      lanes.push(
        new Lane(i, seeds.int(2 ** 31), emu, report, {
          staleAfterMs: options.staleAfterMs ?? 60,
          recoveryTimeoutMs: options.recoveryTimeoutMs ?? 5000,
        }),
      );
    }
    await Promise.all(lanes.map(async (lane) => {
      lane.churn(3);
      await lane.settle("at the start");
      await lane.flow();
      // One shared budget: a lane held up by the rate gate leaves the rest to the others.
      while (report.faults < options.faults) await lane.cycle();
      await lane.finish();
    }));
  } finally {
    for (const lane of lanes) await lane.client.close();
    for (const emu of emulators) await emu.close();
  }
  report.ms = performance.now() - started;
  return report;
}
