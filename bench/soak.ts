/**
 * Soak: pushes 1,000,000 realtime frames (ticker + trade + 30-level orderbook over five codes,
 * DEFAULT, binary) through the client per case — a fast consumer, and a deliberately slow one
 * (an awaited 1 ms timer per event) under each overflow policy — and reports the heap before,
 * during (after a forced collection at each tenth) and after, and what each policy dropped.
 *
 * The frames come from `bench/_sender.ts` in a Node 22 process of its own (as fast as the socket
 * drains), so the heap measured is the client's alone. Same script on every runtime:
 *
 *   node_modules/node22/bin/node --expose-gc bench/soak.ts [--frames 1000000] [--cases fast,latest]
 *   node_modules/node26/bin/node --expose-gc bench/soak.ts
 *   node_modules/.bin/bun bench/soak.ts
 *   node_modules/.bin/deno run -A --v8-flags=--expose-gc bench/soak.ts
 *
 * Options: `--frames N` (per case), `--cases a,b` (of fast, drop-oldest, latest, error),
 * `--buffer N` (slow consumers' bufferSize, default 1024, the client's default), `--slow-ms N`
 * (default 1), `--checkpoints N` (forced-GC heap samples while the frames flow, default 10).
 * Exits 1 if the heap grew by 10 MB or more, or a checkpoint trend shows growth.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import process from "node:process";
import { findGc } from "../tests/_helpers/gc.ts";
import { runSoak, type SoakCase, type SoakReport } from "../tests/_helpers/soak/run.ts";
import type { FrameSource } from "../tests/_helpers/soak/source.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const FRAMES = Number(arg("frames", "1000000"));
const CASES = arg("cases", "fast,drop-oldest,latest,error").split(",") as SoakCase[];
const BUFFER = Number(arg("buffer", "1024"));
const SLOW_MS = Number(arg("slow-ms", "1"));
const CHECKPOINTS = Number(arg("checkpoints", "10"));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const NODE22 = `${ROOT}node_modules/node22/bin/node`;
const MB = 1024 * 1024;

/** `bench/_sender.ts` in its own Node 22 process: one connection, `frames` frames, flood. */
async function senderSource(frames: number): Promise<FrameSource> {
  const config = JSON.stringify({ codes: 5, frames, rate: 0, stamp: false });
  const child = spawn(NODE22, [`${ROOT}bench/_sender.ts`, config], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = "";
  child.stdout!.on("data", (d: Uint8Array) => {
    buffer += new TextDecoder().decode(d);
    let i;
    while ((i = buffer.indexOf("\n")) >= 0) {
      lines.push(buffer.slice(0, i));
      buffer = buffer.slice(i + 1);
      for (const w of waiters.splice(0)) w();
    }
  });
  const line = async (n: number): Promise<string> => {
    while (lines.length <= n) await new Promise<void>((r) => waiters.push(r));
    return lines[n]!;
  };
  const { port } = JSON.parse(await line(0)) as { port: number };
  return {
    url: `ws://127.0.0.1:${port}/websocket/v1`,
    stamped: false,
    async send() {
      await line(1); // {"sent":…,"ms":…}: the sender starts by itself after the request
    },
    close() {
      child.kill("SIGTERM");
      return Promise.resolve();
    },
  };
}

const runtime = "Bun" in globalThis
  ? `Bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
  : "Deno" in globalThis
  ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`
  : `Node ${process.versions.node}`;
const gc = await findGc();
console.log(
  `soak on ${runtime}: ${FRAMES.toLocaleString("en-US")} frames per case, slow consumers ` +
    `${SLOW_MS} ms per event with bufferSize ${BUFFER}, ${gc ? "forced GC" : "no forced GC"}`,
);

const mb = (n: number | undefined) => (n === undefined ? "n/a" : (n / MB).toFixed(1));
const rows: string[][] = [];
let failed = false;
for (const kind of CASES) {
  const source = await senderSource(FRAMES);
  let report: SoakReport;
  try {
    [report] = await runSoak({
      cases: [kind],
      frames: FRAMES,
      bufferSize: BUFFER,
      slowMs: SLOW_MS,
      source,
      gc,
      checkpoints: CHECKPOINTS,
      sampleMs: 100,
      timeoutMs: 600_000,
    }) as [SoakReport];
  } finally {
    await source.close();
  }
  const growth = report.heapAfter !== undefined && report.heapBefore !== undefined
    ? report.heapAfter - report.heapBefore
    : undefined;
  const heaps = report.checkpoints.map((c) => c.heap).filter((h): h is number => h !== undefined);
  // Unbounded growth shows as a rising trend across the checkpoints: compare the last third
  // with the first third.
  const third = Math.max(1, Math.floor(heaps.length / 3));
  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const trend = heaps.length >= 3
    ? avg(heaps.slice(-third)) - avg(heaps.slice(0, third))
    : undefined;
  const seconds = report.ms / 1000;
  rows.push([
    kind,
    report.routed.toLocaleString("en-US"),
    report.delivered.toLocaleString("en-US"),
    report.dropped.toLocaleString("en-US"),
    String(report.overflowErrors),
    String(report.maxBuffered),
    mb(report.heapBefore),
    mb(report.heapPeak),
    mb(report.heapAfter),
    mb(growth),
    mb(trend),
    mb(report.heapAfterClose),
    `${Math.round(report.routed / seconds).toLocaleString("en-US")}`,
    seconds.toFixed(1),
  ]);
  console.log(
    `  ${kind}: checkpoints (MB after GC) ${heaps.map((h) => (h / MB).toFixed(1)).join(" ")}`,
  );
  if ((growth !== undefined && growth >= 10 * MB) || (trend !== undefined && trend >= 5 * MB)) {
    failed = true;
  }
  if (report.routed < FRAMES) failed = true;
}

const header = [
  "case",
  "frames",
  "delivered",
  "dropped",
  "overflow errors",
  "max buffered",
  "heap before MB",
  "peak MB",
  "after MB",
  "growth MB",
  "checkpoint trend MB",
  "after close MB",
  "frames/s",
  "s",
];
console.log(`| ${header.join(" | ")} |`);
console.log(`| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`);
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
if (failed) {
  console.log("FAILED: heap growth of 10 MB or more, a rising trend, or frames missing");
  process.exitCode = 1;
}
