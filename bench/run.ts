/**
 * The benchmark suite: one command, a Markdown report on stdout (progress on stderr).
 *
 *   npm run bench                        # everything, about 6 minutes on 2 cores
 *   node_modules/node22/bin/node bench/run.ts --only throughput --runtimes node22,bun --frames 100000
 *
 * Sections (`--only a,b`):
 * - `throughput`: a sender process (`bench/_sender.ts`, Node 22, `ws`) floods ticker + trade +
 *   30-level orderbook frames for 5 codes as fast as the socket drains; a receiver process on
 *   the runtime under test (`bench/_receiver.ts`) counts them through the bare floor client,
 *   upbit-ws callbacks, upbit-ws `for await`, tardis-dev (DEFAULT), ccxt (Node only), and on Node
 *   the floor on the `ws` package and upbit-ws with the native `WebSocket` injected (which socket
 *   a Node user should get). `--against DIR` adds the upbit-ws cases of another checkout (a
 *   `git worktree` of the last release) to the same rounds. DEFAULT and SIMPLE (`--formats`).
 *   Each case runs `--rounds` times, interleaved; frames/s is the best round (the machine is
 *   shared, interference only slows a round down), CPU and peak RSS the median. The report ends
 *   with the same-run ratios: callbacks and `for await` over the floor (issue 12's targets: ≥ 0.9×
 *   and ≥ 0.8×), over tardis-dev and over ccxt, per checkout.
 *
 * Runtimes: Node 22, Node 26, Deno, Bun. workerd (Miniflare) is not covered: a Worker runs inside
 * workerd's process and its clock stands still during a request, so there is no per-receiver
 * frames/s or CPU time to read (BENCHMARKS.md, "Compression").
 * - `latency`: the same, paced at `--rate` frames/s (default 10,000), each frame stamped with
 *   its message index: p50/p99/max from the message's arrival (a listener added before the
 *   client's own) to the callback or loop body.
 * - `scale`: one connection, ticker + trade + orderbook for `--scale-codes` (default 290) KRW
 *   codes: time from the subscribe call to the last first snapshot, then CPU per 1,000 frames at
 *   `--rate` frames/s.
 * - `pipeline`: `bench/pipeline.bench.ts` on each runtime (the client's CPU per frame with a fake
 *   socket, no network: floor, decoder alone, callbacks, `for await`).
 * - `micro`: `bench/decode_matrix.bench.ts` on each runtime (decoder per type and format,
 *   valibot cost per frame).
 * - `bundle`: esbuild sizes of a public-only and a private-streams edge app (`bench/_bundle.ts`).
 *
 * Node runs an esbuild bundle of the receiver (JavaScript, like the npm package's `dist`); Deno
 * and Bun run the `.ts` sources.
 *
 * Options: `--frames N` (default 200000 per throughput case), `--rounds R` (5), `--runtimes`
 * (node22,node26,deno,bun), `--formats` (DEFAULT,SIMPLE), `--against DIR[,DIR]`, `--rate`,
 * `--scale-codes`, `--ms` (micro round length, 30),
 * `--profile DIR` (Node and Bun receivers write `--cpu-prof` files there), `--node-ts` (Node runs the
 * `.ts` receiver through type stripping).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { execFileSync } from "node:child_process";
import type { ReceiverConfig, ReceiverResult } from "./_receiver.ts";
import { type BenchType, TYPES } from "./_frames.ts";
import { type BundleSize, measureBundles } from "./_bundle.ts";
import * as esbuild from "esbuild";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const NODE22 = join(ROOT, "node_modules/node22/bin/node");
/**
 * Node runs the receiver as JavaScript, as an npm user runs the package's `dist/*.js`: type
 * stripping `.ts` at load costs Node 15–30 MiB of RSS that no user pays. Deno and Bun run the
 * `.ts` sources, as JSR users do. (`--node-ts` runs the `.ts` on Node too.)
 */
function nodeReceiver(tree: string): string {
  // Under node_modules so that the bundle's external imports (ws, ccxt, tardis-dev) resolve; one
  // file per checkout (node_modules may be shared between git worktrees).
  const tag = tree.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+/, "");
  return join(ROOT, `node_modules/.cache/upbit-ws-bench/receiver-${tag}.mjs`);
}

