/**
 * One benchmark case on the receiving side, run by `bench/run.ts` as its own process on the
 * runtime under test (Node 22, Node 26, Deno or Bun). It connects to `bench/_sender.ts`, counts
 * every data event its client delivers (snapshots and realtime), and prints one JSON line:
 * frames per second between the warm-up mark and the last frame, peak RSS (`VmHWM`), CPU per
 * 1,000 frames, and in paced runs the added latency from a message's arrival to its delivery.
 *
 * Clients:
 * - `floor`: native `WebSocket`, `binaryType = "arraybuffer"`, `TextDecoder`, `JSON.parse`, a
 *   `switch` on `type` (the bare minimum any JS client pays);
 * - `iterate`: upbit-ws, one `for await` loop per stream (ticker, trade, orderbook);
 * - `callback`: upbit-ws, `subscribeTicker`/`subscribeTrade`/`subscribeOrderbook`;
 * - `ccxt`: ccxt's Upbit client (`ccxt.pro.upbit`), pointed at the sender, one `watchTicker`,
 *   `watchTrades` and `watchOrderBook` loop per symbol; frames counted in `handleMessage` (Node).
 *   It runs on the `ws` package with its default options, so it offers permessage-deflate;
 * - `tardis`: tardis-dev's realtime Upbit feed (`stream({ exchange: "upbit", … })`, the URL from
 *   `WSS_URL_UPBIT`), one `for await` over its parsed messages; it runs on the `ws` package with
 *   `perMessageDeflate: false`, so it never inflates;
 * - `floor-map`: the floor, then upbit-ws's own mappers (`tickerDefault`, `orderbookSimple`, …)
 *   turn each parsed frame into the event the client delivers; no checks, no exact trade id (a
 *   fixed string), no routing or queue: what building the typed events alone costs, the least a
 *   client that delivers them can pay;
 * - `floor-ws` (Node): the floor on the `ws` package with `perMessageDeflate: false`;
 * - `callback-native` (Node): upbit-ws callbacks with the runtime's own `WebSocket` injected (on
 *   Node the default is the `ws` package): which socket a Node user should get by default.
 *
 * upbit-ws runs with default options (validation of the first frame of each type, the bounded
 * queue, the stall watchdog): all the work it normally does.
 *
 * @module
 */
import process from "node:process";
import { readFileSync } from "node:fs";
import type * as Lib from "../mod.ts";
import type { UpbitEvent } from "../mod.ts";
import { type BenchFormat, krwCodes, TYPES } from "./_frames.ts";
import {
  tickerDefault,
  tickerSimple,
  type TickerSimpleWire,
  type TickerWire,
} from "../src/decode/ticker.ts";
import {
  tradeDefault,
  tradeSimple,
  type TradeSimpleWire,
  type TradeWire,
} from "../src/decode/trade.ts";
import {
  orderbookDefault,
  orderbookSimple,
  type OrderbookSimpleWire,
  type OrderbookWire,
} from "../src/decode/orderbook.ts";

/** What `bench/run.ts` passes as the first argument (JSON). */
export interface ReceiverConfig {
  client:
    | "floor"
    | "floor-map"
    | "floor-ws"
    | "iterate"
    | "callback"
    | "callback-native"
    | "ccxt"
    | "tardis";
  /**
   * The `mod.ts` to load upbit-ws from, as a file URL (another checkout, for before/after runs
   * on Deno and Bun); absent: this checkout's. Node's bundle has the checkout built in.
   */
  mod?: string;
  /** upbit-ws's `compression` option; absent: the default. */
  compression?: boolean;
  /** `ws://127.0.0.1:PORT/websocket/v1` */
  url: string;
  codes: number;
  format: BenchFormat;
  /** REALTIME frames the sender sends. */
  frames: number;
  /** Events to count before the clock starts (JIT warm-up). */
  warm: number;
  /** Record added latency (the sender must stamp frames with message indexes). */
  latency: boolean;
  /** Give up this long after the last event (a client that drops frames never reaches the end). */
  idleMs: number;
}

