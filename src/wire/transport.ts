/**
 * Opening one WebSocket on the current runtime: {@linkcode openSocket} checks its arguments and
 * picks one upgrade path; only `src/wire/` knows which runtime it runs on. The file is longer than
 * 250 lines because the options' documentation is the reference of what each runtime does.
 *
 * - `upgrade_constructor.ts`: the WHATWG `WebSocket` everywhere, with its non-standard
 *   `{ headers }` second argument on Node (undici), Deno and Bun;
 * - `upgrade_ws_package.ts`: `new WS(url, { perMessageDeflate: false })` with the `ws` package on
 *   Node (loaded lazily), Bun's own `WebSocket`, or an injected one, to decline compression;
 * - `upgrade_fetch.ts`: the fetch-upgrade path on Cloudflare Workers (workerd), whose `WebSocket`
 *   constructor cannot send headers.
 *
 * What they share: `wait_open.ts` (settling on open), `open_failure.ts` (why an open failed,
 * for the reconnect loop too), `compression.ts` (permessage-deflate by runtime), `runtime.ts`
 * (which runtime this is).
 *
 * What a refused upgrade looks like, by runtime (measured): Deno and Bun put the HTTP status in
 * the `error` event's message, so 401/403 become `AuthenticationError` and 418/429 become
 * `RateLimitedError`; Node's undici says only "non-101 status code" (Node 22) or nothing
 * (Node 26), so there a refusal is a plain `ConnectionClosedError`. The fetch-upgrade path sees
 * the real status and the `Retry-After` header.
 *
 * @module
 */

import { NotSupportedError } from "../errors.ts";
import { COMPRESSION_DEFAULT, compressionProblem } from "./compression.ts";
import { missingWebSocket } from "./open_failure.ts";
import { runtimeKind, type TransportGlobals } from "./runtime.ts";
import { openWithConstructor } from "./upgrade_constructor.ts";
import { lookUpFetch, openViaFetch } from "./upgrade_fetch.ts";
import { loadWsPackage, openDecliningDeflate } from "./upgrade_ws_package.ts";
import type { OpenSettings } from "./wait_open.ts";

/**
 * A WebSocket constructor: the global one, mock-socket's, or any WHATWG-compatible one.
 *
 * @example Inject mock-socket's constructor
 * ```ts
 * import { WebSocket as MockWebSocket } from "mock-socket";
 * import type { WebSocketConstructor } from "upbit-ws";
 * const WS: WebSocketConstructor = MockWebSocket as unknown as WebSocketConstructor;
 * ```
 */
export type WebSocketConstructor = new (
  url: string | URL,
  protocols?: string | string[],
) => WebSocket;

/**
 * Options of {@linkcode openSocket}.
 *
 * @example Open a private socket with a bearer token and a 5 s connect timeout
 * ```ts
 * import { openSocket, type OpenSocketOptions } from "./transport.ts";
 * const options: OpenSocketOptions = {
 *   headers: { Authorization: "Bearer <jwt>" },
 *   timeoutMs: 5000,
 * };
 * const ws = await openSocket("wss://api.upbit.com/websocket/v1/private", options);
 * ws.close();
 * ```
 */
