/**
 * The commands of `upbit-ws`: each takes a parsed {@linkcode Invocation} and an {@linkcode Io}
 * and resolves with the exit code. Nothing here touches a runtime directly; the emulator (which
 * needs `node:http` and `ws`) is loaded only by the commands that use it.
 *
 * @module
 */
import {
  type AnnouncementCategory,
  type ConnectionState,
  type IndicatorSpec,
  type IndicatorTimeframe,
  type SignalSpec,
  type Subscription,
  UpbitClient,
  type UpbitClientOptions,
  type UpbitErrorEvent,
  type UpbitEvent,
  type WebSocketConstructor,
} from "../mod.ts";
import type { Emulator } from "../testing/server.ts";
import type { DashboardModel } from "./dashboard/model.ts";
import { formatRecordingLine, parseRecording, type RecordedFrame } from "../testing/replay.ts";
import { type Endpoint, type Invocation, parseArgs, type Target, UsageError } from "./args.ts";
import {
  AccountBoard,
  Board,
  filterMarkets,
  HIDE_CURSOR,
  type MarketEntry,
  ndjsonLine,
  progressLine,
  redraw,
  renderAccount,
  renderBoard,
  renderMarkets,
  SHOW_CURSOR,
} from "./format.ts";
import { helpText, VERSION } from "./help.ts";
import { Feed, type FeedEvent, renderFeed } from "./feed.ts";
import type { Io, Signal } from "./runtime.ts";

type Run<C extends Invocation["command"]> = (
  inv: Extract<Invocation, { command: C }>,
  io: Io,
  life: Lifetime,
) => Promise<number>;

/**
 * How a command ends: a signal (exit 130/143), `--duration` (exit 0), or its own end.
 * `signal` aborts on either of the first two.
 */
export interface Lifetime {
  readonly signal: AbortSignal;
  /** The exit code the stop reason implies, or undefined while running / on a normal end. */
  stopCode(): number | undefined;
  /** Removes the signal handlers and the duration timer. */
  dispose(): void;
}