interface Runtime {
  id: string;
  label: string;
  cmd: string[];
  node: boolean;
}

const RUNTIMES: Runtime[] = [
  { id: "node22", label: "Node 22", cmd: [NODE22], node: true },
  { id: "node26", label: "Node 26", cmd: [join(ROOT, "node_modules/node26/bin/node")], node: true },
  {
    id: "deno",
    label: "Deno",
    cmd: [
      join(ROOT, "node_modules/.bin/deno"),
      "run",
      "--allow-net=127.0.0.1",
      "--allow-read",
      "--allow-env",
      // tardis-dev reads os.homedir() (its cache directory) when it loads.
      "--allow-sys=homedir",
    ],
    node: false,
  },
  { id: "bun", label: "Bun", cmd: [join(ROOT, "node_modules/.bin/bun")], node: false },
];

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const FRAMES = Number(arg("frames", "200000"));
const ROUNDS = Number(arg("rounds", "5"));
const RATE = Number(arg("rate", "10000"));
const SCALE_CODES = Number(arg("scale-codes", "290"));
const MICRO_MS = arg("ms", "30");
const PROFILE = arg("profile", "");
const NODE_TS = process.argv.includes("--node-ts");
const COMPRESSION_FRAMES = Number(arg("compression-frames", "40000"));
const COMPRESSION_ROUNDS = Number(arg("compression-rounds", "2"));
const ONLY = new Set(
  arg("only", "throughput,compression,latency,scale,pipeline,micro,bundle").split(","),
);
const WANTED = arg("runtimes", RUNTIMES.map((r) => r.id).join(",")).split(",");
const FORMATS = arg("formats", "DEFAULT,SIMPLE").split(",") as ("DEFAULT" | "SIMPLE")[];

/** A checkout of upbit-ws whose client the throughput section runs beside this one's. */
interface Tree {
  /** Absolute path of the checkout. */
  dir: string;
  /** Its short commit, as the report names it. */
  label: string;
}

/**
 * `--against DIR[,DIR]`: other checkouts (e.g. a `git worktree` of the last release) whose
 * upbit-ws callbacks and `for await` run in the same rounds as this checkout's, interleaved, so
 * that before/after ratios share the machine's load.
 */
const AGAINST: Tree[] = arg("against", "").split(",").filter((d) => d !== "").map((d) => {
  const dir = resolve(d);
  const commit = execFileSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"]).toString().trim();
  return { dir, label: commit };
});
const runtimes = RUNTIMES.filter((r) => WANTED.includes(r.id));