export interface OpenSocketOptions {
  /**
   * The WebSocket constructor. Defaults to `globalThis.WebSocket`, looked up at call time.
   */
  WebSocket?: WebSocketConstructor;
  /**
   * Headers for the upgrade request, e.g. `{ Authorization: "Bearer …" }` for private streams.
   * Their values never appear in error messages.
   */
  headers?: Record<string, string>;
  /** Aborting while connecting closes the half-open socket and rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** How long to wait for the socket to open, in milliseconds. Defaults to 10 000. */
  timeoutMs?: number;
  /**
   * Whether to offer permessage-deflate (RFC 7692) on the upgrade; Upbit then compresses every
   * frame (a 30-level order book about 6× smaller) and the client inflates each one (CPU).
   * Default: the runtime's default below, chosen from the measurements in BENCHMARKS.md.
   *
   * - `false` (the default on Node, Bun, Deno and workerd): Node opens the socket with the
   *   `ws` package (`perMessageDeflate: false`), loaded lazily only then; Bun passes
   *   `{ perMessageDeflate: false }` to its `WebSocket`; Deno never offers it; workerd opens
   *   through the fetch-upgrade path, which offers nothing. An explicit `false` on Node without
   *   the `ws` package, or on a runtime whose `WebSocket` cannot decline (browsers), throws
   *   {@linkcode NotSupportedError}; by default Node falls back to its native `WebSocket`.
   * - `true`: the native `WebSocket` of Node and Bun, and workerd's constructor, offer it.
   *   {@linkcode NotSupportedError} on Deno (its `WebSocket` has no compression) and for a
   *   socket with headers on workerd (its fetch-upgrade path does not negotiate it).
   *
   * With an injected `WebSocket`, `false` passes `{ perMessageDeflate: false }` (plus
   * `headers`) as the constructor's second argument, which the `ws` package and Bun understand;
   * `true` or unset leaves the constructor's arguments as they were.
   */
  compression?: boolean;
  /**
   * Called synchronously the moment the socket is open, before the promise resolves: attach the
   * `message`, `close` and `error` listeners here. On Deno a frame or a close that arrives with
   * the open is dispatched one microtask later (measured), so listeners added after
   * `await openSocket()` can miss it, e.g. an error frame sent right after the upgrade. If it
   * throws, the socket is closed and the promise rejects with what it threw.
   */
  onOpen?: (ws: WebSocket) => void;
}

/**
 * Test hooks of {@linkcode openSocket}; not part of the public API.
 *
 * @example Force the fetch-upgrade path with a fake `fetch`
 * ```ts
 * import { openSocket } from "./transport.ts";
 * const fakeFetch = (() => Promise.resolve(new Response(null, { status: 401 }))) as typeof fetch;
 * await openSocket("ws://127.0.0.1:1/", {
 *   headers: { Authorization: "Bearer x" },
 *   upgrade: "fetch",
 *   fetch: fakeFetch,
 * }).catch((e) => console.log(e.name)); // "AuthenticationError"
 * ```
 */
export interface OpenSocketInternals {
  /** The `fetch` of the fetch-upgrade path. Defaults to `globalThis.fetch` at call time. */
  fetch?: typeof fetch;
  /**
   * `"auto"` (default): the fetch-upgrade path only on workerd with headers and no injected
   * constructor; `"constructor"`: always `new WebSocket(…)`; `"fetch"`: always fetch-upgrade.
   */
  upgrade?: "auto" | "constructor" | "fetch";
  /** The package that declines permessage-deflate on Node. Defaults to `"ws"`. */
  wsPackage?: string;
}

/**
 * Opens a WebSocket and resolves once it is OPEN, with `binaryType = "arraybuffer"` (the `ws`
 * package this function loads on Node: `"nodebuffer"`, so binary frames arrive as `Buffer`s, a
 * `Uint8Array`). Every listener this function adds is removed once it settles; the caller
 * attaches its own.
 *
 * @param url a `ws:` or `wss:` URL
 * @param options the constructor, upgrade headers, abort signal and connect timeout
 * @returns the open socket
 * @throws {TypeError} when `url` is not a ws/wss URL or a header value is not a string
 * @throws {RangeError} when `timeoutMs` is not a positive finite number
 * @throws {NotSupportedError} when there is no WebSocket, or headers cannot be sent here
 * @throws {AuthenticationError} when the server refused the upgrade with 401/403 (where visible)
 * @throws {RateLimitedError} when the server refused the upgrade with 429/418 (where visible)
 * @throws {ConnectionClosedError} when the socket failed, closed or timed out before opening
 *
 * @example Open a public socket, listening from the first instant
 * ```ts
 * import { openSocket } from "./transport.ts";
 * const ws = await openSocket("wss://api.upbit.com/websocket/v1", {
 *   timeoutMs: 5000,
 *   onOpen: (ws) => {
 *     ws.addEventListener("message", (e) => console.log(new TextDecoder().decode(e.data)));
 *   },
 * });
 * ws.send(JSON.stringify([{ ticket: crypto.randomUUID() }, { type: "ticker", codes: ["KRW-BTC"] }]));
 * ```
 */