function lifetime(io: Io, durationMs: number | undefined): Lifetime {
  const controller = new AbortController();
  let code: number | undefined;
  let signals = 0;
  const off = io.onSignal((signal: Signal) => {
    signals++;
    if (signals > 1) {
      // A second Ctrl-C while closing: leave now.
      void io.exit(signal === "SIGINT" ? 130 : 143);
      return;
    }
    code ??= signal === "SIGINT" ? 130 : 143;
    controller.abort(new Error(`Stopped by ${signal}`));
  });
  const timer = durationMs === undefined ? undefined : setTimeout(() => {
    code ??= 0;
    controller.abort(new Error("Stopped after --duration"));
  }, durationMs);
  return {
    signal: controller.signal,
    stopCode: () => code,
    dispose() {
      off();
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}

/** Resolves when the signal aborts. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener("abort", () => resolve(), { once: true });
  });
}

async function loadEmulator(): Promise<typeof import("../testing/server.ts")> {
  try {
    return await import("../testing/server.ts");
  } catch (e) {
    throw new Error(
      `Cannot start the emulator as its server could not be loaded (it needs the "ws" package): ${
        e instanceof Error ? e.message : String(e)
      }`,
    );
  }
}

/** Random keys for a throwaway emulator account. */
function throwawayKeys(): { accessKey: string; secretKey: string } {
  return { accessKey: `cli-${crypto.randomUUID()}`, secretKey: crypto.randomUUID() };
}

interface Connected {
  client: UpbitClient;
  source: string;
  close(): Promise<void>;
}

async function connect(
  endpoint: Endpoint,
  target: Target,
  extra: Partial<UpbitClientOptions> = {},
): Promise<Connected> {
  const options: UpbitClientOptions = { name: "upbit-ws-cli", ...extra };
  if (endpoint.format !== undefined) options.format = endpoint.format;
  let emu: Emulator | undefined;
  if (endpoint.emulator) {
    const { startEmulator } = await loadEmulator();
    const keys = throwawayKeys();
    emu = await startEmulator({ accounts: [{ ...keys, balances: { KRW: 10_000_000 } }] });
    options.url = emu.url;
    options.privateUrl = emu.privateUrl;
    if (
      ["myOrder", "myAsset", "announcement", "indicator", "indicator_signal"].includes(target.type)
    ) Object.assign(options, keys);
  } else {
    if (endpoint.url !== undefined) options.url = endpoint.url;
    if (endpoint.privateUrl !== undefined) options.privateUrl = endpoint.privateUrl;
    if (endpoint.infoUrl !== undefined) options.infoUrl = endpoint.infoUrl;
    if (endpoint.region !== undefined) options.region = endpoint.region;
  }
  const client = new UpbitClient(options);
  const source = emu ? `emulator ${emu.url}` : client.toJSON().url;
  return {
    client,
    source,
    async close() {
      await client.close();
      await emu?.close();
    },
  };
}

function subscribe(
  client: UpbitClient,
  target: Target,
  options: { stream: "both" | "snapshot" | "realtime"; signal: AbortSignal },
): Subscription<UpbitEvent> {
  const o = { ...options, overflow: "drop-oldest" as const };
  const t = target.type;
  let sub: Subscription<UpbitEvent>;
  if (t === "ticker") sub = client.ticker(target.codes, o) as Subscription<UpbitEvent>;
  else if (t === "trade") sub = client.trade(target.codes, o) as Subscription<UpbitEvent>;
  else if (t === "orderbook") {
    const book = { ...o, ...(target.units ? { units: target.units } : {}) };
    if (target.level !== undefined) Object.assign(book, { level: target.level });
    sub = client.orderbook(target.codes, book) as Subscription<UpbitEvent>;
  } else if (t === "myOrder") sub = client.myOrder(target.codes, o) as Subscription<UpbitEvent>;
  else if (t === "myAsset") sub = client.myAsset(o) as Subscription<UpbitEvent>;
  else if (t === "announcement") {
    sub = client.announcements({
      ...o,
      ...(target.categories?.length
        ? { categories: target.categories as AnnouncementCategory[] }
        : {}),
      includeBody: target.includeBody === true,
    }) as Subscription<UpbitEvent>;
  } else if (t === "indicator") {
    sub = client.indicator(target.codes, {
      ...o,
      timeframe: target.timeframe as IndicatorTimeframe,
      indicators: target.indicators as IndicatorSpec[],
    }) as Subscription<UpbitEvent>;
  } else if (t === "indicator_signal") {
    sub = client.indicatorSignal(target.codes, {
      ...o,
      timeframe: target.timeframe as IndicatorTimeframe,
      indicators: target.indicators as SignalSpec[],
    }) as Subscription<UpbitEvent>;
  } else {
    const interval = t.slice("candle.".length) as Parameters<UpbitClient["candle"]>[0];
    sub = client.candle(interval, target.codes, o) as Subscription<UpbitEvent>;
  }
  return sub;
}

function stateOf(client: UpbitClient): ConnectionState | "connecting" {
  if (client.closed) return "closed";
  const c = client.health().connections[0];
  return c?.state ?? "connecting";
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a `fetch` failed, in the runtime's words, naming a missing Deno permission as such. */
function fetchFailure(error: unknown, url: string): string {
  const name = (error as { name?: unknown } | null)?.name;
  if (name === "NotCapable" || name === "PermissionDenied") {
    return `Deno's net permission is missing: run with --allow-net=${new URL(url).host}`;
  }
  const parts: string[] = [];
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 3; depth++) {
    parts.push(e.message);
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && !e.message.includes(code)) parts.push(code);
    e = e.cause;
  }
  return parts.filter((p) => p !== "").join(": ") || String(error);
}

/**
 * Tracks whether any connection of the client opened, for commands that must not exit 0 when
 * they never got through (e.g. a `--duration` run against an unreachable host).
 */
function watchOpen(client: UpbitClient): { readonly opened: boolean; dispose(): void } {
  let opened = false;
  const onOpen = () => {
    opened = true;
  };
  client.addEventListener("open", onOpen);
  return {
    get opened() {
      return opened;
    },
    dispose: () => client.removeEventListener("open", onOpen),
  };
}

/** The exit code of a stream command that ended: 1 (and why, on stderr) if it never connected. */
function streamExit(
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  target: Target,
  opened: boolean,
  lastError: string | undefined,
): number {
  const code = life.stopCode() ?? 0;
  if (opened || code !== 0) return code;
  const endpoints = client.toJSON();
  const url = target.type === "indicator" || target.type === "indicator_signal"
    ? endpoints.infoUrl
    : ["myOrder", "myAsset", "announcement"].includes(target.type)
    ? endpoints.privateUrl
    : endpoints.url;
  io.error(
    `upbit-ws: Cannot stream ${target.type} as the connection to ${url} never opened` +
      `${lastError === undefined ? "" : ` (last error: ${lastError})`}\n`,
  );
  return 1;
}

const watch: Run<"watch"> = async (inv, io, life) => {
  const { target } = inv;
  // Account events have a view of their own (orders and balances), so have notices and
  // indicators (a feed table).
  const priv = target.type === "myOrder" || target.type === "myAsset";
  const push = ["announcement", "indicator", "indicator_signal"].includes(target.type);
  const table = io.isTty && !inv.json;
  const conn = await connect(inv.endpoint, target);
  const { client } = conn;
  const open = watchOpen(client);
  let lastError: string | undefined;
  const onError = (e: UpbitErrorEvent) => {
    lastError = `${e.error.code}: ${e.error.message}`;
    if (!table) io.error(`upbit-ws: ${lastError}\n`);
  };
  client.addEventListener("error", onError);
  const sub = subscribe(client, target, { stream: inv.stream, signal: life.signal });
  try {
    if (!table) {
      for await (const event of sub) {
        try {
          await io.write(ndjsonLine(event));
        } catch {
          break; // stdout closed (e.g. `| head`): a normal end
        }
      }
    } else {
      const code = priv
        ? await accountTable(inv, io, life, client, sub, conn.source, () => lastError)
        : push
        ? await feedTable(inv, io, life, client, sub, conn.source, () => lastError)
        : await liveTable(inv, io, life, client, sub, conn.source, () => lastError);
      if (code !== 0) return code;
    }
    return streamExit(io, life, client, target, open.opened, lastError);
  } finally {
    sub.close();
    open.dispose();
    client.removeEventListener("error", onError);
    await conn.close();
  }
};

/** The live table of notices or indicators (see `cli/feed.ts`), redrawn like the market table. */
async function feedTable(
  inv: Extract<Invocation, { command: "watch" }>,
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  sub: Subscription<UpbitEvent>,
  source: string,
  lastError: () => string | undefined,
): Promise<number> {
  const feed = new Feed(inv.target.type === "announcement");
  const color = inv.color ?? io.env("NO_COLOR") === undefined;
  const title = inv.target.timeframe
    ? `${inv.target.type} ${inv.target.timeframe}`
    : inv.target.type;
  let printed = 0;
  const draw = async () => {
    const err = lastError();
    const lines = renderFeed(
      feed.rows(),
      { state: stateOf(client), title, source, ...(err !== undefined ? { error: err } : {}) },
      Date.now(),
      { color, width: io.columns() },
    );
    const text = redraw(printed, lines);
    printed = lines.length;
    await io.write(text);
  };
  await io.write(HIDE_CURSOR);
  let drawing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    drawing = drawing.then(draw).catch(() => {});
  }, 500);
  try {
    await draw();
    for await (const event of sub) {
      feed.apply(event as FeedEvent, Date.now());
      drawing = drawing.then(draw).catch(() => {});
    }
    return life.stopCode() ?? 0;
  } finally {
    clearInterval(timer);
    await drawing;
    await draw().catch(() => {});
    await io.write(SHOW_CURSOR).catch(() => {});
  }
}

