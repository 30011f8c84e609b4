/**
 * Opening one WebSocket on the current runtime. This is the only file that knows which runtime it
 * runs on: the WHATWG `WebSocket` everywhere, its non-standard `{ headers }` second argument on
 * Node (undici), Deno and Bun, and the fetch-upgrade path on Cloudflare Workers (workerd), whose
 * `WebSocket` constructor cannot send headers.
 *
 * What a refused upgrade looks like, by runtime (measured): Deno and Bun put the HTTP status in
 * the `error` event's message, so 401/403 become {@linkcode AuthenticationError} and 418/429
 * become {@linkcode RateLimitedError}; Node's undici says only "non-101 status code" (Node 22) or
 * nothing (Node 26), so there a refusal is a plain {@linkcode ConnectionClosedError}. The
 * fetch-upgrade path sees the real status and the `Retry-After` header.
 *
 * permessage-deflate (RFC 7692), which Upbit accepts whenever a client offers it, by runtime
 * (measured at a local server): the native `WebSocket` of Node (undici) and Bun offers it on every
 * upgrade and undici cannot be told not to; Bun's takes `{ perMessageDeflate: false }`; Deno's
 * never offers it; workerd's constructor offers it (the `web_socket_compression` compatibility
 * flag, on by default) while its fetch-upgrade path offers nothing. So the `compression` option
 * declines it on Node through the `ws` package (loaded lazily, only there), on Bun through that
 * init option, on workerd through the fetch-upgrade path; see {@linkcode OpenSocketOptions}.
 *
 * @module
 */

import {
  AuthenticationError,
  ConnectionClosedError,
  NotSupportedError,
  RateLimitedError,
  type UpbitError,
} from "../errors.ts";

/**
 * A WebSocket constructor: the global one, mock-socket's, or any WHATWG-compatible one.
 *
 * @example Inject mock-socket's constructor
 * ```ts
 * import { WebSocket as MockWebSocket } from "mock-socket";
 * import type { WebSocketConstructor } from "./transport.ts";
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

/** The default connect timeout in milliseconds. */
const DEFAULT_TIMEOUT_MS = 10_000;

/** A constructor that takes the non-standard `{ headers }` init of undici, Deno and Bun. */
type HeadersWebSocketConstructor = new (
  url: string,
  init: { headers: Record<string, string> },
) => WebSocket;

/** workerd's server-side half of a fetch-upgraded socket. */
type AcceptableWebSocket = WebSocket & { accept(): void };

/** A constructor that takes an options object (the `ws` package's, Bun's). */
type OptionsWebSocketConstructor = new (
  url: string,
  init: { headers?: Record<string, string>; perMessageDeflate: false },
) => WebSocket;

/** The global object, narrowed to what this file looks up at call time. */
type TransportGlobals = {
  WebSocket?: unknown;
  WebSocketPair?: unknown;
  fetch?: unknown;
  Bun?: unknown;
  Deno?: unknown;
  process?: { versions?: { node?: unknown }; getBuiltinModule?: (id: string) => unknown };
};

/** The runtimes that differ in how a socket opens (see the module doc). */
type RuntimeKind = "node" | "bun" | "deno" | "workerd" | "other";

/**
 * Whether each runtime offers permessage-deflate when `compression` is unset. Off wherever it
 * can be declined: on this machine inflating costs more CPU per frame than the whole client
 * (BENCHMARKS.md, "Compression"), and a bot pays in CPU what it saves in bandwidth.
 */
const COMPRESSION_DEFAULT: Readonly<Record<RuntimeKind, boolean>> = {
  node: false,
  bun: false,
  deno: false,
  workerd: false,
  other: true,
};

/** A listener that keeps an EventEmitter-based socket from throwing an unheard `error`. */
function ignoreError(): void {}

/** The package that declines permessage-deflate on Node. */
const WS_PACKAGE = "ws";

