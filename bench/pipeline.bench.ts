/**
 * The client's own cost per frame, without a network: an injected fake `WebSocket` hands the
 * same binary frames (ticker + trade + 30-level orderbook, 5 codes, REALTIME) straight to the
 * listeners, in batches, with a macrotask between batches so that `for await` loops drain.
 * Compared with the bare floor listener (`TextDecoder` + `JSON.parse` + `switch`) and with the
 * decoder alone, so that the difference splits into decoding (mappers, checks) and everything
 * after it (connection bookkeeping, routing, queue, delivery). Same script on every runtime:
 *
 *   node_modules/node22/bin/node bench/pipeline.bench.ts [--format SIMPLE] [--frames 300000]
 *   node_modules/.bin/bun bench/pipeline.bench.ts
 *   node_modules/.bin/deno run --allow-env --allow-read bench/pipeline.bench.ts
 *
 * Each case: best of `--rounds` (5) rounds after a warm-up round, rounds interleaved across
 * cases; the time is the process's CPU time (`process.cpuUsage()`, user + system) per frame,
 * which a loaded machine inflates less than wall time (both are printed). `--batch 1` hands over
 * one frame per macrotask, as a runtime that drains microtasks after every message event does.
 * `--against DIR` also runs the upbit-ws cases of another checkout (e.g. a `git worktree` of the
 * last release) in the same process, interleaved round by round, so that before/after share the
 * machine's load and the runtime's state. Profile a case with
 * `node --cpu-prof bench/pipeline.bench.ts --only callback` (or `bun --cpu-prof`).
 *
 * @module
 */
import process from "node:process";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import type * as Lib from "../mod.ts";
import type { UpbitEvent, WebSocketConstructor } from "../mod.ts";
import type * as Decode from "../src/decode/decode.ts";
import type { FrameSink } from "../src/decode/decode.ts";
import { type BenchFormat, FIVE_CODES, frameText, TYPES } from "./_frames.ts";

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const FORMAT = arg("format", "DEFAULT") as BenchFormat;
const FRAMES = Number(arg("frames", "300000"));
const ONLY = arg("only", "");
const BATCH = Number(arg("batch", "256"));
const ROUNDS = Number(arg("rounds", "5"));
const AGAINST = arg("against", "");

/** One checkout's client and decoder. */
interface Tree {
  label: string;
  lib: typeof Lib;
  decode: typeof Decode;
}

async function loadTree(dir: string | undefined): Promise<Tree> {
  if (dir === undefined) {
    return {
      label: "",
      lib: await import("../mod.ts"),
      decode: await import("../src/decode/decode.ts"),
    };
  }
  const root = resolve(dir);
  const label = execFileSync("git", ["-C", root, "rev-parse", "--short", "HEAD"]).toString().trim();
  return {
    label: ` (${label})`,
    lib: await import(pathToFileURL(`${root}/mod.ts`).href) as typeof Lib,
    decode: await import(pathToFileURL(`${root}/src/decode/decode.ts`).href) as typeof Decode,
  };
}

const trees = [await loadTree(undefined), ...(AGAINST ? [await loadTree(AGAINST)] : [])];

const realtime: ArrayBuffer[] = [];
const snapshots: ArrayBuffer[] = [];
FIVE_CODES.forEach((code, i) => {
  for (const type of TYPES) {
    realtime.push(new TextEncoder().encode(frameText(type, code, FORMAT, false, i)).buffer);
    snapshots.push(new TextEncoder().encode(frameText(type, code, FORMAT, true, i)).buffer);
  }
});

/** A macrotask boundary on every runtime (microtasks, including `for await` steps, drain). */
function macrotask(): Promise<void> {
  const { promise, resolve } = Promise.withResolvers<void>();
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    resolve();
  };
  channel.port2.postMessage(0);
  return promise;
}

type Listener = (event: { data: ArrayBuffer | string }) => void;

/** The fake socket: opens on a macrotask, records sends, lets the bench push messages. */
class FakeSocket extends EventTarget {
  static last: FakeSocket | undefined;
  binaryType = "blob";
  readyState = 0;
  requested = Promise.withResolvers<void>();
  readonly url: string;
  #messageListeners: Listener[] = [];

  constructor(url: string | URL) {
    super();
    this.url = String(url);
    FakeSocket.last = this;
    void macrotask().then(() => {
      this.readyState = 1;
      this.dispatchEvent(new Event("open"));
    });
  }

  override addEventListener(type: string, listener: unknown, options?: unknown): void {
    if (type === "message") this.#messageListeners.push(listener as Listener);
    else {super.addEventListener(
        type,
        listener as EventListener,
        options as AddEventListenerOptions,
      );}
  }

  override removeEventListener(type: string, listener: unknown): void {
    if (type === "message") {
      this.#messageListeners = this.#messageListeners.filter((l) => l !== listener);
    } else super.removeEventListener(type, listener as EventListener);
  }

  send(data: string): void {
    if (data.startsWith("[")) this.requested.resolve();
  }

  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    const event = Object.assign(new Event("close"), { code, reason: "", wasClean: true });
    void macrotask().then(() => this.dispatchEvent(event));
  }

  /** Delivers one message to the listeners, as the runtime's socket would. */
  receive(data: ArrayBuffer): void {
    const event = { data };
    const listeners = this.#messageListeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(event);
  }
}