async function liveTable(
  inv: Extract<Invocation, { command: "watch" }>,
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  sub: Subscription<UpbitEvent>,
  source: string,
  lastError: () => string | undefined,
): Promise<number> {
  const { target } = inv;
  const board = new Board(target.codes);
  const color = inv.color ?? io.env("NO_COLOR") === undefined;
  // The table shows price and spread whatever is watched: add the stream that has what the
  // watched type lacks (a 1-level book for ticker and candle, the ticker for the orderbook).
  let dirty = true;
  let title = target.type;
  let extra: Subscription<UpbitEvent> | undefined;
  const opts = { signal: life.signal, stream: "both" as const, onError: () => {} };
  if (target.type === "ticker" || target.type.startsWith("candle.")) {
    title += " + orderbook";
    extra = client.subscribeOrderbook(target.codes, (e) => {
      board.apply(e, Date.now());
      dirty = true;
    }, { ...opts, units: 1 }) as Subscription<UpbitEvent>;
  } else if (target.type === "orderbook") {
    title += " + ticker";
    extra = client.subscribeTicker(target.codes, (e) => {
      board.apply(e, Date.now());
      dirty = true;
    }, opts) as Subscription<UpbitEvent>;
  }
  let printed = 0;
  let lastDraw = 0;
  let lastEvents = 0;
  let lastRateAt = Date.now();
  let rate = 0;
  const draw = async (now: number) => {
    if (now - lastRateAt >= 1000) {
      rate = ((board.events - lastEvents) * 1000) / (now - lastRateAt);
      lastEvents = board.events;
      lastRateAt = now;
    }
    const err = lastError();
    const lines = renderBoard(
      board.rows(),
      {
        state: stateOf(client),
        title,
        rate,
        source,
        ...(err !== undefined ? { error: err } : {}),
      },
      now,
      { color, width: io.columns() },
    );
    const text = redraw(printed, lines);
    printed = lines.length;
    lastDraw = now;
    dirty = false;
    await io.write(text);
  };
  await io.write(HIDE_CURSOR);
  // At most 10 redraws a second; the age column still ticks twice a second when nothing arrives.
  let drawing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    const now = Date.now();
    if (dirty || now - lastDraw >= 500) drawing = drawing.then(() => draw(now)).catch(() => {});
  }, 100);
  try {
    await draw(Date.now());
    for await (const event of sub) {
      board.apply(event, Date.now());
      dirty = true;
    }
    return life.stopCode() ?? 0;
  } finally {
    clearInterval(timer);
    extra?.close();
    await drawing;
    await draw(Date.now()).catch(() => {});
    await io.write(SHOW_CURSOR).catch(() => {});
  }
}