/** What the receiver prints. */
export interface ReceiverResult {
  client: string;
  runtime: string;
  /** Data events delivered (snapshots included). */
  delivered: number;
  /** Data events the sender sent. */
  expected: number;
  /** Events per second from the warm-up mark to the last event. */
  fps: number;
  /** Peak resident set size of the process, MiB. */
  peakRssMiB: number;
  /** Resident set size just before subscribing (runtime, modules, ccxt's markets loaded), MiB. */
  startRssMiB: number;
  /** Process CPU time per 1,000 events between the marks, ms (user + system). */
  cpuMsPer1k: number | null;
  /** From the first subscribe call to the last snapshot delivered, ms. */
  snapshotsMs: number;
  /** Added latency, arrival of the message to delivery of its event, µs. */
  latencyUs?: { p50: number; p99: number; max: number; samples: number };
  error?: string;
}

const config = JSON.parse(process.argv[2] ?? "{}") as ReceiverConfig;
const codes = krwCodes(config.codes);
const snapshots = codes.length * TYPES.length;
const expected = config.frames + snapshots;

const runtime = "Bun" in globalThis
  ? `Bun ${(globalThis as unknown as { Bun: { version: string } }).Bun.version}`
  : "Deno" in globalThis
  ? `Deno ${(globalThis as unknown as { Deno: { version: { deno: string } } }).Deno.version.deno}`
  : `Node ${process.version}`;

function cpuMs(): number | null {
  try {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  } catch {
    return null;
  }
}

/** `VmHWM` (peak) or `VmRSS` (now) from `/proc/self/status`, MiB; `rss` elsewhere. */
function rssMiB(field: "VmHWM" | "VmRSS"): number {
  try {
    const status = readFileSync("/proc/self/status", "utf8");
    const kb = new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1];
    if (kb) return Number(kb) / 1024;
  } catch { /* not Linux */ }
  return process.memoryUsage().rss / 1048576;
}

/** Counts events and takes the marks. */
class Meter {
  count = 0;
  snapshotsSeen = 0;
  t0 = 0;
  startRss = 0;
  tSnapshots = 0;
  tWarm = 0;
  tEnd = 0;
  cpuWarm: number | null = null;
  cpuEnd: number | null = null;
  done: Promise<void>;
  #resolve: () => void;

  constructor() {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.done = promise;
    this.#resolve = resolve;
  }

  /** Called right before subscribing. */
  start(): void {
    this.startRss = rssMiB("VmRSS");
    this.t0 = performance.now();
  }

  hit(): void {
    const c = ++this.count;
    if (c === config.warm) {
      this.tWarm = performance.now();
      this.cpuWarm = cpuMs();
    }
    if (c === expected) this.finish();
  }

  snapshot(): void {
    if (++this.snapshotsSeen === snapshots) this.tSnapshots = performance.now();
  }

  finish(): void {
    if (this.tEnd !== 0) return;
    this.tEnd = performance.now();
    this.cpuEnd = cpuMs();
    this.#resolve();
  }
}

const meter = new Meter();

/** Arrival time of each message on the socket, by index (latency runs). */
const arrivals = new Float64Array(config.latency ? expected + 1024 : 0);
const latencies: number[] = [];
let messages = 0;

function delivered(timestamp: number): void {
  if (meter.count > config.warm) latencies.push(performance.now() - arrivals[timestamp]!);
}

/** A WebSocket that notes each message's arrival before any other listener runs. */
function stampedWebSocket(): typeof WebSocket {
  return class Stamped extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", () => {
        arrivals[messages++] = performance.now();
      });
    }
  };
}

async function runFloor(): Promise<void> {
  const ws = new WebSocket(config.url);
  ws.binaryType = "arraybuffer";
  const utf8 = new TextDecoder();
  let checksum = 0;
  ws.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | string;
    if (config.latency) arrivals[messages++] = performance.now();
    const frame = JSON.parse(typeof data === "string" ? data : utf8.decode(data)) as Record<
      string,
      unknown
    >;
    const type = frame.type ?? frame.ty;
    switch (type) {
      case "ticker":
      case "trade":
      case "orderbook": {
        checksum += (frame.timestamp ?? frame.tms) as number;
        if ((frame.stream_type ?? frame.st) === "SNAPSHOT") meter.snapshot();
        if (config.latency) delivered((frame.timestamp ?? frame.tms) as number);
        meter.hit();
        break;
      }
      default:
        break;
    }
  });
  await subscribeAndWait(ws, "bench-floor");
  if (checksum === 0) throw new Error("No frames");
}

/** The request of the bare-socket cases: every benchmark type for every code, in the format. */
function benchRequest(ticket: string): string {
  const request: Record<string, unknown>[] = [{ ticket }];
  for (const type of TYPES) request.push({ type, codes });
  request.push({ format: config.format });
  return JSON.stringify(request);
}

