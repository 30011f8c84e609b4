/**
 * Stall detection, measured against the emulator over loopback (`RELIABILITY.md`; shared by
 * `tests/reliability/chaos_stall.test.ts` and `bench/stall.ts`): how long until the client reports
 * a silent socket, and until data flows again on a new one.
 *
 * @module
 */
import type { ConnectionInfo } from "../../../testing/reports.ts";
import { type RemoteOrLocalEmulator, useEmulator } from "../emulator.ts";
import { pause, waitFor } from "../wait.ts";
import { type Probe, probe, socketOf } from "./probe.ts";

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