/**
 * `watch myOrder`/`watch myAsset` on a terminal: the connection state, the orders and the
 * balances, drawn at once and redrawn on every change (Upbit sends private events only when
 * something changes, so an empty table says "nothing yet" rather than leaving a blank screen).
 * Watching one private type also subscribes to the other, to fill both tables.
 */
async function accountTable(
  inv: Extract<Invocation, { command: "watch" }>,
  io: Io,
  life: Lifetime,
  client: UpbitClient,
  sub: Subscription<UpbitEvent>,
  source: string,
  lastError: () => string | undefined,
): Promise<number> {
  const { target } = inv;
  const board = new AccountBoard();
  const color = inv.color ?? io.env("NO_COLOR") === undefined;
  let dirty = true;
  const opts = { signal: life.signal, onError: () => {} };
  const onExtra = (e: UpbitEvent) => {
    board.apply(e, Date.now());
    dirty = true;
  };
  const extra = target.type === "myOrder"
    ? client.subscribeMyAsset(onExtra, opts) as Subscription<UpbitEvent>
    : client.subscribeMyOrder([], onExtra, opts) as Subscription<UpbitEvent>;
  const title = target.type === "myOrder"
    ? `myOrder${target.codes.length > 0 ? ` ${target.codes.join(",")}` : ""} + myAsset`
    : "myAsset + myOrder";
  let printed = 0;
  let lastDraw = 0;
  const draw = async (now: number) => {
    const err = lastError();
    const lines = renderAccount(
      board,
      { state: stateOf(client), title, source, ...(err !== undefined ? { error: err } : {}) },
      now,
      { color, width: io.columns() },
    );
    const text = redraw(printed, lines);
    printed = lines.length;
    lastDraw = now;
    dirty = false;
    await io.write(text);
  };
  await io.write(HIDE_CURSOR);
  let drawing: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    const now = Date.now();
    if (dirty || now - lastDraw >= 500) drawing = drawing.then(() => draw(now)).catch(() => {});
  }, 100);
  try {
    await draw(Date.now());
    for await (const event of sub) {
      board.apply(event, Date.now());
      dirty = true;
    }
    return life.stopCode() ?? 0;
  } finally {
    clearInterval(timer);
    extra.close();
    await drawing;
    await draw(Date.now()).catch(() => {});
    await io.write(SHOW_CURSOR).catch(() => {});
  }
}

const snapshot: Run<"snapshot"> = async (inv, io, life) => {
  const { target } = inv;
  const conn = await connect(inv.endpoint, target);
  try {
    const options: {
      timeoutMs: number;
      signal: AbortSignal;
      units?: 1 | 5 | 15 | 30;
      level?: number;
    } = {
      timeoutMs: inv.timeoutMs,
      signal: life.signal,
    };
    if (target.units !== undefined) options.units = target.units;
    if (target.level !== undefined) options.level = target.level;
    let events: unknown[];
    try {
      events = await conn.client.snapshot(
        target.type as "ticker",
        target.codes,
        options,
      );
    } catch (e) {
      const code = life.stopCode();
      if (code !== undefined) return code;
      throw e;
    }
    for (const event of events) {
      await io.write(inv.pretty ? `${JSON.stringify(event, null, 2)}\n` : ndjsonLine(event));
    }
    return 0;
  } finally {
    await conn.close();
  }
};

/** A WebSocket constructor that hands every received frame to `onFrame` before the client. */
function tapWebSocket(
  onFrame: (data: unknown) => void,
): WebSocketConstructor {
  const Base = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Base === undefined) {
    throw new Error("Cannot record as this runtime has no global WebSocket");
  }
  return class TappedWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", (e: MessageEvent) => onFrame(e.data));
    }
  };
}

function frameBytes(data: unknown): string | Uint8Array | undefined {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return undefined;
}

