/**
 * The soak run behind `tests/reliability/soak.test.ts` (20,000 frames) and `bench/soak.ts`
 * (1,000,000 frames and more): realtime frames pushed through the client as fast as the socket
 * drains, to a fast consumer and to deliberately slow ones under each overflow policy, with the
 * heap measured before, during and after (after a forced collection where the runtime allows one).
 * The frames come from a source (`source.ts`).
 *
 * Longer than 250 lines because `runSoak` is one measurement whose steps share its clients,
 * tallies and heap samples; the report's fields are documented one by one.
 *
 * @module
 */
import { UpbitClient } from "../../../mod.ts";
import type { OverflowPolicy } from "../../../src/deliver/ring_buffer.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import type { ForceGc } from "../gc.ts";
import { pause, waitFor } from "../wait.ts";
import { type FrameSource, heapUsed, lastStamps, SOAK_CODES } from "./source.ts";

/** A consumer kind: fast, or slow under one overflow policy. */
export type SoakCase = "fast" | OverflowPolicy;

/** Every case, in report order. */
export const SOAK_CASES: readonly SoakCase[] = ["fast", "drop-oldest", "latest", "error"];

/** One consumer's record. */
interface Tally {
  delivered: number;
  /** Newest `timestamp` delivered per code, and whether timestamps only ever grew per code. */
  newest: Map<string, number>;
  ordered: boolean;
  failures: unknown[];
  maxBuffered: number;
  /** Whether a slow callback is running (to know when it drained). */
  busy: boolean;
}

/** What one soak run measured. */
export interface SoakReport {
  case: SoakCase;
  /** Frames the client received (its `metrics().frames`, status frames excluded). */
  frames: number;
  /** Events routed to this case's consumers (3 subscriptions × 5 codes). */
  routed: number;
  delivered: number;
  /** Events the overflow policy dropped (`metrics().overflowDrops` after close). */
  dropped: number;
  /** OverflowErrors reported (policy `"error"`: one per subscription). */
  overflowErrors: number;
  /**
   * Tickers delivered to a fast second ticker consumer on the same client (the `"error"` case
   * only, else 0): the socket and the other subscriptions carry on after a subscription failed.
   */
  witness: number;
  /** The most events any of its subscriptions held at once (sampled). */
  maxBuffered: number;
  /** Delivered events arrived in frame order, and the last one per code was the newest sent. */
  ordered: boolean;
  newestLast: boolean;
  /** Heap in bytes: before the frames, highest sample while they flowed, after, after close. */
  heapBefore: number | undefined;
  heapPeak: number | undefined;
  heapAfter: number | undefined;
  heapAfterClose: number | undefined;
  /** Heap samples while the frames flowed (bytes). */
  samples: number[];
  /** Heap after a forced collection each time another share of the frames had arrived. */
  checkpoints: { frames: number; heap: number | undefined }[];
  gcForced: boolean;
  ms: number;
}

/** Options of {@linkcode runSoak}. */
export interface SoakOptions {
  cases: readonly SoakCase[];
  /** REALTIME frames the source sends (the last of each code carries the highest stamp). */
  frames: number;
  /** Buffer of the slow consumers. */
  bufferSize: number;
  /** How long a slow consumer spends on each event (an awaited timer). */
  slowMs: number;
  source: FrameSource;
  gc: ForceGc | undefined;
  /** Heap sample period. */
  sampleMs?: number;
  /** Longest wait for the frames to arrive. */
  timeoutMs?: number;
  /** Collect and record the heap this many times while the frames flow (default 0). */
  checkpoints?: number;
}

/**
 * Connects one client per case to the source, subscribes (ticker, trade, orderbook of five
 * codes, realtime only), sends the frames and waits until every one arrived and every slow
 * consumer drained.
 */