const CLIENT_LABEL: Record<ReceiverConfig["client"], string> = {
  floor: "floor (WebSocket + JSON.parse)",
  "floor-map": "floor + upbit-ws's mappers only",
  "floor-ws": "floor on `ws` (perMessageDeflate: false)",
  callback: "upbit-ws callbacks",
  "callback-native": "upbit-ws callbacks, native WebSocket injected",
  iterate: "upbit-ws for await",
  ccxt: "ccxt (ccxt.pro.upbit)",
  tardis: "tardis-dev 13.35.3 (stream)",
};

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Runs a command; resolves with its stdout. */
function run(cmd: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(stdout);
      else reject(new Error(`${cmd.join(" ")} exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

interface SenderOptions {
  codes: number;
  frames: number;
  rate: number;
  stamp: boolean;
  /** Accept permessage-deflate and send pre-compressed frames. */
  deflate?: boolean;
  /** The data types of the realtime cycle. */
  types?: BenchType[];
}

/** What the sender reports once its realtime frames are written. */
interface SenderReport {
  sent: number;
  ms: number;
  cpuMs: number;
  bytes: number;
  deflated: boolean;
}

/** Starts a sender, runs one receiver against it, stops the sender. */
async function runCase(
  runtime: Runtime,
  client: ReceiverConfig["client"],
  format: "DEFAULT" | "SIMPLE",
  sender: SenderOptions,
  latency: boolean,
  extra: Partial<ReceiverConfig> = {},
  tree: string = ROOT,
): Promise<ReceiverResult & { sender?: SenderReport }> {
  const child = spawn(NODE22, [join(ROOT, "bench/_sender.ts"), JSON.stringify(sender)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let buffer = "";
  try {
    const port = await new Promise<number>((resolvePort, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        buffer += d.toString();
        const line = buffer.split("\n")[0];
        if (buffer.includes("\n") && line) resolvePort((JSON.parse(line) as { port: number }).port);
      });
      child.on("error", reject);
      child.on("exit", () => reject(new Error("The sender exited before listening")));
    });
    const config: ReceiverConfig = {
      client,
      url: `ws://127.0.0.1:${port}/websocket/v1`,
      codes: sender.codes,
      format,
      frames: sender.frames,
      warm: Math.floor(sender.frames / 4),
      latency,
      idleMs: 3000,
      ...extra,
    };
    const cmd = [...runtime.cmd];
    if (PROFILE && (runtime.node || runtime.id === "bun")) {
      mkdirSync(PROFILE, { recursive: true });
      const name = `${runtime.id}-${client}-${format}-${Date.now()}.cpuprofile`;
      cmd.push(
        "--cpu-prof",
        `--cpu-prof-dir=${resolve(PROFILE)}`,
        `--cpu-prof-name=${name}`,
        "--cpu-prof-interval=100",
      );
    }
    if (tree !== ROOT && (NODE_TS || !runtime.node)) {
      config.mod = pathToFileURL(join(tree, "mod.ts")).href;
    }
    const receiver = runtime.node && !NODE_TS
      ? nodeReceiver(tree)
      : join(ROOT, "bench/_receiver.ts");
    cmd.push(receiver, JSON.stringify(config));
    const stdout = await run(cmd, 120_000);
    const line = stdout.trim().split("\n").pop() ?? "{}";
    const result = JSON.parse(line) as ReceiverResult & { sender?: SenderReport };
    const report = buffer.split("\n")[1];
    if (report) result.sender = JSON.parse(report) as SenderReport;
    return result;
  } finally {
    child.kill("SIGTERM");
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

const fmt = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })
    : "–";