/** Once the native socket is open, sends {@linkcode benchRequest}, waits for the meter, closes. */
async function subscribeAndWait(ws: WebSocket, ticket: string): Promise<void> {
  await new Promise((resolve, reject) => {
    ws.addEventListener("open", resolve, { once: true });
    ws.addEventListener("error", reject, { once: true });
  });
  ws.send(benchRequest(ticket));
  await meter.done;
  ws.close();
}

/**
 * The floor plus upbit-ws's own mappers: the parsed frame becomes the event the client delivers,
 * with nothing else (no checks, a fixed trade id, no routing). Wire shapes are read as the
 * mappers' parameter types; the sender's frames are well formed.
 */
async function runFloorMap(): Promise<void> {
  const ws = new WebSocket(config.url);
  ws.binaryType = "arraybuffer";
  const utf8 = new TextDecoder();
  let checksum = 0;
  ws.addEventListener("message", (event: MessageEvent) => {
    const data = event.data as ArrayBuffer | string;
    const frame = JSON.parse(typeof data === "string" ? data : utf8.decode(data)) as Record<
      string,
      unknown
    >;
    const simple = frame.type === undefined;
    const type = simple ? frame.ty : frame.type;
    const wire = frame as unknown;
    const e = type === "ticker"
      ? (simple ? tickerSimple(wire as TickerSimpleWire) : tickerDefault(wire as TickerWire))
      : type === "trade"
      ? (simple ? tradeSimple(wire as TradeSimpleWire, "0") : tradeDefault(wire as TradeWire, "0"))
      : type === "orderbook"
      ? (simple
        ? orderbookSimple(wire as OrderbookSimpleWire)
        : orderbookDefault(wire as OrderbookWire))
      : undefined;
    if (e === undefined) return;
    checksum += e.timestamp;
    if (e.streamType === "SNAPSHOT") meter.snapshot();
    meter.hit();
  });
  await subscribeAndWait(ws, "bench-floor-map");
  if (checksum === 0) throw new Error("No frames");
}

