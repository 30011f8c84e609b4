/**
 * Stall detection: stalls sockets (the emulator keeps them open and sends nothing, not even
 * `{"status":"UP"}`) and times how long the client takes to report the stall and to have data
 * flowing on a new socket. The client's watchdog runs every `staleAfterMs / 4`, so detection
 * should land in `[staleAfterMs - upIntervalMs, staleAfterMs × 1.25]` after the stall.
 *
 *   node_modules/node22/bin/node bench/stall.ts [--window 1000] [--clients 10] [--stalls 3] [--up 100]
 *   node_modules/.bin/bun bench/stall.ts
 *   node_modules/.bin/deno run -A bench/stall.ts
 *
 * `--window` is `keepalive.staleAfterMs` (the default profile uses 25,000 with Upbit's UP every
 * 10 s; the ratio, not the scale, is what is measured), `--up` the emulator's UP period.
 *
 * @module
 */
import process from "node:process";
import { measureStalls } from "../tests/_helpers/chaos/stall.ts";
import { drawHistogram, fmt, summarize } from "../tests/_helpers/stats.ts";

function arg(name: string, fallback: string): number {
  const i = process.argv.indexOf(`--${name}`);
  return Number(i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback);
}

const WINDOW = arg("window", "1000");
const CLIENTS = arg("clients", "10");
const STALLS = arg("stalls", "3");
const UP = arg("up", "100");

const r = await measureStalls({
  clients: CLIENTS,
  stallsPerClient: STALLS,
  staleAfterMs: WINDOW,
  upIntervalMs: UP,
  quietMs: WINDOW * 2,
});
const detection = summarize(r.detection);
const replacement = summarize(r.replacement);
const bound = WINDOW + WINDOW / 4;
console.log(
  `stall: ${r.detection.length} stalls over ${CLIENTS} clients, staleAfterMs ${WINDOW}, UP every ${UP} ms`,
);
console.log(`  detection   ${fmt(detection)}`);
console.log(`  replacement ${fmt(replacement)} (stall to data on a new socket)`);
console.log(
  `  expected detection within [${WINDOW - UP}, ${bound}] ms (window + one watchdog tick of ` +
    `window / 4); early ${r.early}, over by more than 10 ms ${
      r.detection.filter((d) => d > bound + 10).length
    }; false stalls on quiet sockets ${r.falseStalls}`,
);
console.log(drawHistogram(r.detection, Math.max(1, Math.round(WINDOW / 20))));
if (r.early > 0 || r.falseStalls > 0 || detection.max > bound * 1.2) process.exitCode = 1;