const k = (n: number) => (Number.isFinite(n) && n > 0 ? `${fmt(n / 1000, 1)}k` : "–");

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, i) => (i === 0 || i === 1 ? "---" : "---:")).join(" | ")} |`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

const versions = new Map<string, string>();

/** One case of the throughput section: a client on a runtime in a format, from a checkout. */
interface ThroughputCase {
  runtime: Runtime;
  format: "DEFAULT" | "SIMPLE";
  client: ReceiverConfig["client"];
  /** The checkout (`--against`); undefined: this one. */
  tree?: Tree;
}

function throughputKey(c: ThroughputCase): string {
  return `${c.runtime.id}|${c.format}|${c.client}${c.tree ? `@${c.tree.label}` : ""}`;
}

function throughputLabel(c: ThroughputCase): string {
  return `${CLIENT_LABEL[c.client]}${c.tree ? ` (${c.tree.label})` : ""}`;
}

/** The targets of issue 12: share of the floor's frames/s. */
const TARGET = { callback: 0.9, iterate: 0.8 } as const;

async function throughput(): Promise<string> {
  const results = new Map<string, ReceiverResult[]>();
  const plan: ThroughputCase[] = [];
  for (const runtime of runtimes) {
    for (const format of FORMATS) {
      const add = (client: ReceiverConfig["client"], tree?: Tree) =>
        plan.push({ runtime, format, client, ...(tree ? { tree } : {}) });
      add("floor");
      add("floor-map");
      add("callback");
      add("iterate");
      for (const tree of AGAINST) {
        add("callback", tree);
        add("iterate", tree);
      }
      if (format !== "DEFAULT") continue;
      // Which WebSocket a Node user should get: the `ws` package (the default) or undici's.
      if (runtime.node) {
        add("floor-ws");
        add("callback-native");
      }
      // tardis-dev reads DEFAULT only (it sends no format); ccxt runs on Node only.
      add("tardis");
      if (runtime.node) add("ccxt");
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of plan) {
      // ccxt is 3× slower: give it fewer frames so each case takes about as long.
      const frames = c.client === "ccxt" ? Math.floor(FRAMES / 2) : FRAMES;
      const key = throughputKey(c);
      try {
        const r = await runCase(
          c.runtime,
          c.client,
          c.format,
          { codes: 5, frames, rate: 0, stamp: false },
          false,
          {},
          c.tree?.dir ?? ROOT,
        );
        versions.set(c.runtime.id, r.runtime);
        if (r.error || r.delivered < r.expected) {
          log(`  ${key}: ${r.error ?? ""} delivered ${r.delivered}/${r.expected}`);
        }
        (results.get(key) ?? results.set(key, []).get(key)!).push(r);
        log(
          `round ${round + 1} ${key}: ${k(r.fps)} frames/s, ${
            fmt(r.cpuMsPer1k ?? NaN, 2)
          } ms CPU/1k, load ${loadavg()[0]!.toFixed(2)}`,
        );
      } catch (error) {
        log(`round ${round + 1} ${key}: failed: ${(error as Error).message}`);
      }
    }
  }
  const ok = (key: string) =>
    (results.get(key) ?? []).filter((r) => r.delivered === r.expected && !r.error);
  const best = (key: string) => Math.max(0, ...ok(key).map((r) => r.fps));
  const rss = (key: string) => median((results.get(key) ?? []).map((r) => r.peakRssMiB));
  const startRss = (key: string) => median((results.get(key) ?? []).map((r) => r.startRssMiB));
  const cpu = (key: string) => median(ok(key).map((r) => r.cpuMsPer1k ?? NaN));
  const rows: string[][] = [];
  for (
    const c of plan.filter((c, i) =>
      plan.findIndex((d) => throughputKey(d) === throughputKey(c)) === i
    )
  ) {
    const key = throughputKey(c);
    const floorKey = `${c.runtime.id}|${c.format}|floor`;
    const fps = best(key);
    rows.push([
      c.runtime.label,
      c.format,
      throughputLabel(c),
      k(fps),
      best(floorKey) > 0 && fps > 0 ? `${fmt(fps / best(floorKey), 2)}×` : "–",
      `${fmt(rss(key))} (${fmt(startRss(key))})`,
      fmt(cpu(key), 2),
      `${fmt(cpu(floorKey) / cpu(key), 2)}×`,
      `${ok(key).length}/${ROUNDS}`,
    ]);
  }
  // The same-run ratios, one line per runtime and format: what issue 12 asks for.
  const ratio = (a: string, b: string) => {
    const x = best(a);
    const y = best(b);
    return x > 0 && y > 0 ? x / y : NaN;
  };
  const mark = (value: number, target: number) =>
    Number.isFinite(value) ? `${fmt(value, 2)}×${value >= target ? "" : " ✗"}` : "–";
  const trees: (Tree | undefined)[] = [undefined, ...AGAINST];
  const summary: string[][] = [];
  for (const runtime of runtimes) {
    for (const format of FORMATS) {
      for (const tree of trees) {
        const at = (client: string) =>
          `${runtime.id}|${format}|${client}${tree ? `@${tree.label}` : ""}`;
        const floor = `${runtime.id}|${format}|floor`;
        const peer = (name: string, client: string) =>
          format === "DEFAULT" && results.has(`${runtime.id}|DEFAULT|${name}`)
            ? fmt(ratio(at(client), `${runtime.id}|DEFAULT|${name}`), 2) + "×"
            : "–";
        summary.push([
          runtime.label,
          format,
          tree ? tree.label : "this checkout",
          mark(ratio(at("callback"), floor), TARGET.callback),
          mark(ratio(at("iterate"), floor), TARGET.iterate),
          tree ? "–" : `${fmt(ratio(`${runtime.id}|${format}|floor-map`, floor), 2)}×`,
          `${peer("tardis", "callback")} / ${peer("tardis", "iterate")}`,
          `${peer("ccxt", "callback")} / ${peer("ccxt", "iterate")}`,
        ]);
      }
    }
  }
  const wsRows: string[] = [];
  for (const runtime of runtimes.filter((r) => r.node && FORMATS.includes("DEFAULT"))) {
    const at = (client: string) => `${runtime.id}|DEFAULT|${client}`;
    wsRows.push(
      `- ${runtime.label}: floor on \`ws\` ${
        fmt(ratio(at("floor-ws"), at("floor")), 2)
      }× the native floor (CPU per frame ${fmt(cpu(at("floor-ws")), 2)} vs ${
        fmt(cpu(at("floor")), 2)
      } ms/1k); upbit-ws callbacks on \`ws\` (default) ${
        fmt(ratio(at("callback"), at("callback-native")), 2)
      }× its speed with the native \`WebSocket\` injected (CPU ${fmt(cpu(at("callback")), 2)} vs ${
        fmt(cpu(at("callback-native")), 2)
      } ms/1k)`,
    );
  }
  return [
    "### Throughput (5 codes, ticker + trade + 30-level orderbook, flood)",
    "",
    `${
      FRAMES.toLocaleString("en-US")
    } realtime frames per case (ccxt: half), the first quarter is warm-up; best of ${ROUNDS} interleaved rounds for frames/s, median for memory and CPU. Load average at the start of the section: ${
      loadavg().map((n) => n.toFixed(2)).join(", ")
    }.`,
    "",
    table([
      "runtime",
      "format",
      "client",
      "frames/s",
      "× floor",
      "peak RSS MiB (before subscribing)",
      "CPU ms / 1k frames",
      "floor CPU ÷ CPU",
      "rounds ok",
    ], rows),
    "",
    "`× floor` is the target's measure (wall-clock frames/s, best round); `floor CPU ÷ CPU` is the same ratio from the receiver's CPU time per frame (median), which other processes on the machine disturb less.",
    "",
    `Same-run ratios of frames/s (targets: callbacks ≥ ${TARGET.callback}× the floor, \`for await\` ≥ ${TARGET.iterate}×; ✗ marks a miss; peers: upbit-ws ÷ peer, callbacks / \`for await\`, DEFAULT only; \`floor + mappers\`: the floor plus upbit-ws's own mappers and nothing else, the most any client that builds these events can reach):`,
    "",
    table([
      "runtime",
      "format",
      "upbit-ws",
      "callbacks ÷ floor",
      "`for await` ÷ floor",
      "floor + mappers ÷ floor",
      "÷ tardis-dev",
      "÷ ccxt",
    ], summary),
    ...(wsRows.length > 0 ? ["", "Which `WebSocket` on Node (DEFAULT):", "", ...wsRows] : []),
  ].join("\n");
}