const record: Run<"record"> = async (inv, io, life) => {
  const file = await io.createFile(inv.file);
  const stop = new AbortController();
  const signal = AbortSignal.any([life.signal, stop.signal]);
  let frames = 0;
  let bytes = 0;
  let pending: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const flush = () => {
    if (pending.length === 0) return writing;
    const chunk = pending.join("");
    pending = [];
    writing = writing.then(() => file.write(chunk)).catch((e: unknown) => {
      writeError ??= e;
      stop.abort(e);
    });
    return writing;
  };
  const onFrame = (data: unknown) => {
    if (signal.aborted) return;
    const frame = frameBytes(data);
    if (frame === undefined) return;
    frames++;
    bytes += typeof frame === "string"
      ? new TextEncoder().encode(frame).byteLength
      : frame.byteLength;
    pending.push(`${formatRecordingLine(Date.now(), frame)}\n`);
    if (pending.length >= 256) void flush();
    if (inv.maxFrames !== undefined && frames >= inv.maxFrames) stop.abort(new Error("--frames"));
  };
  const conn = await connect(inv.endpoint, inv.target, { WebSocket: tapWebSocket(onFrame) });
  const { client } = conn;
  const open = watchOpen(client);
  let lastError: string | undefined;
  client.addEventListener("error", (e) => {
    lastError = `${e.error.code}: ${e.error.message}`;
    io.error(`${io.isTty ? "\r\x1b[2K" : ""}upbit-ws: ${lastError}\n`);
  });
  const started = Date.now();
  let lastFrames = 0;
  let lastAt = started;
  let rate = 0;
  const progress = () => {
    const now = Date.now();
    if (now - lastAt >= 1000) {
      rate = ((frames - lastFrames) * 1000) / (now - lastAt);
      lastFrames = frames;
      lastAt = now;
    }
    const line = progressLine({
      file: inv.file,
      frames,
      bytes,
      elapsedMs: now - started,
      rate,
      state: stateOf(client),
    });
    return io.write(`\r\x1b[2K${line}`).catch(() => {});
  };
  const timer = setInterval(() => {
    void flush();
    if (io.isTty) void progress();
  }, 250);
  const sub = subscribe(client, inv.target, { stream: inv.stream, signal });
  try {
    for await (const _ of sub) {
      // The frames are recorded by the tap; the events only keep the subscription consumed.
    }
  } finally {
    clearInterval(timer);
    sub.close();
    await conn.close();
    await flush();
    await file.close();
  }
  open.dispose();
  if (writeError !== undefined) throw writeError;
  if (io.isTty) await progress().then(() => io.write("\n"));
  else io.error(`upbit-ws: recorded ${frames} frames (${bytes} bytes) to ${inv.file}\n`);
  return streamExit(io, life, client, inv.target, open.opened, lastError);
};

/** Markets of a recording that the default list lacks, priced from their first frame. */
function extraMarkets(
  frames: readonly RecordedFrame[],
  known: ReadonlySet<string>,
): { market: string; koreanName: string; englishName: string; price: number }[] {
  const out = new Map<string, number>();
  for (const f of frames) {
    const code = /"(?:code|cd)":"([A-Z0-9]+-[A-Z0-9]+)"/.exec(f.text)?.[1];
    if (code === undefined || known.has(code) || out.has(code)) continue;
    const price = /"(?:trade_price|tp|ask_price|ap)":(-?[\d.]+(?:E-?\d+)?)/i.exec(f.text)?.[1];
    out.set(code, Number(price) > 0 ? Number(price) : 1);
  }
  return [...out].map(([market, price]) => ({
    market,
    koreanName: market,
    englishName: market,
    price,
  }));
}

function printUrls(io: Io, emu: Emulator, what: string): Promise<void> {
  return io.write(
    `${what} on 127.0.0.1:${emu.port}\n` +
      `  public   ${emu.url}\n` +
      `  private  ${emu.privateUrl}\n` +
      `  info     ${emu.infoUrl}\n` +
      `  REST     ${emu.httpUrl}/v1/market/all\n` +
      `  control  ${emu.httpUrl}/__emulator/state\n` +
      `  (publish an announcement: POST ${emu.httpUrl}/__emulator/announcements;\n` +
      `   close a candle for indicators: POST ${emu.httpUrl}/__emulator/indicators/close)\n`,
  );
}

async function waitForSubscriber(emu: Emulator, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    if (emu.connections().some((c) => c.open && c.subscriptions.length > 0)) return;
    await new Promise<void>((r) => {
      const t = setTimeout(r, 50);
      signal.addEventListener("abort", () => {
        clearTimeout(t);
        r();
      }, { once: true });
    });
  }
}

const replay: Run<"replay"> = async (inv, io, life) => {
  const frames = parseRecording(await io.readText(inv.file));
  if (frames.length === 0) throw new Error(`Cannot replay "${inv.file}" as it holds no frames`);
  const { startEmulator } = await loadEmulator();
  const { defaultMarkets } = await import("../testing/markets.ts");
  const markets = defaultMarkets();
  const known = new Set(markets.map((m) => m.market));
  const emu = await startEmulator({
    port: inv.port,
    market: { tickMs: 0, markets: [...markets, ...extraMarkets(frames, known)] },
  });
  try {
    await printUrls(
      io,
      emu,
      `upbit-ws replaying ${inv.file} (${frames.length} frames, speed ${inv.speed})`,
    );
    if (inv.wait) {
      await io.write("Waiting for a client to subscribe… (Ctrl-C to stop)\n");
      await waitForSubscriber(emu, life.signal);
    }
    let round = 0;
    while (!life.signal.aborted) {
      round++;
      const started = Date.now();
      const handle = emu.replay(frames, { speed: inv.speed });
      await Promise.race([handle.done, aborted(life.signal)]);
      handle.stop();
      await io.write(
        `replayed ${handle.sent} of ${frames.length} frames in ${
          ((Date.now() - started) / 1000).toFixed(1)
        } s${inv.loop ? ` (round ${round})` : ""}\n`,
      );
      if (!inv.loop) break;
    }
    return life.stopCode() ?? 0;
  } finally {
    await emu.close();
  }
};

