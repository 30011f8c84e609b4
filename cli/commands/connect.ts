/**
 * What the stream commands share: a client connected to the chosen endpoint (or to a throwaway
 * emulator, loaded only then since it needs `node:http` and `ws`), the subscription a target
 * names, the connection state, and the exit code and message of a stream that never connected.
 *
 * @module
 */
import type { Lifetime } from "./lifetime.ts";
import {
  type ConnectionState,
  type IndicatorSpec,
  resolveEndpoints,
  type SignalSpec,
  UpbitClient,
  type UpbitClientOptions,
  type UpbitEvent,
} from "../../mod.ts";
import type { Emulator } from "../../testing/server/emulator.ts";
import { type Endpoint, type Target } from "../args/invocation.ts";
import type { Io } from "../runtime.ts";
import { endpointOf } from "../../src/protocol/data_types.ts";

/** Loads the emulator's server (it needs `node:http` and `ws`), saying why when it cannot. */
export async function loadEmulator(): Promise<typeof import("../../testing/server/server.ts")> {
  try {
    return await import("../../testing/server/server.ts");
  } catch (e) {
    throw new Error(`Cannot start the emulator as ${emulatorLoadFailure(e)}`);
  }
}

/**
 * Why the emulator's server could not be loaded: a permission Deno denied (its `ws` reads the
 * env as it loads), named with the flag to add, or else the `ws` package it needs.
 */
export function emulatorLoadFailure(error: unknown): string {
  const message = describe(error);
  const name = (error as { name?: unknown } | null)?.name;
  const flag = /--allow-[a-z-]+/.exec(message)?.[0];
  if (name !== "NotCapable" && name !== "PermissionDenied" && flag === undefined) {
    return `its server could not be loaded (it needs the "ws" package): ${message}`;
  }
  return `Deno denied a permission it needs: run with ${flag ?? "--allow-env"} (${message})`;
}

/** Random keys for a throwaway emulator account. */
export function throwawayKeys(): { accessKey: string; secretKey: string } {
  return { accessKey: `cli-${crypto.randomUUID()}`, secretKey: crypto.randomUUID() };
}

interface Connected {
  client: UpbitClient;
  /** The URL the target's stream is served on (see {@linkcode streamUrl}). */
  url: string;
  /** What the status line names: the URL, prefixed `emulator ` for a throwaway emulator. */
  source: string;
  close(): Promise<void>;
}

/**
 * The URL of the endpoint a stream type is served on, for the status line, resolved with the
 * public {@linkcode resolveEndpoints} from the options the client gets (so it is the URL the
 * client connects to): the private one for `myOrder`, `myAsset` and `announcement`, `/info` for
 * `indicator` and `indicator_signal`, the public one otherwise; without any user name and
 * password the URL carries.
 *
 * @param type the watched type (`ticker`, `myOrder`, ...)
 * @param options the client's endpoint options
 * @returns the URL
 * @throws {TypeError} for endpoint options the client would refuse too
 *
 * @example
 * ```ts ignore
 * streamUrl("myAsset", { region: "kr" }); // "wss://api.upbit.com/websocket/v1/private"
 * ```
 */
export function streamUrl(
  type: string,
  options: Pick<UpbitClientOptions, "url" | "privateUrl" | "infoUrl" | "region">,
): string {
  const endpoints = resolveEndpoints(options);
  const url = endpoints[endpointOf(type)];
  const parsed = new URL(url);
  if (parsed.username === "" && parsed.password === "") return url;
  parsed.username = parsed.password = "";
  return parsed.href;
}

/**
 * A client on the chosen endpoint, or on a throwaway emulator with an account whose keys the
 * client gets for private targets; `close` closes both.
 */
export async function connect(
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
    if (endpointOf(target.type) !== "public") Object.assign(options, keys);
  } else {
    if (endpoint.url !== undefined) options.url = endpoint.url;
    if (endpoint.privateUrl !== undefined) options.privateUrl = endpoint.privateUrl;
    if (endpoint.infoUrl !== undefined) options.infoUrl = endpoint.infoUrl;
    if (endpoint.region !== undefined) options.region = endpoint.region;
  }
  const client = new UpbitClient(options);
  const url = streamUrl(target.type, options);
  return {
    client,
    url,
    source: emu ? `emulator ${url}` : url,
    async close() {
      await client.close();
      await emu?.close();
    },
  };
}

/**
 * What the commands use of a subscription: its events, in order, and `close`. Every
 * `Subscription<T>` of the client fits as it is (a `Subscription<TickerEvent>` is not a
 * `Subscription<UpbitEvent>`: it takes in only tickers).
 */
export interface EventStream extends AsyncIterable<UpbitEvent> {
  /** Ends the subscription. */
  close(): void;
}

/** The subscription a target names (`drop-oldest`: a slow terminal loses old events, not memory). */
export function subscribe(
  client: UpbitClient,
  target: Target,
  options: { stream: "both" | "snapshot" | "realtime"; signal: AbortSignal },
): EventStream {
  const o = { ...options, overflow: "drop-oldest" as const };
  const t = target.type;
  let sub: EventStream;
  if (t === "ticker") sub = client.ticker(target.codes, o);
  else if (t === "trade") sub = client.trade(target.codes, o);
  else if (t === "orderbook") {
    const book = { ...o, ...(target.units ? { units: target.units } : {}) };
    if (target.level !== undefined) Object.assign(book, { level: target.level });
    sub = client.orderbook(target.codes, book);
  } else if (t === "myOrder") sub = client.myOrder(target.codes, o);
  else if (t === "myAsset") sub = client.myAsset(o);
  else if (t === "announcement") {
    sub = client.announcements({
      ...o,
      ...(target.categories?.length ? { categories: target.categories } : {}),
      includeBody: target.includeBody === true,
    });
  } else if (t === "indicator") {
    sub = client.indicator(target.codes, {
      ...o,
      timeframe: target.timeframe ?? "5m",
      indicators: target.indicators as IndicatorSpec[],
    });
  } else if (t === "indicator_signal") {
    sub = client.indicatorSignal(target.codes, {
      ...o,
      timeframe: target.timeframe ?? "5m",
      indicators: target.indicators as SignalSpec[],
    });
  } else {
    const interval = t.slice("candle.".length) as Parameters<UpbitClient["candle"]>[0];
    sub = client.candle(interval, target.codes, o);
  }
  return sub;
}

/** The state of the client's first connection (`connecting` before there is one). */
export function stateOf(client: UpbitClient): ConnectionState | "connecting" {
  if (client.closed) return "closed";
  const c = client.health().connections[0];
  return c?.state ?? "connecting";
}

/** An error's message, or the thrown value as text. */
export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why a `fetch` failed, in the runtime's words, naming a missing Deno permission as such. */
export function fetchFailure(error: unknown, url: string): string {
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
export function watchOpen(client: UpbitClient): { readonly opened: boolean; dispose(): void } {
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

/**
 * The exit code of a stream command that ended: 1 (and why, on stderr) if it never connected to
 * `url`, the stream's URL ({@linkcode Connected.url}).
 */
export function streamExit(
  io: Io,
  life: Lifetime,
  url: string,
  target: Target,
  opened: boolean,
  lastError: string | undefined,
): number {
  const code = life.stopCode() ?? 0;
  if (opened || code !== 0) return code;
  io.error(
    `upbit-ws: Cannot stream ${target.type} as the connection to ${url} never opened` +
      `${lastError === undefined ? "" : ` (last error: ${lastError})`}\n`,
  );
  return 1;
}