function runtimeKind(globals: TransportGlobals): RuntimeKind {
  if (typeof globals.WebSocketPair === "function") return "workerd";
  if (globals.Bun !== undefined) return "bun";
  if (globals.Deno !== undefined) return "deno";
  return typeof globals.process?.versions?.node === "string" ? "node" : "other";
}

/**
 * The `ws` package's `WebSocket` on Node, or undefined when it is not installed (or Node is older
 * than 22.3). Loaded with `require` from `process.getBuiltinModule("node:module")`, never with
 * an `import`, so that no bundle (workerd, browsers, which reject even a dynamic import of a
 * computed name) and no other runtime ever sees the package.
 */
function loadWsPackage(
  globals: TransportGlobals,
  specifier: string = WS_PACKAGE,
): OptionsWebSocketConstructor | undefined {
  try {
    const node = globals.process;
    const nodeModule = node?.getBuiltinModule?.("node:module") as
      | { createRequire?: (from: string) => (id: string) => unknown }
      | undefined;
    const requireHere = nodeModule?.createRequire?.(import.meta.url);
    const exported = requireHere?.(specifier) as { WebSocket?: unknown } | undefined;
    const found = exported?.WebSocket ?? exported;
    return typeof found === "function" ? found as OptionsWebSocketConstructor : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opens a WebSocket and resolves once it is OPEN, with `binaryType = "arraybuffer"`. Every
 * listener this function adds is removed once it settles; the caller attaches its own.
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
  const settings = { url: target, signal, timeoutMs, onOpen };
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
    if (Ws !== undefined) {
      return construct(Ws, target, headers, false, mode, hasPair, options, settings);
    }
  }
  // Bun's constructor takes the option in its init; so does the `ws` package, the usual injected
  // one, which gets it only when asked (mock-socket would read the object as subprotocols).
  const decline = injected ? compression === false : kind === "bun" && !deflate;
  return construct(
    options.WebSocket ?? globals.WebSocket,
    target,
    headers,
    decline ? false : undefined,
    mode,
    hasPair,
    options,
    settings,
  );
}

/**
 * Why the runtime's own `WebSocket` cannot honour `compression` here, as the message of a
 * {@linkcode NotSupportedError}, or `undefined` when it can (always, when `compression` is unset).
 *
 * @param compression the option
 * @param headers whether the socket needs upgrade headers (the private endpoint)
 * @param wsPackage the package that declines deflate on Node (tests)
 * @returns the problem, or undefined
 *
 * @example On Deno, `compression: true` cannot be had
 * ```ts
 * import { compressionProblem } from "./transport.ts";
 * console.log(compressionProblem(true, false)); // a message on Deno, undefined on Node and Bun
 * ```
 */
export function compressionProblem(
  compression: boolean | undefined,
  headers: boolean,
  wsPackage?: string,
): string | undefined {
  if (compression === undefined) return undefined;
  const globals = globalThis as TransportGlobals;
  const kind = runtimeKind(globals);
  if (kind === "deno" && compression) {
    return "Cannot offer permessage-deflate as Deno's WebSocket has no compression; leave compression unset or false";
  }
  if (kind === "workerd" && compression && headers) {
    return "Cannot offer permessage-deflate on workerd with headers as its fetch upgrade does not negotiate it; leave compression unset or false";
  }
  if (kind === "other" && !compression) {
    return "Cannot decline permessage-deflate as this runtime's WebSocket has no such option; leave compression unset or true";
  }
  if (kind === "node" && !compression && loadWsPackage(globals, wsPackage) === undefined) {
    return 'Cannot decline permessage-deflate on Node without the "ws" package; install ws or leave compression unset';
  }
  return undefined;
}

/**
 * `new WS(url)`, `new WS(url, { headers })` or, with `perMessageDeflate` false,
 * `new WS(url, { headers, perMessageDeflate: false })`; then waits for it to open.
 */
