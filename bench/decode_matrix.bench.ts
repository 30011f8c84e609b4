/**
 * Decoder micro-benchmark over every data type and wire format, and the cost of valibot
 * validation per frame. Complements `bench/decode.bench.ts` (ticker and orderbook, longer
 * rounds). A plain script, the same on every runtime; `bench/run.ts` runs it on each:
 *
 *   node_modules/node22/bin/node bench/decode_matrix.bench.ts
 *   node_modules/.bin/bun bench/decode_matrix.bench.ts
 *   node_modules/.bin/deno run --allow-read --allow-env bench/decode_matrix.bench.ts
 *
 * Columns, µs per frame (binary input, as `binaryType = "arraybuffer"` delivers):
 * - `parse`: `TextDecoder` + `JSON.parse`, the floor any JS client pays;
 * - `never` / `first` / `always`: `createDecoder({ validate })` → typed event; `first` (the
 *   default) validates the first frame of each type and key style, so in steady state it is
 *   `never` plus a set lookup;
 * - `valibot`: `v.safeParse` of the full schema on the already parsed frame, alone: what
 *   validating every frame adds (compare `always − never`).
 *
 * Each cell: a calibration run (which warms up), then the best of 5 rounds of about `--ms`
 * milliseconds (default 40). Prints a Markdown table.
 *
 * @module
 */
import process from "node:process";
import * as v from "valibot";
import { createDecoder, type FrameSink } from "../src/decode/decode.ts";
import { SCHEMAS } from "../src/decode/codecs.ts";
import type { KeyedType } from "../src/protocol/simple_keys.ts";
import type { UpbitEvent } from "../src/types.ts";
import {
  candleFrame,
  myAssetFrame,
  myOrderFrame,
  orderbookFrame30,
  tickerFrame,
  toSimple,
  tradeFrame,
} from "../tests/_helpers/frames.ts";

const msArg = process.argv.indexOf("--ms");
const ROUND_MS = msArg > 0 ? Number(process.argv[msArg + 1]) : 40;
const ROUNDS = 5;

interface Row {
  name: string;
  kind: KeyedType;
  simple: boolean;
  list: boolean;
  frame: object;
}

const defaults: [KeyedType, string, object][] = [
  ["ticker", "ticker", tickerFrame()],
  ["trade", "trade", tradeFrame()],
  ["orderbook", "orderbook (30)", orderbookFrame30()],
  ["candle", "candle.1m", candleFrame()],
  ["myOrder", "myOrder", myOrderFrame()],
  ["myAsset", "myAsset", myAssetFrame()],
];

const rows: Row[] = [];
for (const [kind, name, frame] of defaults) {
  rows.push({ name: `${name} DEFAULT`, kind, simple: false, list: false, frame });
  rows.push({ name: `${name} SIMPLE`, kind, simple: true, list: false, frame: toSimple(frame) });
}
for (const [kind, name, frame] of defaults.slice(0, 3)) {
  rows.push({ name: `${name} JSON_LIST (1 item)`, kind, simple: false, list: true, frame });
  rows.push({
    name: `${name} SIMPLE_LIST (1 item)`,
    kind,
    simple: true,
    list: true,
    frame: toSimple(frame),
  });
}

let checksum = 0;
const sink: FrameSink = {
  event(e: UpbitEvent) {
    checksum += e.timestamp;
  },
  status() {},
  serverError() {},
  subscriptions() {},
  invalid(error) {
    throw error; // the frames are the doc's: a failure is a bug
  },
};

type Step = () => void;

/**
 * µs per call: calibration (which warms up), then the fastest of ROUNDS rounds of about
 * ROUND_MS (other processes on the machine only ever slow a round down).
 */
function measure(step: Step): number {
  let n = 64;
  for (;;) { // calibrate the batch so one round takes about ROUND_MS
    const t = performance.now();
    for (let i = 0; i < n; i++) step();
    const ms = performance.now() - t;
    if (ms >= ROUND_MS / 4) {
      n = Math.max(1, Math.round((n * ROUND_MS) / Math.max(ms, 0.001)));
      break;
    }
    n *= 4;
  }
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) step();
    samples.push(((performance.now() - t) * 1000) / n);
  }
  return Math.min(...samples);
}

const utf8 = new TextDecoder();
const header = ["µs per frame", "bytes", "parse", "never", "first", "always", "valibot"];
const out: string[][] = [];
for (const row of rows) {
  const text = JSON.stringify(row.list ? [row.frame] : row.frame);
  const bytes = new TextEncoder().encode(text);
  const schema = row.simple ? SCHEMAS[row.kind].simple : SCHEMAS[row.kind].default;
  const parsed: unknown = JSON.parse(text);
  const item = row.list ? (parsed as unknown[])[0] : parsed;
  if (!v.safeParse(schema, item).success) throw new Error(`${row.name} fails its schema`);
  const decoders = {
    never: createDecoder({ validate: "never" }),
    first: createDecoder({ validate: "first" }),
    always: createDecoder({ validate: "always" }),
  };
  const cells = [
    measure(() => {
      checksum += (JSON.parse(utf8.decode(bytes)) as { length?: number }).length ?? 1;
    }),
    measure(() => decoders.never.decode(bytes, sink)),
    measure(() => decoders.first.decode(bytes, sink)),
    measure(() => decoders.always.decode(bytes, sink)),
    measure(() => {
      if (v.safeParse(schema, item).success) checksum++;
    }),
  ];
  out.push([row.name, String(bytes.length), ...cells.map((c) => c.toFixed(2))]);
}

const runtime = "Bun" in globalThis
  ? "Bun"
  : "Deno" in globalThis
  ? "Deno"
  : `Node ${process.version}`;
console.log(
  [
    `Decoder matrix on ${runtime} (µs per frame, best of ${ROUNDS} × ~${ROUND_MS} ms)`,
    "",
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 ? "---" : "---:")).join(" | ")} |`,
    ...out.map((r) => `| ${r.join(" | ")} |`),
    "",
    `(checksum ${checksum > 0 ? "ok" : "?"})`,
  ].join("\n"),
);
