/**
 * Checks `examples/`: type-checks them (`deno check`, and `tsc` with Node's types), then runs
 * each on its own runtime against an emulator started here (the Node driver) and asserts what
 * it prints:
 *
 * - `examples/node.ts` on Node 22, Node 26 and Bun,
 * - `examples/deno.ts` on Deno,
 * - `examples/bun_bot.ts` on Bun, with an emulator account: an order placed and filled on the
 *   emulator must reach the bot as wait → trade → done, and SIGTERM must stop it cleanly (exit 0),
 * - `examples/bun_signals.ts` on Bun: a listing announcement published on the emulator and an RSI
 *   oversold signal (candles closed on falling prices) must reach the bot; other categories must
 *   not; SIGTERM must stop it cleanly,
 * - `examples/worker.ts` bundled by esbuild (`--platform=browser --format=esm`) and run under
 *   Miniflare (`dispatchFetch`), and served over HTTP by `scripts/worker-dev.ts` (the README's
 *   way to run it locally);
 * - README.md's snippets, extracted (`scripts/_readme.ts`): every `ts` block type-checks in a
 *   strict Node project without the DOM library against the built package (`dist/`, built here
 *   if missing) and with `deno check`, and runs on Node 22 and Bun against the emulator; every
 *   `sh` command names a CLI invocation the CLI accepts, a file or script that exists;
 * - the NATS pair against a real nats-server (`scripts/nats-server.ts`) fed by the emulator:
 *   `examples/nats_relay.ts` on Node, `examples/nats_consumer.ts` on Deno and on Bun, and
 *   `examples/nats_worker.ts` under Miniflare, all reading the same relay. Without nats-server
 *   these checks FAIL under `CI=true` and are reported as skipped (loudly) otherwise.
 *
 * Run with Node 22: `node scripts/check-examples.ts`. Prints one line per check and
 * `N passed, N failed`; exits 1 on any failure.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../testing/mod.ts";
import {
  checkShell,
  extractSnippets,
  judgeRun,
  runSnippet,
  scratchProject,
  scriptNames,
} from "./_readme.ts";
import { findNatsServer, natsServerMissing, startNatsServer } from "./nats-server.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = {
  node22: `${root}node_modules/node22/bin/node`,
  node26: `${root}node_modules/node26/bin/node`,
  deno: `${root}node_modules/.bin/deno`,
  bun: `${root}node_modules/.bin/bun`,
  tsc: `${root}node_modules/.bin/tsc`,
  esbuild: `${root}node_modules/.bin/esbuild`,
};

interface Result {
  name: string;
  ok: boolean;
  ms: number;
  detail: string;
}

const results: Result[] = [];

async function check(name: string, fn: () => Promise<string | void>): Promise<void> {
  const started = performance.now();
  try {
    const note = await fn();
    const ms = performance.now() - started;
    results.push({ name, ok: true, ms, detail: note ?? "" });
    console.log(`ok    ${name} (${(ms / 1000).toFixed(2)} s)${note ? ` — ${note}` : ""}`);
  } catch (e) {
    const ms = performance.now() - started;
    const detail = e instanceof Error ? e.message : String(e);
    results.push({ name, ok: false, ms, detail });
    console.log(
      `FAIL  ${name} (${(ms / 1000).toFixed(2)} s)\n      ${detail.replaceAll("\n", "\n      ")}`,
    );
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface Child {
  /** Resolves with the exit code (or the signal name) once the process ended. */
  exited: Promise<number | string>;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches, rejects if the process ends first or on timeout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  kill(signal: NodeJS.Signals): void;
}

const BASE_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] =>
    e[1] !== undefined && !e[0].startsWith("UPBIT_")
  ),
);

function start(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Child {
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...BASE_ENV, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters = new Set<() => void>();
  child.stdout.setEncoding("utf8").on("data", (d: string) => {
    out += d;
    for (const w of waiters) w();
  });
  child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const exited = new Promise<number | string>((resolve) => {
    child.on("error", (e) => {
      err += String(e);
      resolve(-1);
    });
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      for (const w of waiters) w();
      resolve(code ?? signal ?? -1);
    });
  });
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    exited,
    stdout: () => out,
    stderr: () => err,
    kill: (signal) => child.kill(signal),
    waitFor(pattern, waitMs = 20_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(test);
          reject(new Error(`no ${pattern} within ${waitMs} ms; stdout:\n${out}\nstderr:\n${err}`));
        }, waitMs);
        const test = () => {
          const m = out.match(pattern);
          if (m) {
            clearTimeout(timer);
            waiters.delete(test);
            resolve(m);
          } else if (ended) {
            clearTimeout(timer);
            waiters.delete(test);
            reject(new Error(`ended before ${pattern}; stdout:\n${out}\nstderr:\n${err}`));
          }
        };
        waiters.add(test);
        test();
      });
    },
  };
}