function construct(
  WS: unknown,
  target: URL,
  headers: Record<string, string> | undefined,
  perMessageDeflate: false | undefined,
  mode: "auto" | "constructor" | "fetch",
  hasPair: boolean,
  options: OpenSocketOptions & OpenSocketInternals,
  settings: Settings,
): Promise<WebSocket> {
  if (typeof WS !== "function") throw missingWebSocket();
  let ws: WebSocket;
  if (perMessageDeflate === false) {
    ws = new (WS as OptionsWebSocketConstructor)(
      target.href,
      headers === undefined ? { perMessageDeflate } : { headers, perMessageDeflate },
    );
    if (options.WebSocket === undefined) {
      // The `ws` package's socket is also an EventEmitter: an `error` emitted with no listener
      // (e.g. "closed before the connection was established" after an abort) would be thrown
      // as an uncaught exception. Every error still reaches the other listeners.
      ws.addEventListener("error", ignoreError);
    }
  } else if (headers === undefined) {
    try {
      ws = new (WS as WebSocketConstructor)(target.href);
    } catch (error) {
      throw permissionError(error, target) ?? error;
    }
  } else {
    try {
      ws = new (WS as HeadersWebSocketConstructor)(target.href, { headers });
    } catch (error) {
      const denied = permissionError(error, target);
      if (denied !== undefined) throw denied;
      // The URL was checked above, so a SyntaxError here means the constructor read the init
      // object as a subprotocol: a browser-like WebSocket (workerd's included) without headers.
      if (!isSyntaxError(error)) throw error;
      const globalFetch = (globalThis as TransportGlobals).fetch;
      if (mode === "auto" && hasPair && typeof (options.fetch ?? globalFetch) === "function") {
        return openViaFetch(settings, headers, lookUpFetch(options.fetch));
      }
      throw new NotSupportedError(
        "Cannot send the Authorization header as this runtime's WebSocket has no headers option",
        { cause: error },
      );
    }
  }
  ws.binaryType = "arraybuffer";
  return waitForOpen(ws, settings);
}