export function openSocket(
  url: string,
  options: OpenSocketOptions & OpenSocketInternals = {},
): Promise<WebSocket> {
  // Not `async`: the promise of waitForOpen is returned as is, so that a caller's
  // `await openSocket()` resumes in the same microtask as the open event (see `onOpen`).
  try {
    return start(url, options);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The default connect timeout in milliseconds. */
const DEFAULT_TIMEOUT_MS = 10_000;

function start(url: string, options: OpenSocketOptions & OpenSocketInternals): Promise<WebSocket> {
  const target = parseSocketUrl(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(
      `Cannot open a socket as timeoutMs must be a positive finite number: current value is "${timeoutMs}"`,
    );
  }
  const onOpen = options.onOpen;
  if (onOpen !== undefined && typeof onOpen !== "function") {
    throw new TypeError(
      `Cannot open a socket as onOpen must be a function: current value is "${String(onOpen)}"`,
    );
  }
  const headers = checkHeaders(options.headers);
  const compression = options.compression;
  if (compression !== undefined && typeof compression !== "boolean") {
    throw new TypeError(
      `Cannot open a socket as compression must be a boolean: current value is "${
        String(compression)
      }"`,
    );
  }
  const signal = options.signal;
  signal?.throwIfAborted();
  const globals = globalThis as TransportGlobals;
  const mode = options.upgrade ?? "auto";
  const hasPair = typeof globals.WebSocketPair === "function";
  const settings: OpenSettings = { url: target, signal, timeoutMs, onOpen };
  const injected = options.WebSocket !== undefined;
  const kind = runtimeKind(globals);
  const deflate = compression ?? COMPRESSION_DEFAULT[kind];

  if (!injected && mode === "auto") {
    const problem = compressionProblem(compression, headers !== undefined, options.wsPackage);
    if (problem !== undefined) throw new NotSupportedError(problem);
  }

  if (
    (mode === "fetch" && headers !== undefined) ||
    (mode === "auto" && !injected && hasPair && (headers !== undefined || !deflate))
  ) {
    // workerd: the fetch upgrade carries headers and offers no permessage-deflate.
    return openViaFetch(settings, headers ?? {}, lookUpFetch(options.fetch));
  }

  if (!injected && kind === "node" && !deflate && mode === "auto") {
    // Node's undici always offers permessage-deflate: decline it with the `ws` package.
    // Without the package (compression unset: checked above), Node's own socket, which offers it.
    const Ws = loadWsPackage(globals, options.wsPackage);
    // Its frames as `Buffer`s (`nodebuffer`): `arraybuffer` would copy each one (BENCHMARKS.md).
    if (Ws !== undefined) {
      return openDecliningDeflate(Ws, target, headers, injected, {
        ...settings,
        binaryType: "nodebuffer",
      });
    }
  }
  const WS = options.WebSocket ?? globals.WebSocket;
  if (typeof WS !== "function") {
    // With compression unset or false, Node would have used the `ws` package above.
    throw missingWebSocket(
      !injected && kind === "node" && compression === true && mode === "auto" &&
        loadWsPackage(globals, options.wsPackage) !== undefined,
    );
  }
  // Bun's constructor takes the option in its init; so does the `ws` package, the usual injected
  // one, which gets it only when asked (mock-socket would read the object as subprotocols).
  const decline = injected ? compression === false : kind === "bun" && !deflate;
  if (decline) return openDecliningDeflate(WS, target, headers, injected, settings);
  // On workerd a constructor that cannot take headers falls back to the fetch upgrade.
  const fetchFn = options.fetch ?? globals.fetch;
  const fallbackFetch = mode === "auto" && hasPair && typeof fetchFn === "function"
    ? fetchFn as typeof fetch
    : undefined;
  return openWithConstructor(WS, target, headers, fallbackFetch, settings);
}

/** Checks the URL once, so that later SyntaxErrors can only be about the headers argument. */
function parseSocketUrl(url: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = typeof url === "string" ? new URL(url) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== "ws:" && parsed.protocol !== "wss:")) {
    throw new TypeError(
      `Cannot open a socket as url must be a ws: or wss: URL: current value is "${String(url)}"`,
    );
  }
  return parsed;
}

/** A copy of the headers with string values, or undefined when there are none. */
function checkHeaders(
  headers: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  if (headers === null || typeof headers !== "object") {
    throw new TypeError(
      `Cannot open a socket as headers must be an object: current value is "${String(headers)}"`,
    );
  }
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== "string") {
      // The value may be a secret: name the header and the type, never the value.
      throw new TypeError(
        `Cannot open a socket as header "${name}" must be a string: current type is "${typeof value}"`,
      );
    }
    copy[name] = value;
  }
  return Object.keys(copy).length === 0 ? undefined : copy;
}