const emulate: Run<"emulate"> = async (inv, io, life) => {
  const { startEmulator } = await loadEmulator();
  const emu = await startEmulator({ port: inv.port, market: { seed: inv.seed } });
  try {
    await printUrls(io, emu, "upbit-ws emulator listening");
    await io.write(
      `Accounts: add one with POST ${emu.httpUrl}/__emulator/accounts {"accessKey":"…","secretKey":"…"}\n` +
        `Ctrl-C to stop.\n`,
    );
    await aborted(life.signal);
    return life.stopCode() ?? 0;
  } finally {
    await emu.close();
  }
};

const REST_HOSTS = {
  kr: "api.upbit.com",
  sg: "sg-api.upbit.com",
  id: "id-api.upbit.com",
  th: "th-api.upbit.com",
};

const markets: Run<"markets"> = async (inv, io, life) => {
  let emu: Emulator | undefined;
  try {
    let base = `https://${REST_HOSTS[inv.endpoint.region ?? "kr"]}`;
    if (inv.endpoint.url !== undefined) {
      // The REST twin of the WebSocket host (the emulator serves both on one port).
      const ws = new URL(inv.endpoint.url);
      base = `${ws.protocol === "wss:" ? "https:" : "http:"}//${ws.host}`;
    }
    if (inv.endpoint.emulator) {
      const { startEmulator } = await loadEmulator();
      emu = await startEmulator({ market: { tickMs: 0 } });
      base = emu.httpUrl;
    }
    const url = `${base}/v1/market/all${inv.details ? "?is_details=true" : ""}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: life.signal, headers: { accept: "application/json" } });
    } catch (e) {
      if (life.signal.aborted) throw e;
      throw new Error(
        `Cannot list markets as ${url} could not be reached: ${fetchFailure(e, url)}`,
        {
          cause: e,
        },
      );
    }
    const body = await res.text();
    if (!res.ok) {
      throw new Error(`Cannot list markets as ${url} answered HTTP ${res.status}`);
    }
    const list = filterMarkets(JSON.parse(body) as MarketEntry[], inv.quote);
    if (io.isTty && !inv.json) {
      const color = io.env("NO_COLOR") === undefined;
      await io.write(`${renderMarkets(list, { color, width: io.columns() }).join("\n")}\n`);
    } else {
      for (const m of list) await io.write(ndjsonLine(m));
    }
    return 0;
  } catch (e) {
    const code = life.stopCode();
    if (code !== undefined) return code;
    throw e;
  } finally {
    await emu?.close();
  }
};

/** Connects to NATS: TCP (`nats://`, `tls://`) on Node/Deno/Bun, or WebSocket. */
async function connectNats(url: string, name: string) {
  const options = { servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 };
  if (/^wss?:/.test(url)) {
    const { wsconnect } = await import("@nats-io/nats-core");
    return await wsconnect(options);
  }
  const { connect } = await import("@nats-io/transport-node");
  return await connect(options);
}

/** The codes of every market quoted in `quote`, from the REST twin of the endpoint. */
async function quotedCodes(
  quote: string,
  endpoint: Endpoint,
  emulatorHttp: string | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  let base = emulatorHttp ?? `https://${REST_HOSTS[endpoint.region ?? "kr"]}`;
  if (emulatorHttp === undefined && endpoint.url !== undefined) {
    const ws = new URL(endpoint.url);
    base = `${ws.protocol === "wss:" ? "https:" : "http:"}//${ws.host}`;
  }
  const res = await fetch(`${base}/v1/market/all`, { signal });
  if (!res.ok) throw new Error(`Cannot list markets as ${base} answered HTTP ${res.status}`);
  return filterMarkets(await res.json() as MarketEntry[], quote).map((m) => m.market);
}

const relayCommand: Run<"relay"> = async (inv, io, life) => {
  const { relay } = await import("../nats/relay.ts");
  const target: Target = { type: "ticker", codes: [] };
  const withKeys = inv.myOrderSubject !== undefined || inv.myAssetSubject !== undefined;
  const upbit = await connect(inv.endpoint, withKeys ? { type: "myOrder", codes: [] } : target);
  let nc: Awaited<ReturnType<typeof connectNats>> | undefined;
  let stats: ReturnType<typeof setInterval> | undefined;
  try {
    const emulatorHttp = inv.endpoint.emulator
      ? upbit.source.replace(/^emulator ws/, "http").replace(/\/websocket\/v1$/, "")
      : undefined;
    const codes = [...inv.codes];
    if (inv.quote !== undefined) {
      for (const c of await quotedCodes(inv.quote, inv.endpoint, emulatorHttp, life.signal)) {
        if (!codes.includes(c)) codes.push(c);
      }
    }
    nc = await connectNats(inv.nats, "upbit-ws relay");
    const r = relay(upbit.client, {
      nats: nc,
      types: inv.types,
      codes,
      prefix: inv.prefix,
      ack: inv.ack,
      lease: inv.leaseTtlMs === 0 ? false : { ttlMs: inv.leaseTtlMs },
      private: {
        ...(inv.myOrderSubject !== undefined ? { myOrder: inv.myOrderSubject } : {}),
        ...(inv.myAssetSubject !== undefined ? { myAsset: inv.myAssetSubject } : {}),
      },
      onError: (e) => io.error(`upbit-ws relay: ${describe(e)}\n`),
    });
    await r.ready;
    const line = () => {
      const st = r.stats();
      return `relay ${st.id} ${st.active ? "active" : "standby"} published=${st.published} ` +
        `acked=${st.acked} failed=${st.failed} inFlight=${st.inFlight} lagMs=${
          st.lagMs.toFixed(0)
        } ackMs=${st.ackMs.toFixed(2)} consumers=${st.consumers} interests=${st.interests}\n`;
    };
    io.error(
      `upbit-ws relay: ${upbit.source} → ${inv.nats} (${inv.prefix}.<type>.<code>), ` +
        `${inv.types.join(",")} × ${codes.length} codes + demand; Ctrl-C to stop\n`,
    );
    io.error(line());
    if (inv.statsMs > 0) stats = setInterval(() => io.error(line()), inv.statsMs);
    await aborted(life.signal);
    await r.close();
    io.error(line());
    return life.stopCode() ?? 0;
  } finally {
    if (stats !== undefined) clearInterval(stats);
    await nc?.close().catch(() => {});
    await upbit.close();
  }
};

const dashboard: Run<"dashboard"> = async (inv, io, life) => {
  const { startDashboard } = await import("./dashboard/start.ts");
  if (inv.nats !== undefined) return await dashboardFromBus(inv, inv.nats, io, life);
  const options: UpbitClientOptions = { name: "upbit-ws-dashboard" };
  if (inv.endpoint.format !== undefined) options.format = inv.endpoint.format;
  let emu: Emulator | undefined;
  let accessKey: string | undefined;
  if (inv.endpoint.emulator) {
    const { startEmulator } = await loadEmulator();
    const keys = throwawayKeys();
    accessKey = keys.accessKey;
    emu = await startEmulator({
      accounts: [{ ...keys, balances: { KRW: 10_000_000, BTC: 0.05, ETH: 1 } }],
    });
    options.url = emu.url;
    options.privateUrl = emu.privateUrl;
    Object.assign(options, keys);
  } else {
    if (inv.endpoint.url !== undefined) options.url = inv.endpoint.url;
    if (inv.endpoint.privateUrl !== undefined) options.privateUrl = inv.endpoint.privateUrl;
    if (inv.endpoint.region !== undefined) options.region = inv.endpoint.region;
    if (inv.private) {
      const ak = io.env("UPBIT_ACCESS_KEY");
      const sk = io.env("UPBIT_SECRET_KEY");
      if (!ak || !sk) {
        throw new Error(
          "Cannot show private data as UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY are not both set",
        );
      }
      options.accessKey = ak;
      options.secretKey = sk;
    }
  }
  const client = new UpbitClient(options);
  let dash: Awaited<ReturnType<typeof startDashboard>> | undefined;
  try {
    const e = emu;
    const ak = accessKey;
    dash = await startDashboard({
      client,
      codes: inv.codes,
      private: inv.private,
      port: inv.port,
      units: inv.units,
      ...(e !== undefined && ak !== undefined
        ? { seed: (model: DashboardModel) => seedFromEmulator(e, ak, inv.codes, model) }
        : {}),
    });
    const source = emu ? `emulator ${emu.url}` : client.toJSON().url;
    await io.write(
      `upbit-ws dashboard: ${dash.url}\n` +
        `  codes     ${inv.codes.join(" ")}\n` +
        `  feed      ${source}${inv.private ? " (with private data)" : ""}\n` +
        (emu !== undefined && accessKey !== undefined
          ? `  emulator  control API ${emu.httpUrl}/__emulator/ (account ${accessKey})\n`
          : "") +
        (inv.private ? "  The URL carries a token: share it only with yourself.\n" : "") +
        `Open the URL in a browser. Ctrl-C to stop.\n`,
    );
    await aborted(life.signal);
    return life.stopCode() ?? 0;
  } finally {
    await dash?.close();
    await client.close();
    await emu?.close();
  }
};

/** `dashboard --nats`: the page fed by a bus consumer reading what `upbit-ws relay` publishes. */
async function dashboardFromBus(
  inv: Extract<Invocation, { command: "dashboard" }>,
  url: string,
  io: Io,
  life: Lifetime,
): Promise<number> {
  const { startDashboard } = await import("./dashboard/start.ts");
  const { UpbitNatsClient } = await import("../nats/client.ts");
  const nc = await connectNats(url, "upbit-ws-dashboard");
  const bus = new UpbitNatsClient({ connection: nc });
  let dash: Awaited<ReturnType<typeof startDashboard>> | undefined;
  try {
    dash = await startDashboard({
      bus,
      codes: inv.codes,
      private: false,
      port: inv.port,
      units: inv.units,
    });
    await io.write(
      `upbit-ws dashboard: ${dash.url}\n` +
        `  codes     ${inv.codes.join(" ")}\n` +
        `  feed      NATS ${url} (what upbit-ws relay publishes)\n` +
        `Open the URL in a browser. Ctrl-C to stop.\n`,
    );
    await aborted(life.signal);
    return life.stopCode() ?? 0;
  } finally {
    await dash?.close();
    await bus.close();
    await nc.close();
  }
}

/**
 * The emulated account as the dashboard starts: a resting buy below the market on the first code
 * (so an open order shows at once), its balances and its open orders, put in the model (myAsset
 * and myOrder send changes only).
 */
function seedFromEmulator(
  emu: Emulator,
  accessKey: string,
  codes: readonly string[],
  model: DashboardModel,
): void {
  const code = codes.find((c) => emu.market.has(c));
  if (code !== undefined) {
    const tick = emu.market.tickSize(code);
    const price = Math.floor((emu.market.lastPrice(code) * 0.95) / tick) * tick;
    const volume = Math.floor((100_000 / price) * 1e8) / 1e8;
    if (price > 0 && volume > 0) {
      emu.accounts.placeOrder(accessKey, { market: code, side: "bid", price, volume });
    }
  }
  for (const b of emu.accounts.balances(accessKey)) model.setBalance(b);
  for (const o of emu.accounts.orders(accessKey)) {
    model.setOrder({
      uuid: o.uuid,
      code: o.market,
      side: o.side === "bid" ? "BID" : "ASK",
      orderType: o.ordType,
      state: o.state,
      price: o.price,
      volume: o.volume,
      remainingVolume: o.remainingVolume,
      executedVolume: o.executedVolume,
      at: o.orderTimestamp,
    });
  }
}

/**
 * Runs a command line and resolves with the exit code: 0 success, 1 runtime failure, 2 bad
 * arguments, 130/143 stopped by SIGINT/SIGTERM (after a clean shutdown).
 *
 * @param argv the arguments after the program name
 * @param io the runtime adapter
 * @returns the exit code
 *
 * @example
 * ```ts
 * import { run } from "./commands.ts";
 * import { currentIo } from "./runtime.ts";
 * const code = await run(["snapshot", "ticker", "KRW-BTC", "--emulator"], currentIo());
 * ```
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let inv: Invocation;
  try {
    inv = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.command ? `upbit-ws ${e.command} --help` : "upbit-ws --help";
      io.error(`upbit-ws: ${e.message}\nRun "${hint}" for usage.\n`);
      return 2;
    }
    throw e;
  }
  if (inv.command === "help") {
    await io.write(`${helpText(inv.topic)}\n`);
    return 0;
  }
  if (inv.command === "version") {
    await io.write(`${VERSION}\n`);
    return 0;
  }
  const durationMs = "durationMs" in inv ? inv.durationMs : undefined;
  const life = lifetime(io, durationMs);
  try {
    switch (inv.command) {
      case "watch":
        return await watch(inv, io, life);
      case "snapshot":
        return await snapshot(inv, io, life);
      case "record":
        return await record(inv, io, life);
      case "replay":
        return await replay(inv, io, life);
      case "emulate":
        return await emulate(inv, io, life);
      case "markets":
        return await markets(inv, io, life);
      case "relay":
        return await relayCommand(inv, io, life);
      case "dashboard":
        return await dashboard(inv, io, life);
    }
  } catch (e) {
    // A closed stdout (`| head`) is how a reader says it has enough: a normal end.
    if ((e as { code?: unknown })?.code === "EPIPE") return life.stopCode() ?? 0;
    const code = life.stopCode();
    if (code !== undefined && life.signal.aborted && code !== 0) return code;
    io.error(`upbit-ws: ${describe(e)}\n`);
    return 1;
  } finally {
    life.dispose();
  }
}
