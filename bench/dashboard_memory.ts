/**
 * Memory of a dashboard tab left open: `upbit-ws dashboard` on an emulator whose clock runs
 * `--speed` times faster than real time (so candles of every interval roll over as they would in
 * `speed` × the run's length, and the candle history reaches its bound), opened in headless
 * Chromium; every `--sample` seconds the page's JS heap after a forced collection
 * (`HeapProfiler.collectGarbage`, then CDP `Performance.getMetrics` `JSHeapUsedSize`), its DOM
 * nodes and event listeners, and the server process's heap (after `gc()`) are recorded. An order
 * is placed and cancelled every 10 s so the private panels change too. The floor is a blank tab's
 * heap in the same browser, measured in the same run.
 *
 *   node_modules/node22/bin/node --expose-gc bench/dashboard_memory.ts [--minutes 10] [--speed 60]
 *     [--sample 30] [--history 1000] [--codes KRW-BTC,KRW-ETH]
 *
 * Prints a Markdown table and the growth over the second half of the run (after the history
 * filled); exits 1 if the page's heap grew by more than 2 MB over that half.
 *
 * @module
 */
import process from "node:process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { UpbitClient } from "../mod.ts";
import { startEmulator } from "../testing/server/server.ts";
import type { Clock } from "../testing/clock.ts";
import { startDashboard } from "../cli/dashboard/start.ts";
import { findGc } from "../tests/_helpers/gc.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const MINUTES = Number(arg("minutes", "10"));
const SPEED = Number(arg("speed", "60"));
const SAMPLE_S = Number(arg("sample", "30"));
const HISTORY = Number(arg("history", "1000"));
const CODES = arg("codes", "KRW-BTC,KRW-ETH").split(",");
const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const MB = 1e6;

/** The system clock, `speed` times faster from now on. */
function fastClock(speed: number): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * speed,
    setTimeout: (fn, ms) => setTimeout(fn, ms / speed),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
}

const gc = await findGc();
const emu = await startEmulator({
  clock: fastClock(SPEED),
  // A trade every 10 real ms per busy code, candles reported four times a real second, and an
  // idle timeout that stays 2 real minutes (all given in emulated time).
  market: { tickMs: SPEED * 10, candleIntervalMs: Math.max(1000, SPEED * 250) },
  idleTimeoutMs: 120_000 * SPEED,
  accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 1e9 } }],
});
const client = new UpbitClient({
  url: emu.url,
  privateUrl: emu.privateUrl,
  accessKey: "ak",
  secretKey: "sk",
});
const dash = await startDashboard({ client, codes: CODES, private: true, historyLimit: HISTORY });
const profile = await mkdtemp(join(tmpdir(), "upbit-ws-bench-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
  viewport: { width: 1400, height: 1000 },
});

async function pageMetrics(page: import("playwright-core").Page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Performance.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  await cdp.detach();
  const m = (name: string) => metrics.find((x) => x.name === name)?.value ?? NaN;
  return { heap: m("JSHeapUsedSize"), nodes: m("Nodes"), listeners: m("JSEventListeners") };
}

const rows: {
  s: number;
  heap: number;
  nodes: number;
  listeners: number;
  server: number;
  candles: number;
}[] = [];
let orders = 0;
try {
  const blank = context.pages()[0] ?? await context.newPage();
  await blank.goto("about:blank");
  const floor = await pageMetrics(blank);
  const page = await context.newPage();
  await page.goto(dash.url);
  await page.waitForSelector("#tickers td.price[data-value]:not([data-value=''])");
  const orderTimer = setInterval(() => {
    const price = Math.floor(emu.market.lastPrice(CODES[0]!) * 0.9 / 1000) * 1000;
    const o = emu.accounts.placeOrder("ak", {
      market: CODES[0]!,
      side: "bid",
      price,
      volume: 0.001,
    });
    orders++;
    setTimeout(() => emu.accounts.cancelOrder(o.uuid), 5000);
  }, 10_000);
  const started = Date.now();
  const end = started + MINUTES * 60_000;
  for (;;) {
    const m = await pageMetrics(page);
    gc?.();
    const candles = Number(await page.getAttribute("#chart", "data-candles"));
    const row = {
      s: Math.round((Date.now() - started) / 1000),
      ...m,
      server: process.memoryUsage().heapUsed,
      candles,
    };
    rows.push(row);
    console.error(
      `${row.s} s: page heap ${(row.heap / MB).toFixed(2)} MB, ${row.nodes} nodes, ` +
        `${row.listeners} listeners, server heap ${(row.server / MB).toFixed(1)} MB, ` +
        `${candles} candles shown`,
    );
    if (Date.now() + SAMPLE_S * 1000 > end + 1000) break;
    await new Promise((r) => setTimeout(r, SAMPLE_S * 1000));
  }
  clearInterval(orderTimer);
  const emulatedHours = (MINUTES * SPEED) / 60;
  console.log(
    `\n### Dashboard tab memory: ${MINUTES} min at ${SPEED}× (${
      emulatedHours.toFixed(1)
    } emulated hours), history ${HISTORY} candles per series, ${CODES.join(", ")}\n`,
  );
  console.log(
    `Chromium ${
      context.browser()?.version() ?? "(persistent context)"
    }, Node ${process.version}; ` +
      `${dash.model.events.toLocaleString("en-US")} events in, ` +
      `${
        dash.broadcaster.sent.toLocaleString("en-US")
      } updates sent, ${orders} orders placed and cancelled. ` +
      `Floor (blank tab): ${(floor.heap / MB).toFixed(2)} MB JS heap, ${floor.nodes} nodes.\n`,
  );
  console.log(
    "| time (s) | page JS heap (MB) | DOM nodes | listeners | server heap (MB) | candles shown |",
  );
  console.log("| --: | --: | --: | --: | --: | --: |");
  for (const r of rows) {
    console.log(
      `| ${r.s} | ${(r.heap / MB).toFixed(2)} | ${r.nodes} | ${r.listeners} | ${
        (r.server / MB).toFixed(1)
      } | ${r.candles} |`,
    );
  }
  const half = rows.slice(Math.floor(rows.length / 2));
  const first = half[0]!;
  const last = half[half.length - 1]!;
  const growth = last.heap - first.heap;
  const serverGrowth = last.server - first.server;
  console.log(
    `\nSecond half (${first.s}–${last.s} s): page heap ${growth >= 0 ? "+" : ""}${
      (growth / MB).toFixed(2)
    } MB, server heap ${serverGrowth >= 0 ? "+" : ""}${(serverGrowth / MB).toFixed(1)} MB.`,
  );
  if (gc === undefined) {
    console.log("(server heap without a forced collection: run with --expose-gc)");
  }
  process.exitCode = growth > 2 * MB ? 1 : 0;
} finally {
  await context.close();
  await rm(profile, { recursive: true, force: true });
  await dash.close();
  await client.close();
  await emu.close();
}
