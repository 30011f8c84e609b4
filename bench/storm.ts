/**
 * Reconnect storm: starts `--clients` clients on one IP together, waits until all stream, drops
 * every socket at once, and reports when each reconnected (full-jitter backoff of the production
 * profile by default: first retry uniform in [0, 1000] ms), how many connects fell in any one
 * second (Upbit allows 5 per second per IP), and how many requests each new socket carried (one:
 * the whole set, so a resubscribe cannot burst past the message limits).
 *
 *   node_modules/node22/bin/node bench/storm.ts [--clients 50] [--initial 1000] [--max 16000] [--limit count|reject]
 *   node_modules/.bin/bun bench/storm.ts
 *   node_modules/.bin/deno run -A bench/storm.ts
 *
 * `--limit count` (default) lets every upgrade in and counts those over the limit, which shows the
 * spread the backoff alone gives; `--limit reject` answers them with 429 as Upbit does, which
 * shows how long a farm of clients on one IP takes to come back.
 *
 * @module
 */
import process from "node:process";
import { measureStorm } from "../tests/_helpers/chaos/storm.ts";
import { drawHistogram, fmt, maxInWindow, summarize } from "../tests/_helpers/stats.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const CLIENTS = Number(arg("clients", "50"));
const INITIAL = Number(arg("initial", "1000"));
const MAX = Number(arg("max", "16000"));
const LIMIT = arg("limit", "count") as "count" | "reject";
const TIMEOUT = Number(arg("timeout", "180000"));

const r = await measureStorm({
  clients: CLIENTS,
  initialDelayMs: INITIAL,
  maxDelayMs: MAX,
  onConnectLimit: LIMIT,
  timeoutMs: TIMEOUT,
});
const bucket = INITIAL >= 1000 && LIMIT === "reject" ? 1000 : Math.max(1, INITIAL / 10);
console.log(
  `storm: ${CLIENTS} clients on one IP, reconnect initialDelayMs ${INITIAL}, maxDelayMs ${MAX}, ` +
    `full jitter; connect limit 5/s per IP: ${LIMIT}`,
);
console.log(`  start (created together) to first event: ${fmt(summarize(r.start))}`);
console.log(`    upgrades over the limit while starting: ${r.startConnectViolations}`);
console.log(`  drop to reconnect: ${fmt(summarize(r.reconnect))}`);
console.log(`  drop to first event: ${fmt(summarize(r.data))}`);
console.log(
  `  most reconnects in any 1 s: ${r.maxPerSecond}; in any ${bucket} ms: ${
    maxInWindow(r.reconnect, bucket)
  }; upgrades over the limit: ${r.connectViolations}; stragglers: ${r.stragglers}`,
);
console.log(
  `  requests per new socket: ${[...new Set(r.requestsPerSocket)].join(", ")}; ` +
    `message-limit violations: ${r.messageViolations}`,
);
console.log(drawHistogram(r.reconnect, bucket));
if (r.stragglers > 0 || r.messageViolations > 0) process.exitCode = 1;
