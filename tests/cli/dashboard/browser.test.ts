// @workerd-skip-bundle: drives a real Chromium (a child process over CDP), which a Worker cannot start
/**
 * The dashboard in a real browser: `upbit-ws dashboard --emulator` runs in this process, Debian's
 * Chromium (headless, driven by playwright-core over CDP) opens the URL it prints, and the test
 * waits until the ticker table, the order-book ladder and at least three candles show live data;
 * checks that a price in the page equals the emulator's; places an order through the emulator's
 * control API and sees it in the open orders; checks the page's JS heap stays flat over a few
 * seconds of a running market; kills the feed and sees the page say it is reconnecting; stops
 * the dashboard and sees the page say its server is unreachable; and saves a screenshot
 * (`DASHBOARD_SCREENSHOT=docs/dashboard.png` to refresh the README's).
 *
 * Runs on Node 22 only: the test drives a browser, not a runtime, and the server it starts is
 * the one tests/cli/dashboard/server.test.ts covers on Node, Deno and Bun (workerd runs the pure
 * parts in tests/cli/dashboard/units.test.ts). Running it once keeps the suite's time down; Deno and
 * Bun could drive Chromium too but would test the same page again.
 *
 * Without a browser (`/usr/bin/chromium`, or `CHROMIUM_PATH`) it says loudly that it did not run,
 * and fails when `CI=true` (`.ci/run` installs Debian's chromium).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { run } from "../../../cli/run.ts";
import type { Io, Signal } from "../../../cli/runtime.ts";
import { formatPrice } from "../../../cli/dashboard/page/format.js";

const CHROMIUM = process.env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";
const FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

const isNode22 = typeof process.versions.node === "string" &&
  process.versions.node.startsWith("22.") &&
  !("Deno" in globalThis) && !("Bun" in globalThis);
const skip = isNode22
  ? false
  : "runs on Node 22 only (it drives Chromium; the server it starts is tested on every runtime in dashboard_server.test.ts)";

/** An Io that records stdout and lets the test send the SIGINT that stops the command. */
function capturingIo(): Io & { out: string; interrupt(): void } {
  let handler: ((s: Signal) => void) | undefined;
  const io = {
    out: "",
    args: [],
    env: () => undefined,
    isTty: false,
    columns: () => 80,
    write(text: string) {
      io.out += text;
      return Promise.resolve();
    },
    error(text: string) {
      process.stderr.write(text);
    },
    onSignal(h: (s: Signal) => void) {
      handler = h;
      return () => (handler = undefined);
    },
    readText: () => Promise.reject(new Error("no files")),
    createFile: () => Promise.reject(new Error("no files")),
    exit: () => Promise.reject(new Error("no exit")),
    interrupt: () => handler?.("SIGINT"),
  };
  return io;
}

