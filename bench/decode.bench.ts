/**
 * Decoder microbenchmark: µs per frame for a ticker, a trade (with a real 17-digit
 * `sequential_id`) and a 30-level orderbook, DEFAULT and SIMPLE keys, binary input (a Uint8Array,
 * as Bun delivers and as `binaryType = "arraybuffer"` gives). A second table times the exact-id
 * read of a trade alone (`findIdLiteral`: one `indexOf`, a slice, a check against the parsed
 * number), which the decoder adds to every trade frame. Prints Markdown. A plain script, the same
 * on every runtime:
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
import { createDecoder, type Decoder, type FrameSink } from "../src/decode/decode.ts";
import type { UpbitEvent } from "../src/types.ts";
import {
  encodeFrame,
  orderbookFrame30,
  tickerFrame,
  toSimple,
  tradeFrame,
} from "../tests/_helpers/frames.ts";

const ROUNDS = 7;

interface Case {
  name: string;
  bytes: Uint8Array;
  iterations: number;
}

const cases: Case[] = [
  { name: "ticker DEFAULT", bytes: encodeFrame(tickerFrame()), iterations: 50_000 },
  { name: "ticker SIMPLE", bytes: encodeFrame(toSimple(tickerFrame())), iterations: 50_000 },
  // An id above 2^53 as Upbit sends it (JSON.parse reads it as …0004).
  { name: "trade DEFAULT", bytes: tradeBytes(false), iterations: 80_000 },
  { name: "trade SIMPLE", bytes: tradeBytes(true), iterations: 80_000 },
  { name: "orderbook 30 DEFAULT", bytes: encodeFrame(orderbookFrame30()), iterations: 15_000 },
  {
    name: "orderbook 30 SIMPLE",
    bytes: encodeFrame(toSimple(orderbookFrame30())),
    iterations: 15_000,
  },
];

function tradeBytes(simple: boolean): Uint8Array {
  const frame = simple ? toSimple(tradeFrame()) : tradeFrame();
  const key = simple ? "sid" : "sequential_id";
  const text = JSON.stringify(frame).replace(
    new RegExp(`"${key}":\\d+`),
    `"${key}":17883351803770005`,
  );
  return new TextEncoder().encode(text);
}

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

// The exact-id read alone, where this tree has it (the bench also runs on older trees).
const idRows: string[][] = [];
const lossless: Record<string, unknown> = await import("../src/decode/trade_id.ts");
const find = lossless.findIdLiteral as
  | ((text: string, simple: boolean, from: number, parsed: number) => number)
  | undefined;
if (typeof find === "function") {
  for (const c of cases.filter((x) => x.name.startsWith("trade"))) {
    const simple = c.name.endsWith("SIMPLE");
    const text = new TextDecoder().decode(c.bytes);
    const parsed = (JSON.parse(text) as Record<string, number>)[simple ? "sid" : "sequential_id"]!;
    const us = measure(() => {
      checksum += find(text, simple, 0, parsed);
    }, c);
    idRows.push([c.name, (us * 1000).toFixed(0)]);
  }
}

const lines = [
  `Decoder benchmark on ${runtime}`,
  "",
  `| ${header.join(" | ")} |`,
  `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
  ...rows.map((r) => `| ${r.join(" | ")} |`),
  "",
  ...(idRows.length === 0 ? [] : [
    "| exact sequential_id read alone | ns per trade frame |",
    "| --- | ---: |",
    ...idRows.map((r) => `| ${r.join(" | ")} |`),
    "",
  ]),
  `(checksum ${checksum > 0 ? "ok" : "?"})`,
];
console.log(lines.join("\n"));