/** What both paths need to settle. */
interface Settings {
  url: URL;
  signal: AbortSignal | undefined;
  timeoutMs: number;
  onOpen: ((ws: WebSocket) => void) | undefined;
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

function lookUpFetch(injected: typeof fetch | undefined): typeof fetch {
  const found = injected ?? (globalThis as TransportGlobals).fetch;
  if (typeof found !== "function") {
    throw new NotSupportedError("Cannot upgrade through fetch as globalThis.fetch is missing");
  }
  return found as typeof fetch;
}

function isSyntaxError(error: unknown): boolean {
  return typeof error === "object" && error !== null &&
    (error as { name?: unknown }).name === "SyntaxError";
}

/** The URL for messages: no credentials, no query (which could carry a token). */
function describe(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/** What a runtime without a global `WebSocket` (Node before 22) gets, at once. */
function missingWebSocket(): NotSupportedError {
  return new NotSupportedError(
    "Cannot open a WebSocket as this runtime has no global WebSocket (Node before 22 has none): " +
      "run on Node 22 or later, Deno, Bun or Cloudflare Workers, or pass a constructor as the " +
      'WebSocket option, e.g. new UpbitClient({ WebSocket }) with import { WebSocket } from "ws"',
  );
}

/**
 * A missing Deno permission (`NotCapable`, `PermissionDenied`), named as such with the flag to
 * add; undefined for any other error. Permanent: retrying cannot grant it.
 */
function permissionError(error: unknown, url: URL): NotSupportedError | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  if (name !== "NotCapable" && name !== "PermissionDenied") return undefined;
  return new NotSupportedError(
    `Cannot open a WebSocket to "${describe(url)}" as Deno's net permission is missing: run ` +
      `with --allow-net=${url.host} (or a wider --allow-net)`,
    { cause: error },
  );
}

/** A connection-level failure the runtime named (refused port, DNS, unreachable network). */
const NETWORK_FAILURE =
  /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENETDOWN|tcp connect error|dns error|failed to lookup|Failed to connect|os error 111|Connection refused|No such host/i;

/** Why a socket failed before opening, in the runtime's words (never a header value). */
function reasonOf(event: Event): string {
  const error = (event as { error?: unknown }).error;
  const parts: string[] = [];
  for (const value of [(event as { message?: unknown }).message, error]) {
    if (typeof value === "string") parts.push(value);
    else if (value instanceof Error) {
      parts.push(value.message);
      const code = (value as { code?: unknown }).code;
      if (typeof code === "string") parts.push(code);
      const inner = (value as { cause?: { message?: unknown; code?: unknown } }).cause;
      if (typeof inner?.message === "string") parts.push(inner.message);
      if (typeof inner?.code === "string") parts.push(inner.code);
    }
  }
  const clean = [...new Set(parts.map((p) => p.trim()).filter((p) => p !== ""))];
  // Deno repeats the message with a prefix in the event and its error: keep the longer one.
  return clean.filter((p) => !clean.some((q) => q !== p && q.includes(p))).join("; ");
}

/**
 * How an attempt that never opened failed, for the reconnect loop: `"network"` when the runtime
 * named a connection-level cause (refused port, DNS), `"refused"` when the server (or something
 * on the way) ended it without a reason the runtime shows — Node's `WebSocket` reports an upgrade
 * refused with 429 or 401 just like that, so it is treated like a rate limit — and `"other"`
 * (timeouts, known statuses, anything else).
 *
 * @param error what {@linkcode openSocket} rejected with
 * @returns the kind of failure
 *
 * @example
 * ```ts
 * import { openFailureKind } from "./transport.ts";
 * import { ConnectionClosedError } from "../errors.ts";
 * openFailureKind(new ConnectionClosedError("x", { cause: new Error("connect ECONNREFUSED") })); // "network"
 * ```
 */
export function openFailureKind(error: unknown): "network" | "refused" | "other" {
  if (!(error instanceof ConnectionClosedError)) return "other";
  if (/timed out after/.test(error.message)) return "other";
  const cause = error.cause;
  const text = [
    error.message,
    typeof cause === "string" ? cause : cause instanceof Error ? cause.message : "",
    String((cause as { code?: unknown } | null)?.code ?? ""),
  ].join(" ");
  return NETWORK_FAILURE.test(text) ? "network" : "refused";
}

/** Waits for `open`; rejects on `error`, `close`, abort or timeout, removing every listener. */
function waitForOpen(ws: WebSocket, settings: Settings): Promise<WebSocket> {
  const { url, signal, timeoutMs, onOpen: hook } = settings;
  return new Promise<WebSocket>((resolve, reject) => {
    const fail = (reason: unknown): void => {
      cleanup();
      try {
        ws.close();
      } catch {
        // Already closing; nothing more to release.
      }
      reject(reason);
    };
    const onOpen = (): void => {
      cleanup();
      ws.binaryType = "arraybuffer";
      try {
        hook?.(ws);
      } catch (error) {
        fail(error);
        return;
      }
      resolve(ws);
    };
    // Node 22 fires `error` but never `close` after a refused upgrade: settle on the error.
    const onError = (event: Event): void => {
      const message = (event as { message?: unknown }).message;
      const status = typeof message === "string" ? statusInMessage(message) : undefined;
      const reason = reasonOf(event);
      const cause = (event as { error?: unknown }).error ?? (reason === "" ? message : reason);
      fail(
        status === undefined
          ? new ConnectionClosedError(
            `Cannot open a WebSocket to "${describe(url)}": ${
              reason === "" || /non-101 status code/i.test(reason)
                ? `${reason === "" ? "the runtime gave no reason" : reason.replace(/\.$/, "")} ` +
                  "(it does not tell a refused connection from an upgrade answered with an " +
                  "HTTP error such as 401 or 429)"
                : reason
            }`,
            { cause },
          )
          : errorForStatus(status, url, undefined, cause),
      );
    };
    const onClose = (event: Event): void => {
      const code = (event as { code?: unknown }).code;
      // Deno reports 0 for a connection that never opened; that is no close code.
      const closeCode = typeof code === "number" && code > 0 ? code : undefined;
      fail(
        new ConnectionClosedError(
          `Cannot open a WebSocket to "${describe(url)}" as it closed` +
            (closeCode === undefined ? "" : ` with code ${closeCode}`),
          closeCode === undefined ? {} : { closeCode },
        ),
      );
    };
    const onAbort = (): void => fail(signal?.reason);
    const timer = setTimeout(() => {
      fail(
        new ConnectionClosedError(
          `Cannot open a WebSocket to "${describe(url)}" as it timed out after ${timeoutMs} ms`,
        ),
      );
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      ws.removeEventListener("open", onOpen);
      ws.removeEventListener("error", onError);
      ws.removeEventListener("close", onClose);
      signal?.removeEventListener("abort", onAbort);
    }
    ws.addEventListener("open", onOpen);
    ws.addEventListener("error", onError);
    ws.addEventListener("close", onClose);
    signal?.addEventListener("abort", onAbort);
  });
}

/**
 * The HTTP status in Deno's ("Invalid status code: 401"), Bun's ("…101 status code: 401") and the
 * `ws` package's ("Unexpected server response: 401") error messages.
 */
function statusInMessage(message: string): number | undefined {
  const match = /(?:status code|server response):?\s*(\d{3})\b/i.exec(message);
  const status = match?.[1] === undefined ? undefined : Number(match[1]);
  return status === 101 ? undefined : status;
}

/** The error for a refused upgrade. */
function errorForStatus(
  status: number,
  url: URL,
  retryAfter: string | null | undefined,
  cause?: unknown,
): UpbitError {
  const what = `Cannot open a WebSocket to "${describe(url)}" as the server answered ${status}`;
  const options = cause === undefined ? {} : { cause };
  if (status === 401 || status === 403) return new AuthenticationError(what, options);
  if (status === 429 || status === 418) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return new RateLimitedError(
      what,
      retryAfterMs === undefined ? options : { ...options, retryAfterMs },
    );
  }
  return new ConnectionClosedError(what, options);
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from now. */
function parseRetryAfter(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The workerd path: `fetch` the http(s) twin of the URL with `Upgrade: websocket` and the
 * headers; a 101 response carries the client end in `response.webSocket`.
 */
async function openViaFetch(
  settings: Settings,
  headers: Record<string, string>,
  fetchFn: typeof fetch,
): Promise<WebSocket> {
  const { url, signal, timeoutMs, onOpen } = settings;
  const httpUrl = new URL(url.href);
  httpUrl.protocol = url.protocol === "wss:" ? "https:" : "http:";
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  const timer = setTimeout(() => {
    controller.abort(
      new ConnectionClosedError(
        `Cannot open a WebSocket to "${describe(url)}" as it timed out after ${timeoutMs} ms`,
      ),
    );
  }, timeoutMs);
  signal?.addEventListener("abort", onAbort);
  try {
    let response: Response;
    try {
      response = await fetchFn(httpUrl.href, {
        headers: { ...headers, Upgrade: "websocket" },
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) throw controller.signal.reason;
      const denied = permissionError(error, url);
      if (denied !== undefined) throw denied;
      const why = error instanceof Error
        ? reasonOf(Object.assign(new Event("error"), { error }))
        : "";
      throw new ConnectionClosedError(
        `Cannot open a WebSocket to "${describe(url)}"${why === "" ? "" : `: ${why}`}`,
        { cause: error },
      );
    }
    if (response.status !== 101) {
      await response.body?.cancel().catch(() => {});
      throw errorForStatus(response.status, url, response.headers.get("retry-after"));
    }
    const ws = (response as Response & { webSocket?: AcceptableWebSocket | null }).webSocket;
    if (ws === null || ws === undefined || typeof ws.accept !== "function") {
      throw new NotSupportedError(
        "Cannot upgrade through fetch as this runtime's Response has no webSocket",
      );
    }
    ws.accept();
    ws.binaryType = "arraybuffer";
    if (controller.signal.aborted) {
      ws.close();
      throw controller.signal.reason;
    }
    try {
      onOpen?.(ws);
    } catch (error) {
      ws.close();
      throw error;
    }
    return ws;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