/** The floor on the `ws` package without permessage-deflate (what tardis-dev runs on). */
async function runFloorWs(): Promise<void> {
  const { WebSocket: Ws } = await import("ws");
  const ws = new Ws(config.url, { perMessageDeflate: false });
  const utf8 = new TextDecoder();
  let checksum = 0;
  ws.binaryType = "arraybuffer";
  ws.on("message", (data: ArrayBuffer | string) => {
    const frame = JSON.parse(typeof data === "string" ? data : utf8.decode(data)) as Record<
      string,
      unknown
    >;
    const type = frame.type ?? frame.ty;
    if (type === "ticker" || type === "trade" || type === "orderbook") {
      checksum += (frame.timestamp ?? frame.tms) as number;
      if ((frame.stream_type ?? frame.st) === "SNAPSHOT") meter.snapshot();
      meter.hit();
    }
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  ws.send(benchRequest("bench-floor-ws"));
  await meter.done;
  ws.close();
  if (checksum === 0) throw new Error("No frames");
}

/** tardis-dev's realtime Upbit feed, pointed at the sender through `WSS_URL_UPBIT`. */
async function runTardis(): Promise<void> {
  process.env.WSS_URL_UPBIT = config.url;
  const { stream } = await import("tardis-dev");
  meter.start();
  const messages = stream({
    exchange: "upbit",
    filters: TYPES.map((channel) => ({ channel, symbols: codes })),
  });
  for await (const { message } of messages) {
    const m = message as { type?: unknown; stream_type?: unknown };
    if (m.type === "ticker" || m.type === "trade" || m.type === "orderbook") {
      if (m.stream_type === "SNAPSHOT") meter.snapshot();
      meter.hit();
      if (meter.tEnd !== 0) break;
    }
  }
}

async function runUpbitWs(mode: "iterate" | "callback" | "callback-native"): Promise<void> {
  const lib = (config.mod ? await import(config.mod) : await import("../mod.ts")) as typeof Lib;
  const client = new lib.UpbitClient({
    name: "bench",
    url: config.url,
    format: config.format,
    ...(config.latency ? { WebSocket: stampedWebSocket() } : {}),
    ...(mode === "callback-native" ? { WebSocket: globalThis.WebSocket } : {}),
    ...(config.compression === undefined ? {} : { compression: config.compression }),
  });
  const on = (e: UpbitEvent) => {
    if (e.streamType === "SNAPSHOT") meter.snapshot();
    if (config.latency) delivered(e.timestamp);
    meter.hit();
  };
  meter.start();
  if (mode !== "iterate") {
    client.subscribeTicker(codes, on);
    client.subscribeTrade(codes, on);
    client.subscribeOrderbook(codes, on);
    await meter.done;
  } else {
    const drain = async (sub: AsyncIterable<UpbitEvent>) => {
      for await (const e of sub) {
        on(e);
        if (meter.tEnd !== 0) break;
      }
    };
    await Promise.race([
      meter.done,
      Promise.all([
        drain(client.ticker(codes)),
        drain(client.trade(codes)),
        drain(client.orderbook(codes)),
      ]),
    ]);
  }
  const m = client.metrics();
  if (m.overflowDrops > 0 || m.decodeErrors > 0) {
    console.error(`upbit-ws: ${m.overflowDrops} overflow drops, ${m.decodeErrors} decode errors`);
  }
  await client.close();
}

async function runCcxt(): Promise<void> {
  const ccxt = (await import("ccxt")).default;
  const base = new URL(config.url);
  const rest = `http://${base.host}`;
  let stop = false;
  class Counted extends ccxt.pro.upbit {
    override handleMessage(
      client: Parameters<InstanceType<typeof ccxt.pro.upbit>["handleMessage"]>[0],
      message: Record<string, unknown>,
    ): void {
      super.handleMessage(client, message);
      const type = message?.type;
      if (type === "ticker" || type === "trade" || type === "orderbook") {
        if (message.stream_type === "SNAPSHOT") meter.snapshot();
        meter.hit();
      }
    }
  }
  const exchange = new Counted({ enableRateLimit: false });
  const urls = exchange.urls as { api: Record<string, string> };
  urls.api = { ...urls.api, public: rest, private: rest, ws: config.url };
  await exchange.loadHttpProxyAgent();
  await exchange.loadMarkets();
  meter.start();
  const symbols = codes.map((c) => `${c.split("-")[1]}/${c.split("-")[0]}`);
  const loop = async (watch: () => Promise<unknown>) => {
    while (!stop) {
      try {
        await watch();
      } catch {
        if (stop) return;
      }
    }
  };
  for (const symbol of symbols) {
    void loop(() => exchange.watchTicker(symbol));
    void loop(() => exchange.watchTrades(symbol));
    void loop(() => exchange.watchOrderBook(symbol));
  }
  await meter.done;
  stop = true;
  await exchange.close();
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  let last = -1;
  const idle = setInterval(() => {
    if (meter.count === last) meter.finish();
    last = meter.count;
  }, config.idleMs);
  let error: string | undefined;
  try {
    if (config.client === "floor") {
      meter.start();
      await runFloor();
    } else if (config.client === "floor-map") {
      meter.start();
      await runFloorMap();
    } else if (config.client === "floor-ws") {
      meter.start();
      await runFloorWs();
    } else if (config.client === "ccxt") await runCcxt();
    else if (config.client === "tardis") await runTardis();
    else await runUpbitWs(config.client);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  clearInterval(idle);
  const counted = meter.count - config.warm;
  const seconds = (meter.tEnd - meter.tWarm) / 1000;
  const result: ReceiverResult = {
    client: config.client,
    runtime,
    delivered: meter.count,
    expected,
    fps: meter.tWarm > 0 && counted > 0 ? counted / seconds : 0,
    peakRssMiB: rssMiB("VmHWM"),
    startRssMiB: meter.startRss,
    cpuMsPer1k: meter.cpuWarm !== null && meter.cpuEnd !== null && counted > 0
      ? ((meter.cpuEnd - meter.cpuWarm) / counted) * 1000
      : null,
    snapshotsMs: meter.tSnapshots > 0 ? meter.tSnapshots - meter.t0 : NaN,
    ...(error ? { error } : {}),
  };
  if (config.latency) {
    latencies.sort((a, b) => a - b);
    result.latencyUs = {
      p50: percentile(latencies, 50) * 1000,
      p99: percentile(latencies, 99) * 1000,
      max: (latencies[latencies.length - 1] ?? NaN) * 1000,
      samples: latencies.length,
    };
  }
  console.log(JSON.stringify(result));
  process.exit(0);
}

await main();