let counted = 0;

async function feed(socket: FakeSocket, frames: number): Promise<void> {
  for (const s of snapshots) socket.receive(s);
  await macrotask();
  const slots = realtime.length;
  for (let i = 0; i < frames;) {
    const end = Math.min(frames, i + BATCH);
    for (; i < end; i++) socket.receive(realtime[i % slots]!);
    await macrotask();
  }
}

interface Case {
  name: string;
  run(frames: number): Promise<void>;
}

const floorCase: Case = {
  name: "floor: TextDecoder + JSON.parse + switch",
  async run(frames) {
    const socket = new FakeSocket("ws://fake");
    const utf8 = new TextDecoder();
    socket.addEventListener("message", (event: { data: ArrayBuffer | string }) => {
      const data = event.data;
      const frame = JSON.parse(typeof data === "string" ? data : utf8.decode(data)) as Record<
        string,
        unknown
      >;
      switch (frame.type ?? frame.ty) {
        case "ticker":
        case "trade":
        case "orderbook":
          counted++;
      }
    });
    await feed(socket, frames);
  },
};

function clientCases(tree: Tree): Case[] {
  const { UpbitClient } = tree.lib;
  const newClient = () =>
    new UpbitClient({
      url: "ws://127.0.0.1:1/websocket/v1",
      format: FORMAT,
      WebSocket: FakeSocket as unknown as WebSocketConstructor,
    });
  return [
    {
      name: `decoder alone (createDecoder(), validate "first")${tree.label}`,
      async run(frames) {
        const socket = new FakeSocket("ws://fake");
        const decoder = tree.decode.createDecoder();
        const sink: FrameSink = {
          event: () => void counted++,
          status() {},
          serverError() {},
          subscriptions() {},
          invalid(error) {
            throw error;
          },
        };
        socket.addEventListener("message", (event: { data: ArrayBuffer | string }) => {
          decoder.decode(event.data, sink);
        });
        await feed(socket, frames);
      },
    },
    {
      name: `upbit-ws callbacks${tree.label}`,
      async run(frames) {
        const client = newClient();
        const on = (_e: UpbitEvent) => void counted++;
        client.subscribeTicker([...FIVE_CODES], on);
        client.subscribeTrade([...FIVE_CODES], on);
        client.subscribeOrderbook([...FIVE_CODES], on);
        await waitForRequest();
        await feed(FakeSocket.last!, frames);
        await client.close();
      },
    },
    {
      name: `upbit-ws for await${tree.label}`,
      async run(frames) {
        const client = newClient();
        const drain = async (sub: AsyncIterable<UpbitEvent>) => {
          for await (const _e of sub) counted++;
        };
        const loops = [
          drain(client.ticker([...FIVE_CODES])),
          drain(client.trade([...FIVE_CODES])),
          drain(client.orderbook([...FIVE_CODES])),
        ];
        await waitForRequest();
        await feed(FakeSocket.last!, frames);
        await client.close();
        await Promise.all(loops);
      },
    },
  ];
}

async function waitForRequest(): Promise<void> {
  while (FakeSocket.last === undefined || FakeSocket.last.readyState !== 1) await macrotask();
  await FakeSocket.last.requested.promise;
}

const runtime = "Bun" in globalThis
  ? "Bun"
  : "Deno" in globalThis
  ? "Deno"
  : `Node ${process.version}`;
const cases = [floorCase, ...trees.flatMap(clientCases)].filter((c) =>
  !ONLY || c.name.startsWith("floor") || c.name.includes(ONLY)
);

function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

const best = new Map<Case, { cpu: number; wall: number }>();
for (const c of cases) {
  FakeSocket.last = undefined;
  await c.run(Math.floor(FRAMES / 5)); // warm-up
  best.set(c, { cpu: Infinity, wall: Infinity });
}
for (let r = 0; r < ROUNDS; r++) {
  for (const c of cases) {
    FakeSocket.last = undefined;
    counted = 0;
    const cpu0 = cpuUs();
    const t = performance.now();
    await c.run(FRAMES);
    const wall = ((performance.now() - t) * 1000) / FRAMES;
    const cpu = (cpuUs() - cpu0) / FRAMES;
    if (counted < FRAMES) throw new Error(`${c.name}: ${counted} of ${FRAMES} events`);
    const b = best.get(c)!;
    best.set(c, { cpu: Math.min(b.cpu, cpu), wall: Math.min(b.wall, wall) });
  }
}
const floorUs = best.get(floorCase)!.cpu;
const rows = cases.map((c) => {
  const { cpu, wall } = best.get(c)!;
  return `| ${c.name} | ${cpu.toFixed(2)} | ${wall.toFixed(2)} | ${(cpu - floorUs).toFixed(2)} | ${
    (floorUs / cpu).toFixed(2)
  }× |`;
});
console.log(
  [
    `Pipeline on ${runtime}, ${FORMAT}, ${
      FRAMES.toLocaleString("en-US")
    } frames, best of ${ROUNDS} interleaved rounds, load ${
      loadavg().map((n) => n.toFixed(2)).join(", ")
    }`,
    "",
    "| case | CPU µs / frame | wall µs / frame | CPU over the floor | floor CPU ratio |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n"),
);