/** Polls `check` every 100 ms until it holds, or fails naming `what`. */
async function until(check: () => Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function post(url: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json() as Record<string, unknown>;
  assert.equal(res.status, 200, JSON.stringify(json));
  return json;
}

describe("dashboard in headless Chromium", { skip }, () => {
  it("shows the live market, the emulator's price, a placed order, and a dead feed as such", async (t) => {
    if (!existsSync(CHROMIUM)) {
      const say = `\n!!! dashboard browser test DID NOT RUN: no Chromium at ${CHROMIUM} ` +
        "(apt-get install chromium, or set CHROMIUM_PATH) !!!\n";
      process.stderr.write(say);
      if (process.env["CI"] === "true") assert.fail(say.trim());
      t.skip(say.trim());
      return;
    }
    const { chromium } = await import("playwright-core");
    const io = capturingIo();
    const running = run(["dashboard", "KRW-BTC", "KRW-ETH", "--emulator"], io);
    const profile = await mkdtemp(join(tmpdir(), "upbit-ws-chromium-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1400, height: 1000 },
    });
    const errors: string[] = [];
    try {
      const deadline = Date.now() + 10_000;
      while (!io.out.includes("Ctrl-C") && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const url = /^upbit-ws dashboard: (\S+)$/m.exec(io.out)?.[1];
      const control = /control API (\S+)\/__emulator\/ \(account (\S+)\)/.exec(io.out);
      assert.ok(url && control, io.out);
      const api = `${control[1]}/__emulator`;
      const accessKey = control[2]!;

      const page = context.pages()[0] ?? await context.newPage();
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.goto(url);

      // Live data: both ticker rows priced, a ladder, at least three 1 s candles.
      for (const code of ["KRW-BTC", "KRW-ETH"]) {
        await page.waitForSelector(
          `#tickers tr[data-code="${code}"] td.price[data-value]:not([data-value=""])`,
          { timeout: 10_000 },
        );
      }
      // Polled from here: the page's CSP forbids the eval that string conditions would need.
      await until(async () => await page.locator("#book tbody tr").count() >= 20, 10_000, "ladder");
      await until(
        async () => Number(await page.getAttribute("#chart", "data-candles")) >= 3,
        15_000,
        "three candles",
      );
      assert.equal(await page.getAttribute("#feed", "data-state"), "live");
      assert.ok(await page.locator("#chart canvas").count() > 0, "the chart drew on canvas");
      assert.ok(await page.locator('#chart a[href*="tradingview.com"]').count() > 0, "attribution");

      // A price in the page equals the emulator's: stop the market, trade at a known price.
      await post(`${api}/market/stop`, {});
      const trade = await post(`${api}/market/trade`, { code: "KRW-BTC", side: "BID" });
      const price = trade["price"] as number;
      await page.waitForSelector(
        `#tickers tr[data-code="KRW-BTC"] td.price[data-value="${price}"]`,
        { timeout: 5000 },
      );
      assert.equal(
        await page.textContent('#tickers tr[data-code="KRW-BTC"] td.price'),
        formatPrice(price),
      );
      await post(`${api}/market/start`, {});

      // An order placed through the emulator appears among the open orders.
      const order = await post(`${api}/orders`, {
        accessKey,
        market: "KRW-BTC",
        side: "bid",
        price: Math.floor((price * 0.9) / 1000) * 1000,
        volume: 0.001,
      });
      await page.waitForSelector(`#orders tr[data-uuid="${order["uuid"]}"]`, { timeout: 5000 });
      assert.match(
        await page.textContent(`#orders tr[data-uuid="${order["uuid"]}"]`) ?? "",
        /KRW-BTC\s*buy\s*limit\s*wait/,
      );

      // The JS heap stays flat while the market runs (the long run is bench/dashboard_memory.ts).
      const cdp = await context.newCDPSession(page);
      await cdp.send("Performance.enable");
      const heap = async () => {
        await cdp.send("HeapProfiler.collectGarbage");
        const { metrics } = await cdp.send("Performance.getMetrics");
        return metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? NaN;
      };
      const before = await heap();
      await page.waitForTimeout(4000);
      const after = await heap();
      t.diagnostic(
        `JS heap ${(before / 1e6).toFixed(2)} MB → ${(after / 1e6).toFixed(2)} MB over 4 s`,
      );
      assert.ok(after - before < 2e6, `heap grew ${after - before} bytes in 4 s`);

      const shot = process.env["DASHBOARD_SCREENSHOT"] ?? join(profile, "dashboard.png");
      await page.screenshot({ path: shot, fullPage: true });
      assert.ok((await stat(shot)).size > 20_000, "a screenshot with content");

      // Kill the feed: refuse reconnects and drop the socket. The page must say so.
      await post(`${api}/fault`, { fault: { kind: "refuseUpgrades", count: 1000, status: 429 } });
      await post(`${api}/fault`, { fault: { kind: "drop" } });
      await page.waitForSelector('#feed[data-state="reconnecting"]', { timeout: 5000 });
      assert.match(
        await page.textContent("#banner") ?? "",
        /reconnecting: what you see is not live/,
      );
      assert.equal(await page.isVisible("#banner"), true);
      await page.screenshot({ path: join(profile, "reconnecting.png") });

      // Stop the dashboard itself: the page says its server is gone.
      io.interrupt();
      assert.equal(await running, 130);
      await page.waitForSelector('#feed[data-state="offline"]', { timeout: 5000 });
      assert.deepEqual(
        errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to load resource/.test(e)),
        [],
      );
    } finally {
      io.interrupt();
      await running.catch(() => {});
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