async function runToEnd(
  cmd: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs?: number,
) {
  const child = start(cmd, args, env, timeoutMs);
  const code = await child.exited;
  return { code, stdout: child.stdout(), stderr: child.stderr() };
}

function failWith(
  what: string,
  r: { code: number | string; stdout: string; stderr: string },
): never {
  throw new Error(`${what} (exit ${r.code})\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
}

const accessKey = "example-access-key";
const secretKey = `example-secret-${crypto.randomUUID()}`;
const emu = await startEmulator({
  accounts: [{ accessKey, secretKey, balances: { KRW: 50_000_000 } }],
  // The README's snippets start as eight processes at once on one IP and one key: over Upbit's
  // 5 upgrades per second, which the emulator would refuse with 429 — and a refused client
  // rightly waits out a rate-limit backoff (seconds), longer than a snippet may run. Counted,
  // not refused: these checks are about the snippets, not the connect limit.
  rateLimits: { onConnectLimit: "count" },
});
const endpoints = { UPBIT_WS_URL: emu.url, UPBIT_WS_PRIVATE_URL: emu.privateUrl };

try {
  await readmeChecks();

  await check("deno check examples/*.ts", async () => {
    const files = [
      "deno.ts",
      "bun_bot.ts",
      "bun_signals.ts",
      "node.ts",
      "worker.ts",
      "nats_relay.ts",
      "nats_consumer.ts",
      "nats_worker.ts",
    ].map((f) => `examples/${f}`);
    const r = await runToEnd(bin.deno, ["check", ...files]);
    if (r.code !== 0) failWith("deno check failed", r);
  });

  await check("tsc examples/*.ts (Node types)", async () => {
    const dir = `${root}node_modules/.cache/upbit-ws-check-examples`;
    await mkdir(dir, { recursive: true });
    await writeFile(
      `${dir}/tsconfig.json`,
      JSON.stringify({
        extends: `${root}tsconfig.node.json`,
        compilerOptions: { noEmit: true },
        include: [`${root}examples/*.ts`],
      }),
    );
    const r = await runToEnd(bin.tsc, ["-p", `${dir}/tsconfig.json`]);
    if (r.code !== 0) failWith("tsc failed", r);
  });

  const nodeExample = async (runtime: string, cmd: string) => {
    const r = await runToEnd(cmd, ["examples/node.ts"], { ...endpoints, EXAMPLE_EVENTS: "6" });
    if (r.code !== 0) failWith(`${runtime} examples/node.ts failed`, r);
    const lines = r.stdout.trim().split("\n");
    const tickers = lines.filter((l) =>
      /^ticker KRW-(BTC|ETH) \d+(\.\d+)? -?\d+\.\d\d% (SNAPSHOT|REALTIME)$/.test(l)
    );
    assert(tickers.length === 6, `expected 6 ticker lines, got ${tickers.length}:\n${r.stdout}`);
    const snaps = tickers.filter((l) => l.endsWith("SNAPSHOT")).map((l) => l.split(" ")[1]).sort();
    assert(
      snaps.join() === "KRW-BTC,KRW-ETH",
      `expected one snapshot per code first:\n${r.stdout}`,
    );
    const book = r.stdout.match(/^orderbook KRW-BTC bid (\d+) ask (\d+)$/m);
    assert(
      book && Number(book[1]) < Number(book[2]),
      `expected a book with bid < ask:\n${r.stdout}`,
    );
    assert(
      /^health healthy frames \d+ reconnects 0$/m.test(r.stdout),
      `expected health:\n${r.stdout}`,
    );
  };
  await check("node22 examples/node.ts", () => nodeExample("node22", bin.node22));
  await check("node26 examples/node.ts", () => nodeExample("node26", bin.node26));
  await check("bun examples/node.ts", () => nodeExample("bun", bin.bun));

  await check("deno examples/deno.ts", async () => {
    const r = await runToEnd(
      bin.deno,
      ["run", "--allow-net=127.0.0.1", "--allow-env", "examples/deno.ts", "KRW-BTC", "KRW-ETH"],
      { ...endpoints, EXAMPLE_SECONDS: "2" },
    );
    if (r.code !== 0) failWith("deno examples/deno.ts failed", r);
    const trades = r.stdout.match(/^trade KRW-(BTC|ETH) (ASK|BID) [\d.]+ x [\d.]+$/gm) ?? [];
    assert(trades.length > 0, `expected trades:\n${r.stdout}`);
    for (const code of ["KRW-BTC", "KRW-ETH"]) {
      const m = r.stdout.match(
        new RegExp(`^vwap ${code} ([\\d.]+|n/a) over (\\d+) trades in 2s$`, "m"),
      );
      assert(m, `expected a vwap line for ${code}:\n${r.stdout}`);
    }
    const counted = [...r.stdout.matchAll(/over (\d+) trades/g)].reduce(
      (n, m) => n + Number(m[1]),
      0,
    );
    assert(counted === trades.length, `vwap counts ${counted} != ${trades.length} trade lines`);
    return `${trades.length} trades in 2 s`;
  });

  await check("bun examples/bun_bot.ts (orders, SIGTERM)", async () => {
    const bot = start(bin.bun, ["examples/bun_bot.ts", "KRW-BTC", "KRW-ETH"], {
      ...endpoints,
      UPBIT_ACCESS_KEY: accessKey,
      UPBIT_SECRET_KEY: secretKey,
    });
    try {
      await bot.waitFor(/^ready KRW-BTC,KRW-ETH$/m);
      // A brief drop is not the end: the bot logs it and rides through the reconnect.
      emu.fault({ kind: "drop" });
      const logged = Date.now() + 5000;
      while (!/^order stream: \w+ \(the client reconnects\)$/m.test(bot.stderr())) {
        assert(Date.now() < logged, `the bot did not log the drop; stderr:\n${bot.stderr()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // Upbit sends no acknowledgement: wait until the emulator applied the myOrder request.
      const deadline = Date.now() + 5000;
      while (
        !emu.connections().some((c) =>
          c.open && c.endpoint === "private" && c.subscriptions.some((s) => s.type === "myOrder")
        )
      ) {
        assert(Date.now() < deadline, "the bot never subscribed to myOrder again");
        await new Promise((r) => setTimeout(r, 20));
      }
      const order = emu.accounts.placeOrder(accessKey, {
        market: "KRW-BTC",
        side: "bid",
        price: 100_000_000,
        volume: 0.01,
      });
      emu.accounts.fillOrder(order.uuid, { volume: 0.004 });
      emu.accounts.fillOrder(order.uuid);
      await bot.waitFor(new RegExp(`^order ${order.uuid} done BID KRW-BTC`, "m"));
      const states = [...bot.stdout().matchAll(new RegExp(`^order ${order.uuid} (\\w+)`, "gm"))]
        .map((m) => m[1]);
      assert(
        states.join(",") === "wait,trade,trade,done",
        `expected wait,trade,trade,done, got ${states.join(",")}`,
      );
      bot.kill("SIGTERM");
      const code = await bot.exited;
      assert(code === 0, `expected exit 0 after SIGTERM, got ${code}\n${bot.stderr()}`);
      assert(/^stopping \(SIGTERM\)$/m.test(bot.stdout()), "no 'stopping (SIGTERM)' line");
      assert(
        /^stopped after \d+ frames, [1-9]\d* reconnects$/m.test(bot.stdout()),
        "no 'stopped' line",
      );
      return `a drop ridden through; order ${
        order.uuid.slice(0, 8)
      }… wait→trade→trade→done, clean SIGTERM`;
    } finally {
      bot.kill("SIGKILL");
      await bot.exited;
    }
  });

  await check("bun examples/bun_signals.ts (RSI signal, listing, SIGTERM)", async () => {
    const bot = start(bin.bun, ["examples/bun_signals.ts", "KRW-BTC"], {
      UPBIT_WS_URL: emu.url, // the bot's /info endpoint derives from it
      UPBIT_ACCESS_KEY: accessKey,
      UPBIT_SECRET_KEY: secretKey,
    });
    try {
      await bot.waitFor(/^watching KRW-BTC$/m);
      const deadline = Date.now() + 5000;
      while (
        !(emu.connections().some((c) =>
          c.open && c.endpoint === "info" && c.subscriptions.length > 0
        ) &&
          emu.connections().some((c) =>
            c.open && c.endpoint === "private" &&
            c.subscriptions.some((s) => s.type === "announcement")
          ))
      ) {
        assert(Date.now() < deadline, "the bot never subscribed to /info and announcements");
        await new Promise((r) => setTimeout(r, 20));
      }
      emu.announce({ title: "점검 안내", category: "maintenance" });
      emu.announce({ title: "[거래] KRW 마켓 신규 거래지원", category: "trade" });
      await bot.waitFor(/^listing CREATED \[거래\] KRW 마켓 신규 거래지원 https:/m);
      assert(!/점검/.test(bot.stdout()), "a maintenance notice reached a trade-only subscriber");
      // Up first (out of oversold, whatever the README checks left), then down into it.
      let price = emu.market.lastPrice("KRW-BTC");
      for (let i = 0; i < 24 && !/^rsi oversold/m.test(bot.stdout()); i++) {
        price = Math.round(price * (i < 8 ? 1.05 : 0.95));
        emu.indicators.closeCandle("5m", { prices: { "KRW-BTC": price } });
        await new Promise((r) => setTimeout(r, 50));
      }
      await bot.waitFor(/^rsi oversold KRW-BTC \d+\.\d\d \S+ buy\?$/m);
      bot.kill("SIGTERM");
      const code = await bot.exited;
      assert(code === 0, `expected exit 0 after SIGTERM, got ${code}\n${bot.stderr()}`);
      assert(/^stopped$/m.test(bot.stdout()), "no 'stopped' line");
      return "listing and RSI oversold delivered, maintenance filtered out, clean SIGTERM";
    } finally {
      bot.kill("SIGKILL");
      await bot.exited;
    }
  });

  await check("workerd examples/worker.ts (esbuild + Miniflare)", async () => {
    const bundle = await runToEnd(bin.esbuild, [
      "examples/worker.ts",
      "--bundle",
      "--platform=browser",
      "--format=esm",
      "--log-level=warning",
    ]);
    if (bundle.code !== 0) failWith("esbuild failed", bundle);
    const { Miniflare } = await import("miniflare");
    const mf = new Miniflare({
      modules: true,
      script: bundle.stdout,
      compatibilityDate: "2025-09-01",
      bindings: { UPBIT_WS_URL: emu.url },
    });
    try {
      const res = await mf.dispatchFetch("http://worker.test/?codes=KRW-BTC,KRW-ETH");
      const text = await res.text();
      assert(res.status === 200, `expected 200, got ${res.status}: ${text}`);
      const body = JSON.parse(text) as { code: string; price: number; changeRate: number }[];
      assert(
        body.length === 2 && body[0]?.code === "KRW-BTC" && body[1]?.code === "KRW-ETH",
        `expected KRW-BTC then KRW-ETH: ${text}`,
      );
      assert(
        body.every((t) => t.price > 0 && Number.isFinite(t.changeRate)),
        `bad prices: ${text}`,
      );
      const bad = await mf.dispatchFetch("http://worker.test/?codes=btc");
      const badText = await bad.text();
      assert(
        bad.status === 400 && /KRW-BTC/.test(badText),
        `expected 400 for a bad code: ${badText}`,
      );
      return `${bundle.stdout.length} byte bundle`;
    } finally {
      await mf.dispose();
    }
  });
  if (findNatsServer() === undefined) {
    const message = natsServerMissing("the NATS examples (relay, Deno, Bun and Worker consumers)");
    if (process.env["CI"] === "true") {
      await check("NATS examples need nats-server", () => Promise.reject(new Error(message)));
    } else console.log(`\n⚠⚠⚠ skip  ${message}\n`);
  } else {
    const nats = await startNatsServer();
    const relay = start(bin.node22, ["examples/nats_relay.ts", "KRW-BTC", "KRW-ETH"], {
      ...endpoints,
      NATS_URL: nats.natsUrl,
    });
    try {
      await check("node22 examples/nats_relay.ts (relay into a real nats-server)", async () => {
        await relay.waitFor(/^ready active$/m);
      });
      const consumer = async (runtime: string, cmd: string[]) => {
        const r = await runToEnd(
          cmd[0]!,
          [...cmd.slice(1), "examples/nats_consumer.ts", "KRW-BTC"],
          {
            NATS_WS_URL: nats.url,
            EXAMPLE_EVENTS: "3",
          },
        );
        if (r.code !== 0) failWith(`${runtime} examples/nats_consumer.ts failed`, r);
        const tickers = r.stdout.match(/^ticker KRW-BTC \d+(\.\d+)? (SNAPSHOT|REALTIME)$/gm) ?? [];
        assert(tickers.length === 3, `expected 3 ticker lines:\n${r.stdout}`);
        assert(tickers[0]!.endsWith("SNAPSHOT"), `expected the stored newest first:\n${r.stdout}`);
        const book = r.stdout.match(/^orderbook KRW-BTC bid (\d+) ask (\d+)$/m);
        assert(book && Number(book[1]) < Number(book[2]), `expected a book:\n${r.stdout}`);
        assert(/^health healthy ingest answered$/m.test(r.stdout), `expected health:\n${r.stdout}`);
        return tickers.map((l) => l.split(" ")[3]).join(",");
      };
      await check(
        "deno examples/nats_consumer.ts (from the relay)",
        () => consumer("deno", [bin.deno, "run", "--allow-net=127.0.0.1", "--allow-env"]),
      );
      await check(
        "bun examples/nats_consumer.ts (from the relay)",
        () => consumer("bun", [bin.bun]),
      );
      await check("workerd examples/nats_worker.ts (esbuild + Miniflare)", async () => {
        const bundle = await runToEnd(bin.esbuild, [
          "examples/nats_worker.ts",
          "--bundle",
          "--platform=browser",
          "--format=esm",
          "--log-level=warning",
        ]);
        if (bundle.code !== 0) failWith("esbuild failed", bundle);
        const { Miniflare } = await import("miniflare");
        const mf = new Miniflare({
          modules: true,
          script: bundle.stdout,
          compatibilityDate: "2025-09-01",
          bindings: { NATS_WS_URL: nats.url },
        });
        try {
          const res = await mf.dispatchFetch("http://worker.test/?codes=KRW-BTC,KRW-ETH");
          const text = await res.text();
          assert(res.status === 200, `expected 200, got ${res.status}: ${text}`);
          const body = JSON.parse(text) as {
            code: string;
            price: number;
            bid: number;
            ask: number;
          }[];
          assert(
            body.length === 2 && body[0]?.code === "KRW-BTC" && body[1]?.code === "KRW-ETH",
            `expected KRW-BTC then KRW-ETH: ${text}`,
          );
          assert(body.every((t) => t.price > 0 && t.bid < t.ask), `bad values: ${text}`);
          return `${bundle.stdout.length} byte bundle, no nodejs_compat`;
        } finally {
          await mf.dispose();
        }
      });
      await check("node22 examples/nats_relay.ts stops on SIGTERM", async () => {
        relay.kill("SIGTERM");
        const code = await relay.exited;
        assert(code === 0, `expected exit 0, got ${code}\n${relay.stderr()}`);
        assert(/^stopped \(SIGTERM\) after \d+ events$/m.test(relay.stdout()), relay.stdout());
      });
    } finally {
      relay.kill("SIGKILL");
      await relay.exited;
      await nats.stop();
    }
  }
} finally {
  await emu.close();
}

async function readmeChecks(): Promise<void> {
  const snippets = extractSnippets(await readFile(`${root}README.md`, "utf8"));
  const scripts = await scriptNames(root);
  await check(`README: ${snippets.filter((s) => s.lang === "sh").length} sh blocks`, () => {
    const problems = snippets.filter((s) => s.lang === "sh").flatMap((s) =>
      checkShell(s.code, root, scripts).map((p) => `README.md:${s.line}: ${p}`)
    );
    assert(problems.length === 0, problems.join("\n"));
    return Promise.resolve();
  });
  if (!existsSync(`${root}dist/mod.d.ts`)) {
    const b = await runToEnd(bin.node22, ["scripts/build.ts"]);
    if (b.code !== 0) failWith("the build for the README check failed", b);
  }
  const scratch = await scratchProject(root, snippets);
  try {
    await check(
      `README: ${scratch.files.length} ts blocks, tsc (Node types, no DOM lib)`,
      async () => {
        const r = await runToEnd(bin.node22, [
          `${root}node_modules/typescript/bin/tsc`,
          "-p",
          `${scratch.dir}/tsconfig.json`,
        ]);
        if (r.code !== 0) failWith("tsc refused a README snippet", r);
      },
    );
    await check(`README: ${scratch.files.length} ts blocks, deno check`, async () => {
      const r = await runToEnd(bin.deno, [
        "check",
        "--quiet",
        ...scratch.files.map((f) => `${scratch.dir}/deno_${f.file}`),
      ]);
      if (r.code !== 0) failWith("deno check refused a README snippet", r);
    });
    // Snippets of upbit-ws/nats need a real nats-server (ws://127.0.0.1:8080 in the README is
    // redirected to it by the preload).
    const natsServer = findNatsServer() === undefined ? undefined : await startNatsServer();
    const env = {
      README_WS_URL: emu.url,
      README_WS_PRIVATE_URL: emu.privateUrl,
      README_WS_INFO_URL: emu.infoUrl,
      UPBIT_ACCESS_KEY: accessKey,
      UPBIT_SECRET_KEY: secretKey,
      ...(natsServer ? { README_NATS_WS_URL: natsServer.url } : {}),
    };
    const needsNats = (code: string) => code.includes('"upbit-ws/nats"');
    if (natsServer === undefined && scratch.files.some((f) => needsNats(f.snippet.code))) {
      const message = natsServerMissing("the README's upbit-ws/nats snippets");
      if (process.env["CI"] === "true") {
        await check(
          "README: upbit-ws/nats snippets need nats-server",
          () => Promise.reject(new Error(message)),
        );
      } else console.log(`\n⚠⚠⚠ skip  ${message}\n`);
    }
    // Private snippets print only when an order changes: keep placing (and cancelling) orders.
    const orders = setInterval(() => {
      const o = emu.accounts.placeOrder(accessKey, {
        market: "KRW-BTC",
        side: "bid",
        price: 1_000_000,
        volume: 0.001,
      });
      if (emu.accounts.order(o.uuid)?.state === "wait") emu.accounts.cancelOrder(o.uuid);
    }, 300);
    // Announcement and indicator snippets print only when a notice is published or a candle
    // closes: publish listings, and close 5-minute candles on a price that falls six times by 5%,
    // then rises six times (RSI(14) crosses into oversold once per cycle).
    let step = 0;
    let price = emu.market.lastPrice("KRW-BTC");
    const streams = setInterval(() => {
      if (step % 5 === 0) emu.announce({ title: "[거래] 신규 거래지원 안내", category: "trade" });
      price = Math.round(price * (step % 12 < 6 ? 0.95 : 1.05));
      emu.indicators.closeCandle("5m", { prices: { "KRW-BTC": price } });
      step++;
    }, 150);
    try {
      for (
        const [runtime, cmd, pre] of [
          ["node22", bin.node22, ["--import", "./preload.mjs"]],
          ["bun", bin.bun, ["--preload", "./preload.mjs"]],
        ] as const
      ) {
        await check(`README: ${scratch.files.length} ts blocks run on ${runtime}`, async () => {
          // The upbit-ws/nats snippets (a relay and a consumer, together) run as a second batch,
          // so the machine is not asked to start every snippet at once.
          const plain = scratch.files.filter((f) => !needsNats(f.snippet.code));
          const nats = natsServer === undefined
            ? []
            : scratch.files.filter((f) => needsNats(f.snippet.code));
          const runBatch = (batch: typeof plain) =>
            Promise.all(batch.map(async (f) => {
              const r = await runSnippet(cmd, [...pre, f.file], scratch.dir, env, 6000);
              const problem = judgeRun(r);
              return problem === undefined
                ? undefined
                : `README.md:${f.snippet.line}: ${problem}\nstdout: ${r.stdout.slice(0, 400)}`;
            }));
          const runs = [...await runBatch(plain), ...await runBatch(nats)];
          const problems = runs.filter((p) => p !== undefined);
          assert(problems.length === 0, problems.join("\n"));
        });
      }
    } finally {
      clearInterval(orders);
      clearInterval(streams);
      await natsServer?.stop();
    }
  } finally {
    await scratch.close();
  }
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