/** One case of the compression section. */
interface CompressionCase {
  runtime: Runtime;
  deflate: boolean;
  type: BenchType;
  client: ReceiverConfig["client"];
  compression?: boolean;
}

function compressionLabel(c: CompressionCase): string {
  const base = CLIENT_LABEL[c.client];
  if (c.client !== "callback") return base;
  return c.compression === undefined
    ? `${base} (default)`
    : `${base}, compression: ${c.compression}`;
}

/**
 * Real-Upbit conditions: the sender accepts permessage-deflate when offered (pre-compressed
 * frames, so its own deflate is not measured) or declines it (every other section), one data
 * type at a time; the receiver's CPU time per frame, against the floor and the peers.
 */
async function compression(): Promise<string> {
  const plan: CompressionCase[] = [];
  for (const runtime of runtimes) {
    // Deno's WebSocket never offers deflate: the deflating server changes nothing there.
    const modes = runtime.id === "deno" ? [false] : [false, true];
    for (const deflate of modes) {
      for (const type of TYPES) {
        const add = (client: ReceiverConfig["client"], compression?: boolean) =>
          plan.push({
            runtime,
            deflate,
            type,
            client,
            ...(compression === undefined ? {} : { compression }),
          });
        add("floor");
        if (runtime.node) add("floor-ws");
        add("callback");
        if (runtime.node || runtime.id === "bun") add("callback", true);
        add("tardis");
        if (runtime.node) add("ccxt");
      }
    }
  }
  const key = (c: CompressionCase) =>
    `${c.runtime.id}|${c.deflate}|${c.type}|${c.client}|${c.compression ?? ""}`;
  const results = new Map<string, (ReceiverResult & { sender?: SenderReport })[]>();
  for (let round = 0; round < COMPRESSION_ROUNDS; round++) {
    for (const c of plan) {
      const frames = c.client === "ccxt" ? Math.floor(COMPRESSION_FRAMES / 2) : COMPRESSION_FRAMES;
      try {
        const r = await runCase(
          c.runtime,
          c.client,
          "DEFAULT",
          { codes: 5, frames, rate: 0, stamp: false, deflate: c.deflate, types: [c.type] },
          false,
          c.compression === undefined ? {} : { compression: c.compression },
        );
        versions.set(c.runtime.id, r.runtime);
        if (r.error || r.delivered < r.expected) {
          log(`  ${key(c)}: ${r.error ?? ""} delivered ${r.delivered}/${r.expected}`);
        }
        (results.get(key(c)) ?? results.set(key(c), []).get(key(c))!).push(r);
        log(
          `compression round ${round + 1} ${key(c)}: ${k(r.fps)} frames/s, ${
            fmt(r.cpuMsPer1k ?? NaN, 2)
          } µs CPU/frame, wire ${r.sender?.deflated ? "deflate" : "plain"}`,
        );
      } catch (error) {
        log(`compression ${key(c)}: failed: ${(error as Error).message}`);
      }
    }
  }
  const ok = (c: CompressionCase) =>
    (results.get(key(c)) ?? []).filter((r) => r.delivered === r.expected && !r.error);
  const cpuOf = (c: CompressionCase) => median(ok(c).map((r) => r.cpuMsPer1k ?? NaN));
  const cpuSpread = (c: CompressionCase) => {
    const v = ok(c).map((r) => r.cpuMsPer1k ?? NaN).filter(Number.isFinite);
    return v.length > 1 ? `${fmt(Math.min(...v), 2)}–${fmt(Math.max(...v), 2)}` : "";
  };
  const rows: string[][] = [];
  for (const c of plan) {
    const runs = ok(c);
    if (runs.length === 0) {
      rows.push([
        c.runtime.label,
        c.type,
        compressionLabel(c),
        c.deflate ? "yes" : "no",
        "failed",
        "",
        "",
        "",
        "",
        "",
      ]);
      continue;
    }
    const floorPlain = cpuOf({ runtime: c.runtime, type: c.type, deflate: false, client: "floor" });
    const sender = runs[0]!.sender;
    const senderLoad = median(runs.map((r) => r.sender ? r.sender.cpuMs / r.sender.ms : NaN));
    rows.push([
      c.runtime.label,
      c.type,
      compressionLabel(c),
      c.deflate ? "yes" : "no",
      sender?.deflated ? "deflate" : "plain",
      sender ? fmt(sender.bytes / sender.sent, 0) : "–",
      k(Math.max(...runs.map((r) => r.fps))),
      `${fmt(cpuOf(c), 2)}${cpuSpread(c) ? ` (${cpuSpread(c)})` : ""}`,
      `${fmt(cpuOf(c) / floorPlain, 2)}×`,
      fmt(senderLoad, 2),
    ]);
  }
  return [
    "### Compression: CPU per frame as on real Upbit (DEFAULT, 5 codes, one data type at a time)",
    "",
    `${
      COMPRESSION_FRAMES.toLocaleString("en-US")
    } realtime frames per case (ccxt: half) of one type, the first quarter is warm-up; ${COMPRESSION_ROUNDS} interleaved rounds, CPU the median (range in brackets), frames/s the best. "server deflate": the sender accepts permessage-deflate when offered, as Upbit does, and writes frames deflated once in advance; "wire": what the client negotiated. "× floor CPU": CPU per frame over the floor's on a plain socket.`,
    "",
    table([
      "runtime",
      "frame",
      "client",
      "server deflate",
      "wire",
      "bytes / frame",
      "frames/s",
      "CPU µs / frame",
      "× floor CPU (plain)",
      "sender CPU ÷ wall",
    ], rows),
  ].join("\n");
}

