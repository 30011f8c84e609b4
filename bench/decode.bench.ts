/**
 * Decoder microbenchmark: µs per frame for a ticker and a 30-level orderbook, DEFAULT and SIMPLE
 * keys, binary input (a Uint8Array, as Bun delivers and as `binaryType = "arraybuffer"` gives).
 * Prints a Markdown table. A plain script, the same on every runtime:
 *
 *   node_modules/node22/bin/node bench/decode.bench.ts
 *   node_modules/node26/bin/node bench/decode.bench.ts
 *   node_modules/.bin/bun bench/decode.bench.ts
 *   node_modules/.bin/deno run bench/decode.bench.ts
 *
 * Each cell is the median of 7 timed rounds after a warm-up round.
 *
 * @module
 */
import { createDecoder, type Decoder, type FrameSink } from "../src/decode.ts";
import type { UpbitEvent } from "../src/types.ts";
import { encodeFrame, orderbookFrame30, tickerFrame, toSimple } from "../tests/_helpers/frames.ts";

const ROUNDS = 7;

interface Case {
  name: string;
  bytes: Uint8Array;
  iterations: number;
}

const cases: Case[] = [
  { name: "ticker DEFAULT", bytes: encodeFrame(tickerFrame()), iterations: 50_000 },
  { name: "ticker SIMPLE", bytes: encodeFrame(toSimple(tickerFrame())), iterations: 50_000 },
  { name: "orderbook 30 DEFAULT", bytes: encodeFrame(orderbookFrame30()), iterations: 15_000 },
  {
    name: "orderbook 30 SIMPLE",
    bytes: encodeFrame(toSimple(orderbookFrame30())),
    iterations: 15_000,
  },
];

let checksum = 0; // consumed below so that no engine can drop the work
const sink: FrameSink = {
  event(e: UpbitEvent) {
    checksum += e.timestamp;
  },
  status() {},
  serverError() {},
  subscriptions() {},
  invalid(error) {
    throw error; // the bench frames are valid; a failure here is a bug
  },
};

type Step = (bytes: Uint8Array, text: string) => void;

function decoderStep(decoder: Decoder): Step {
  return (bytes) => decoder.decode(bytes, sink);
}

const steps: [string, () => Step][] = [
  ["JSON.parse(text)", () => (_bytes, text) => {
    checksum += (JSON.parse(text) as { length?: number }).length ?? 1;
  }],
  ["TextDecoder + JSON.parse", () => {
    const utf8 = new TextDecoder();
    return (bytes) => {
      checksum += (JSON.parse(utf8.decode(bytes)) as { length?: number }).length ?? 1;
    };
  }],
  ['decode, validate "never"', () => decoderStep(createDecoder({ validate: "never" }))],
  ['decode, validate "first"', () => decoderStep(createDecoder({ validate: "first" }))],
  ['decode, validate "always"', () => decoderStep(createDecoder({ validate: "always" }))],
];

function measure(step: Step, c: Case): number {
  const text = new TextDecoder().decode(c.bytes);
  const samples: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    const start = performance.now();
    for (let i = 0; i < c.iterations; i++) step(c.bytes, text);
    const us = ((performance.now() - start) * 1000) / c.iterations;
    if (round > 0) samples.push(us); // round 0 warms up
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? NaN;
}

const runtime = typeof navigator === "object" ? navigator.userAgent : "unknown runtime";
const header = ["µs per frame", ...cases.map((c) => `${c.name} (${c.bytes.length} B)`)];
const rows: string[][] = [];
for (const [name, make] of steps) {
  rows.push([name, ...cases.map((c) => measure(make(), c).toFixed(2))]);
}

const lines = [
  `Decoder benchmark on ${runtime}`,
  "",
  `| ${header.join(" | ")} |`,
  `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
  "",
  `(checksum ${checksum > 0 ? "ok" : "?"})`,
];
console.log(lines.join("\n"));
