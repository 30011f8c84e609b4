/**
 * Reconnect storms, measured against one emulator (one IP) over loopback (`RELIABILITY.md`; shared
 * by `tests/reliability/chaos_storm.test.ts` and `bench/storm.ts`): how the reconnects of many
 * clients dropped at once spread, and what each sends on its new socket.
 *
 * @module
 */
import { useEmulator } from "../emulator.ts";
import { maxInWindow } from "../stats.ts";
import { pause, waitFor } from "../wait.ts";
import { type Probe, probe, socketOf } from "./probe.ts";

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