async function latency(): Promise<string> {
  const frames = Math.max(RATE * 3, 4000);
  const rows: string[][] = [];
  for (const runtime of runtimes) {
    const clients: ReceiverConfig["client"][] = ["floor", "callback", "iterate"];
    if (runtime.node) clients.push("ccxt");
    for (const client of clients) {
      try {
        const r = await runCase(runtime, client, "DEFAULT", {
          codes: 5,
          frames,
          rate: RATE,
          stamp: true,
        }, true);
        versions.set(runtime.id, r.runtime);
        const l = r.latencyUs;
        log(
          `latency ${runtime.id} ${client}: p50 ${fmt(l?.p50 ?? NaN, 1)} µs, p99 ${
            fmt(l?.p99 ?? NaN, 1)
          } µs`,
        );
        rows.push([
          runtime.label,
          CLIENT_LABEL[client],
          fmt(l?.p50 ?? NaN, 1),
          fmt(l?.p99 ?? NaN, 1),
          fmt(l?.max ?? NaN, 0),
          fmt(l?.samples ?? NaN),
          `${fmt(r.peakRssMiB)} (${fmt(r.startRssMiB)})`,
          fmt(r.cpuMsPer1k ?? NaN, 2),
          r.delivered === r.expected ? "" : `${r.expected - r.delivered} missing`,
        ]);
      } catch (error) {
        log(`latency ${runtime.id} ${client}: failed: ${(error as Error).message}`);
      }
    }
  }
  return [
    `### Added latency at ${RATE.toLocaleString("en-US")} frames/s (DEFAULT, 5 codes)`,
    "",
    "From the message event's arrival (a listener registered before the client's) to the event reaching the callback or loop body, µs, after the first quarter. The floor row is its own `TextDecoder` + `JSON.parse`. ccxt (no latency hook) is there for its memory and CPU at this rate.",
    "",
    table([
      "runtime",
      "client",
      "p50 µs",
      "p99 µs",
      "max µs",
      "samples",
      "peak RSS MiB (before subscribing)",
      "CPU ms / 1k frames",
      "note",
    ], rows),
  ].join("\n");
}

