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
 * Each case: best of `--rounds` (5) rounds after a warm-up round. `--batch 1` hands over one
 * frame per macrotask, as a runtime that drains microtasks after every message event does. Profile a case with
 * `node --cpu-prof bench/pipeline.bench.ts --only callback` (or `bun --cpu-prof`).
 *
 * @module
 */
import process from "node:process";
import { UpbitClient, type UpbitEvent, type WebSocketConstructor } from "../mod.ts";
import { createDecoder, type FrameSink } from "../src/decode/decode.ts";
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

const cases: Case[] = [
  {
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
  },
  {
    name: 'decoder alone (createDecoder(), validate "first")',
    async run(frames) {
      const socket = new FakeSocket("ws://fake");
      const decoder = createDecoder();
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
    name: "upbit-ws callbacks",
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
    name: "upbit-ws for await",
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

function newClient(): UpbitClient {
  return new UpbitClient({
    url: "ws://127.0.0.1:1/websocket/v1",
    format: FORMAT,
    WebSocket: FakeSocket as unknown as WebSocketConstructor,
  });
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
const rows: string[] = [];
let floorUs = NaN;
for (const c of cases) {
  if (ONLY && !c.name.includes(ONLY)) continue;
  FakeSocket.last = undefined;
  await c.run(Math.floor(FRAMES / 5)); // warm-up
  let best = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    FakeSocket.last = undefined;
    counted = 0;
    const t = performance.now();
    await c.run(FRAMES);
    const us = ((performance.now() - t) * 1000) / FRAMES;
    if (counted < FRAMES) throw new Error(`${c.name}: ${counted} of ${FRAMES} events`);
    best = Math.min(best, us);
  }
  if (c.name.startsWith("floor")) floorUs = best;
  rows.push(
    `| ${c.name} | ${best.toFixed(2)} | ${(best - floorUs).toFixed(2)} | ${
      (floorUs / best).toFixed(2)
    }× |`,
  );
}
console.log(
  [
    `Pipeline on ${runtime}, ${FORMAT}, ${
      FRAMES.toLocaleString("en-US")
    } frames, best of ${ROUNDS}`,
    "",
    "| case | µs / frame | over the floor | floor speed ratio |",
    "| --- | ---: | ---: | ---: |",
    ...rows,
  ].join("\n"),
);
