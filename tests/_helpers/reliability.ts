/**
 * Measurements behind `RELIABILITY.md`, shared by the short tests (`tests/chaos_*.test.ts`) and
 * the long benches (`bench/stall.ts`, `bench/storm.ts`): stall detection time and reconnect
 * storm spread, each against the emulator over loopback.
 *
 * @module
 */
import { UpbitClient } from "../../mod.ts";
import type { UpbitClientOptions } from "../../src/options.ts";
import type { ConnectionInfo } from "../../testing/types.ts";
import { type RemoteOrLocalEmulator, useEmulator } from "./emulator.ts";
import { pause, waitFor } from "./chaos.ts";

// ---------------------------------------------------------------------------------------------
// Statistics

/** The value at quantile q (0..1) of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

/** Min, percentiles and max of a sample, in the sample's unit. */
export interface Summary {
  n: number;
  min: number;
  p10: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Summarises a sample. */
export function summarize(values: readonly number[]): Summary {
  const s = [...values].sort((a, b) => a - b);
  return {
    n: s.length,
    min: s[0] ?? NaN,
    p10: quantile(s, 0.1),
    p50: quantile(s, 0.5),
    p90: quantile(s, 0.9),
    p99: quantile(s, 0.99),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

/** `min/p50/p90/max` rounded, for one-line reports. */
export function fmt(s: Summary, unit = "ms"): string {
  const r = (n: number) => (Number.isFinite(n) ? Math.round(n) : "–");
  return `min ${r(s.min)} p10 ${r(s.p10)} p50 ${r(s.p50)} p90 ${r(s.p90)} p99 ${r(s.p99)} max ${
    r(s.max)
  } ${unit} (n=${s.n})`;
}

/** Counts per bucket of `width` from 0, as `[from, count]`. */
export function histogram(values: readonly number[], width: number): [number, number][] {
  const counts = new Map<number, number>();
  for (const v of values) {
    const b = Math.floor(v / width) * width;
    counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  const top = Math.max(0, ...counts.keys());
  const out: [number, number][] = [];
  for (let b = 0; b <= top; b += width) out.push([b, counts.get(b) ?? 0]);
  return out;
}

/** A text histogram, one line per bucket. */
export function drawHistogram(values: readonly number[], width: number, unit = "ms"): string {
  const rows = histogram(values, width);
  const most = Math.max(1, ...rows.map(([, n]) => n));
  const label = (b: number) => `${b}–${b + width} ${unit}`.padStart(16);
  return rows.map(([b, n]) =>
    `${label(b)} ${"*".repeat(Math.round((n / most) * 40)).padEnd(40)} ${n}`
  ).join("\n");
}

/** The most events in any window of `windowMs` (times in ms). */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const s = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < s.length; i++) {
    while (s[i]! - s[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Clients on one emulator

/** A client with one ticker consumer and what it saw. */
export interface Probe {
  readonly name: string;
  readonly client: UpbitClient;
  /** `performance.now()` of each event and its stream type. */
  events: { at: number; streamType: string }[];
  /** `performance.now()` of each reconnect event. */
  reconnects: number[];
  /** `performance.now()` and message of each error event. */
  errors: { at: number; code: string; message: string }[];
}

/**
 * Starts a client named `name` with a ticker consumer of KRW-BTC (the one timed) and, with
 * `extra`, trade and orderbook consumers too (all in one tick: one request).
 */
export function probe(name: string, options: UpbitClientOptions, extra = false): Probe {
  const client = new UpbitClient({ name, lingerMs: 0, ...options });
  const p: Probe = { name, client, events: [], reconnects: [], errors: [] };
  client.addEventListener("reconnect", () => void p.reconnects.push(performance.now()));
  client.addEventListener("error", (e) => {
    p.errors.push({ at: performance.now(), code: e.error.code, message: e.error.message });
  });
  client.subscribeTicker(["KRW-BTC"], (e) => {
    p.events.push({ at: performance.now(), streamType: e.streamType });
  });
  if (extra) {
    client.subscribeTrade(["KRW-BTC", "KRW-ETH"], () => {});
    client.subscribeOrderbook(["KRW-ETH"], () => {}, { units: 5 });
  }
  return p;
}

/** The emulator's open public socket of the client named `name` (found by its ticket). */
export function socketOf(connections: ConnectionInfo[], name: string): ConnectionInfo | undefined {
  // The newest: a socket the client just replaced can still look open on the server's side for
  // a moment, and a fault aimed at it would find it closed.
  let newest: ConnectionInfo | undefined;
  for (const c of connections) {
    if (
      c.open && c.endpoint === "public" &&
      c.requests.last.some((r) => r.includes(`"ticket":"${name}-public-`)) &&
      (newest === undefined || c.openedAt > newest.openedAt)
    ) newest = c;
  }
  return newest;
}

// ---------------------------------------------------------------------------------------------
// Stall detection

/** Options of {@linkcode measureStalls}. */
export interface StallOptions {
  /** Clients stalled at once (each has its own socket). */
  clients: number;
  /** Stalls per client, one after another. */
  stallsPerClient: number;
  /** The client's `keepalive.staleAfterMs`. */
  staleAfterMs: number;
  /** How often the emulator answers `PING` with `{"status":"UP"}` (Upbit: 10 s). */
  upIntervalMs: number;
  /** Quiet time before the first stall, to check that UP frames alone keep a socket alive. */
  quietMs?: number;
}

/** What {@linkcode measureStalls} measured, in ms from the moment each stall was injected. */
export interface StallReport {
  /** Until the client reported the stall (its `error` event). */
  detection: number[];
  /** Until data flowed again on a new socket. */
  replacement: number[];
  /** Stalls reported during the quiet time (sockets silent of data but alive): must be 0. */
  falseStalls: number;
  /** Stalls reported before `staleAfterMs - upIntervalMs` had passed: must be 0. */
  early: number;
  ms: number;
}

/** Stalls sockets (open, silent) and times their detection and replacement. */
export async function measureStalls(
  options: StallOptions,
  emulator?: RemoteOrLocalEmulator,
): Promise<StallReport> {
  const started = performance.now();
  const emu = emulator ?? await useEmulator({
    market: { tickMs: 0 },
    upIntervalMs: options.upIntervalMs,
    // Replacements of simultaneous stalls come within milliseconds from one IP.
    rateLimits: { onConnectLimit: "count" },
  });
  const report: StallReport = { detection: [], replacement: [], falseStalls: 0, early: 0, ms: 0 };
  const probes: Probe[] = [];
  try {
    for (let i = 0; i < options.clients; i++) {
      probes.push(probe(`stall-${i}`, {
        url: emu.url,
        keepalive: { staleAfterMs: options.staleAfterMs, pingIntervalMs: 60_000 },
        reconnect: { initialDelayMs: 1, maxDelayMs: 5 },
      }));
    }
    await waitFor(() => probes.every((p) => p.events.length > 0), 5000, () => "no snapshots");
    // Only UP frames from here: a socket without data is quiet, not dead.
    await pause(options.quietMs ?? options.staleAfterMs * 2);
    report.falseStalls = probes.reduce((n, p) => n + p.errors.length, 0);
    await Promise.all(probes.map(async (p) => {
      for (let k = 0; k < options.stallsPerClient; k++) {
        let conn: ConnectionInfo | undefined;
        await waitFor(
          async () => {
            conn = socketOf((await emu.state()).connections, p.name);
            return conn !== undefined;
          },
          5000,
          () => `no socket for ${p.name}`,
        );
        const errorsBefore = p.errors.length;
        const eventsBefore = p.events.length;
        let t0 = performance.now();
        // The socket may close between the look-up and the fault (the server finishing an
        // earlier replacement): look again, a few times, rather than fail the measurement.
        for (let attempt = 0;; attempt++) {
          try {
            t0 = performance.now();
            await emu.fault({ kind: "stall" }, conn!.id);
            break;
          } catch (error) {
            if (attempt >= 5 || !/not open/.test(String(error))) throw error;
            await pause(10);
            conn = socketOf((await emu.state()).connections, p.name) ?? conn;
          }
        }
        await waitFor(
          () => p.errors.slice(errorsBefore).some((e) => /stalled/.test(e.message)),
          options.staleAfterMs * 4 + 2000,
          () => `${p.name}: stall not detected`,
        );
        const detectedAt = p.errors.slice(errorsBefore).find((e) => /stalled/.test(e.message))!.at;
        await waitFor(
          () => p.events.slice(eventsBefore).some((e) => e.at > detectedAt),
          5000,
          () =>
            `${p.name}: no data after the stall (${p.client.health().status}; last errors ${
              JSON.stringify(p.errors.slice(-3))
            })`,
        );
        const flowedAt = p.events.slice(eventsBefore).find((e) => e.at > detectedAt)!.at;
        report.detection.push(detectedAt - t0);
        report.replacement.push(flowedAt - t0);
        if (detectedAt - t0 < options.staleAfterMs - options.upIntervalMs) report.early++;
      }
    }));
  } finally {
    await Promise.all(probes.map((p) => p.client.close()));
    if (emulator === undefined) await emu.close();
  }
  report.ms = performance.now() - started;
  return report;
}

// ---------------------------------------------------------------------------------------------
// Reconnect storms

/** Options of {@linkcode measureStorm}. */
export interface StormOptions {
  clients: number;
  /** `reconnect.initialDelayMs` (production default 1000). */
  initialDelayMs: number;
  /** `reconnect.maxDelayMs` (production default 16000). */
  maxDelayMs: number;
  /** The emulator's reaction to more than 5 connects per second per IP. */
  onConnectLimit: "count" | "reject";
  /** Give up waiting after this long. */
  timeoutMs: number;
}

/** What {@linkcode measureStorm} measured. */
export interface StormReport {
  /** Per client, ms from its creation to its first event (all created in the same tick). */
  start: number[];
  /** Upgrades over the connect limit while they started. */
  startConnectViolations: number;
  /** Per client, ms from the drop to its `reconnect` event (the new socket open). */
  reconnect: number[];
  /** Per client, ms from the drop to its first event on the new socket. */
  data: number[];
  /** Most reconnects in any one-second window (Upbit allows 5 per IP). */
  maxPerSecond: number;
  /** Upgrades over the connect limit during the storm (rejected or counted). */
  connectViolations: number;
  /** Requests each client sent on its new socket (one: the whole set). */
  requestsPerSocket: number[];
  messageViolations: number;
  /** Clients that had not reconnected by the timeout. */
  stragglers: number;
  ms: number;
}

/**
 * Starts `clients` clients on one emulator (one IP), waits for all to stream, drops every socket
 * at once and times each reconnect.
 */
export async function measureStorm(options: StormOptions): Promise<StormReport> {
  const started = performance.now();
  const emu = await useEmulator({
    market: { tickMs: 0 },
    upIntervalMs: 1000,
    closedHistory: options.clients * 4,
    rateLimits: { onConnectLimit: options.onConnectLimit },
  });
  const probes: Probe[] = [];
  try {
    const created = performance.now();
    for (let i = 0; i < options.clients; i++) {
      probes.push(probe(`storm-${i}`, {
        url: emu.url,
        profile: "production",
        reconnect: { initialDelayMs: options.initialDelayMs, maxDelayMs: options.maxDelayMs },
      }, true));
    }
    await waitFor(
      () => probes.every((p) => p.events.length > 0),
      options.timeoutMs,
      () => `only ${probes.filter((p) => p.events.length > 0).length} clients started`,
    );
    const start = probes.map((p) => p.events[0]!.at - created);
    const startConnectViolations = (await emu.state()).stats.connectRateLimitViolations;
    // The start-up storm filled the connect window: let it pass before the drop.
    if (options.onConnectLimit === "reject") await pause(1100);
    const before = (await emu.state()).stats;
    const marks = probes.map((p) => ({ events: p.events.length, reconnects: p.reconnects.length }));
    const t0 = performance.now();
    await emu.fault({ kind: "drop" }, "all");
    await waitFor(
      () => probes.every((p, i) => p.events.length > marks[i]!.events),
      options.timeoutMs,
      () => "",
    ).catch(() => undefined);
    const after = await emu.state();
    const reconnect: number[] = [];
    const data: number[] = [];
    let stragglers = 0;
    probes.forEach((p, i) => {
      const r = p.reconnects[marks[i]!.reconnects];
      const d = p.events[marks[i]!.events];
      if (r === undefined || d === undefined) stragglers++;
      if (r !== undefined) reconnect.push(r - t0);
      if (d !== undefined) data.push(d.at - t0);
    });
    const requestsPerSocket = probes.map((p) =>
      socketOf(after.connections, p.name)?.requests.count ?? 0
    );
    return {
      start,
      startConnectViolations,
      reconnect,
      data,
      maxPerSecond: maxInWindow(reconnect, 1000),
      connectViolations: after.stats.connectRateLimitViolations - before.connectRateLimitViolations,
      requestsPerSocket,
      messageViolations: after.stats.messageRateLimitViolations,
      stragglers,
      ms: performance.now() - started,
    };
  } finally {
    await Promise.all(probes.map((p) => p.client.close()));
    await emu.close();
  }
}