async function scale(): Promise<string> {
  const frames = Math.max(RATE * 2, 4000);
  const rows: string[][] = [];
  for (const runtime of runtimes) {
    for (const client of ["floor", "callback", "iterate"] as const) {
      try {
        const r = await runCase(runtime, client, "DEFAULT", {
          codes: SCALE_CODES,
          frames,
          rate: RATE,
          stamp: false,
        }, false);
        versions.set(runtime.id, r.runtime);
        log(
          `scale ${runtime.id} ${client}: snapshots ${fmt(r.snapshotsMs, 1)} ms, ${
            fmt(r.cpuMsPer1k ?? NaN, 2)
          } ms CPU / 1k`,
        );
        rows.push([
          runtime.label,
          CLIENT_LABEL[client],
          fmt(r.snapshotsMs, 1),
          fmt(r.cpuMsPer1k ?? NaN, 2),
          `${fmt(r.peakRssMiB)} (${fmt(r.startRssMiB)})`,
          r.delivered === r.expected ? "" : `${r.expected - r.delivered} missing`,
        ]);
      } catch (error) {
        log(`scale ${runtime.id} ${client}: failed: ${(error as Error).message}`);
      }
    }
  }
  return [
    `### Scale: one connection, ${SCALE_CODES} KRW codes × ticker + trade + orderbook`,
    "",
    `Time from the subscribe call (the floor: from \`new WebSocket\`) to the last of the ${
      SCALE_CODES * 3
    } first snapshots, then ${frames.toLocaleString("en-US")} realtime frames at ${
      RATE.toLocaleString("en-US")
    }/s: process CPU (user + system, \`process.cpuUsage()\`) per 1,000 frames after the first quarter.`,
    "",
    table([
      "runtime",
      "client",
      "subscribe → all snapshots ms",
      "CPU ms / 1k frames",
      "peak RSS MiB (before subscribing)",
      "note",
    ], rows),
  ].join("\n");
}

async function pipeline(): Promise<string> {
  const parts: string[] = [
    "### In-process pipeline (`bench/pipeline.bench.ts`, no network)",
    "",
    "The same frames handed to the listeners by a fake `WebSocket` in batches of 256: the client's own CPU cost per frame, split into the decoder and everything after it.",
    "",
  ];
  for (const runtime of runtimes) {
    for (const format of ["DEFAULT", "SIMPLE"]) {
      log(`pipeline ${runtime.id} ${format}`);
      try {
        const out = await run(
          [
            ...runtime.cmd,
            join(ROOT, "bench/pipeline.bench.ts"),
            "--format",
            format,
            "--frames",
            "150000",
            "--rounds",
            "3",
          ],
          300_000,
        );
        parts.push(out.trim().replace(/^Pipeline on /, "#### "), "");
      } catch (error) {
        parts.push(`${runtime.label}: failed: ${(error as Error).message}`, "");
      }
    }
  }
  return parts.join("\n");
}