export async function runSoak(options: SoakOptions): Promise<SoakReport[]> {
  const started = performance.now();
  const collect = () => {
    if (!options.gc) return;
    for (let i = 0; i < 3; i++) options.gc();
  };
  const runs = options.cases.map((kind) => {
    const client = new UpbitClient({
      name: `soak-${kind}`,
      url: options.source.url,
      keepalive: { staleAfterMs: 120_000 },
      lingerMs: 0,
    });
    const tally: Tally = {
      delivered: 0,
      newest: new Map(),
      ordered: true,
      failures: [],
      maxBuffered: 0,
      busy: false,
    };
    let busy = 0;
    const onEvent = (e: UpbitEvent): void | Promise<void> => {
      tally.delivered++;
      const code = "code" in e ? e.code : "";
      const prev = tally.newest.get(`${e.type}|${code}`) ?? -1;
      if (e.timestamp <= prev) tally.ordered = false;
      tally.newest.set(`${e.type}|${code}`, e.timestamp);
      if (kind === "fast") return;
      busy++;
      tally.busy = true;
      return pause(options.slowMs).then(() => {
        if (--busy === 0) tally.busy = false;
      });
    };
    const opts = {
      stream: "realtime" as const,
      ...(kind === "fast" ? {} : { overflow: kind, bufferSize: options.bufferSize }),
      onError: (error: unknown) => void tally.failures.push(error),
    };
    const codes = [...SOAK_CODES];
    const subs = [
      client.subscribeTicker(codes, onEvent, opts),
      client.subscribeTrade(codes, onEvent, opts),
      client.subscribeOrderbook(codes, onEvent, opts),
    ];
    const witness = { delivered: 0 };
    if (kind === "error") {
      client.subscribeTicker(codes, () => void witness.delivered++, { stream: "realtime" });
    }
    return { kind, client, tally, subs, witness };
  });
  try {
    // Every client's request must be in before the frames go out.
    await waitFor(
      () =>
        runs.every((r) =>
          r.client.metrics().requestsSent > 0 && r.client.health().status === "healthy"
        ),
      10_000,
      () => "the soak clients did not connect",
    );
    await pause(50);
    collect();
    const heapBefore = heapUsed();
    const samples: number[] = [];
    const sampler = setInterval(() => {
      const h = heapUsed();
      if (h !== undefined) samples.push(h);
      for (const r of runs) {
        for (const s of r.subs) r.tally.maxBuffered = Math.max(r.tally.maxBuffered, s.buffered);
      }
    }, options.sampleMs ?? 50);
    const eventsOf = (r: (typeof runs)[number]) => {
      const m = r.client.metrics().messages;
      return (m["ticker"] ?? 0) + (m["trade"] ?? 0) + (m["orderbook"] ?? 0);
    };
    const checkpoints: SoakReport["checkpoints"] = [];
    const every = options.checkpoints ? options.frames / options.checkpoints : Infinity;
    const sending = options.source.send();
    try {
      await waitFor(
        () => {
          const progress = Math.min(...runs.map(eventsOf));
          if (progress >= (checkpoints.length + 1) * every) {
            collect();
            checkpoints.push({ frames: progress, heap: heapUsed() });
          }
          return progress >= options.frames;
        },
        options.timeoutMs ?? 120_000,
        () =>
          `frames missing: ${
            runs.map((r) => `${r.kind} ${eventsOf(r)}/${options.frames}`).join(", ")
          }`,
        5,
      );
      await sending;
      await waitFor(
        () => runs.every((r) => !r.tally.busy && r.subs.every((s) => s.buffered === 0)),
        30_000,
        () => "the slow consumers did not drain",
        5,
      );
    } finally {
      clearInterval(sampler);
    }
    for (const r of runs) {
      for (const s of r.subs) r.tally.maxBuffered = Math.max(r.tally.maxBuffered, s.buffered);
    }
    collect();
    const heapAfter = heapUsed();
    const reports: SoakReport[] = [];
    for (const r of runs) {
      const before = r.client.metrics();
      for (const s of r.subs) s.close();
      await r.client.close();
      const m = r.client.metrics();
      reports.push({
        case: r.kind,
        frames: before.frames,
        routed: eventsOf(r),
        delivered: r.tally.delivered,
        dropped: m.overflowDrops,
        overflowErrors: r.tally.failures.filter((e) =>
          (e as Error)?.name === "OverflowError"
        ).length,
        witness: r.witness.delivered,
        maxBuffered: r.tally.maxBuffered,
        ordered: options.source.stamped ? r.tally.ordered : true,
        newestLast: options.source.stamped ? newestLast(r.tally, options.frames) : true,
        heapBefore,
        heapPeak: samples.length > 0 ? Math.max(...samples) : undefined,
        heapAfter,
        heapAfterClose: undefined,
        samples,
        checkpoints,
        gcForced: options.gc !== undefined,
        ms: performance.now() - started,
      });
    }
    collect();
    const heapAfterClose = heapUsed();
    for (const report of reports) report.heapAfterClose = heapAfterClose;
    return reports;
  } finally {
    await Promise.all(runs.map((r) => r.client.close()));
  }
}
/** Whether the last event delivered per (type, code) is the last one sent for it. */
function newestLast(tally: Tally, frames: number): boolean {
  const last = lastStamps(frames);
  for (const [key, stamp] of last) {
    if (tally.newest.get(key) !== stamp) return false;
  }
  return true;
}