async function micro(): Promise<string> {
  const parts: string[] = ["### Decoder micro-benchmarks (`bench/decode_matrix.bench.ts`)", ""];
  for (const runtime of runtimes) {
    log(`micro ${runtime.id}`);
    try {
      const out = await run([
        ...runtime.cmd,
        join(ROOT, "bench/decode_matrix.bench.ts"),
        "--ms",
        MICRO_MS,
      ], 300_000);
      parts.push(out.trim().replace(/^Decoder matrix on /, "#### "), "");
    } catch (error) {
      parts.push(`${runtime.label}: failed: ${(error as Error).message}`, "");
    }
  }
  return parts.join("\n");
}

async function bundle(): Promise<string> {
  log("bundle");
  const results: BundleSize[] = await measureBundles(ROOT);
  const kb = (n: number) => `${fmt(n / 1024, 1)} KiB`;
  const rows = results.map((b) => [
    b.app,
    "",
    `${kb(b.entry.min)} / ${kb(b.entry.gzip)}`,
    `${kb(b.startup.min)} / ${kb(b.startup.gzip)}`,
    `${kb(b.total.min)} / ${kb(b.total.gzip)} (${b.total.files} files)`,
    `${kb(b.single.min)} / ${kb(b.single.gzip)}`,
    b.joseAtStartup || b.jwtAtStartup ? "**yes**" : "no",
  ]);
  const top = results[0]!.top.map(([name, bytes]) => `${name} ${kb(bytes)}`).join(", ");
  return [
    "### Bundle size (esbuild, minified / gzip -9, platform browser, ES2022)",
    "",
    'Splitting (`splitting: true, format: "esm"`): the entry chunk, what loads at start-up (entry + chunks it imports statically), and every file (the lazy `./jwt.ts` + jose chunk included). Single file: no splitting, dynamic imports inlined.',
    "",
    table(
      ["app", "", "entry chunk", "start-up", "all chunks", "single file", "jose at start-up"],
      rows,
    ),
    "",
    `Largest inputs of the public app's start-up code (minified bytes): ${top}.`,
  ].join("\n").replace(/\| app \| \| /, "| app | | ");
}

const started = performance.now();
if (!NODE_TS && runtimes.some((r) => r.node)) {
  for (const tree of [ROOT, ...AGAINST.map((t) => t.dir)]) {
    // This checkout's receiver, with `../mod.ts` taken from the checkout under test.
    const mod = join(tree, "mod.ts");
    await esbuild.build({
      entryPoints: [join(ROOT, "bench/_receiver.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node22",
      outfile: nodeReceiver(tree),
      external: ["ccxt", "tardis-dev", "ws"],
      logLevel: "error",
      plugins: [{
        name: "checkout",
        setup(build) {
          build.onResolve(
            { filter: /^\.\.\/mod\.ts$/ },
            (args) => args.importer.endsWith("_receiver.ts") ? { path: mod } : undefined,
          );
        },
      }],
    });
  }
}
const sections: string[] = [];
const load = loadavg().map((n) => n.toFixed(2)).join(", ");
if (ONLY.has("throughput")) sections.push(await throughput());
if (ONLY.has("compression")) sections.push(await compression());
if (ONLY.has("latency")) sections.push(await latency());
if (ONLY.has("scale")) sections.push(await scale());
if (ONLY.has("pipeline")) sections.push(await pipeline());
if (ONLY.has("micro")) sections.push(await micro());
if (ONLY.has("bundle")) sections.push(await bundle());
const minutes = (performance.now() - started) / 60000;
const header = [
  `Run on ${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, load average at start ${load}; ${
    [...versions.values()].join(", ")
  }; sender Node 22 (\`ws\`) in its own process; ${fmt(minutes, 1)} min.`,
];
console.log([...header, ...sections].join("\n\n"));
