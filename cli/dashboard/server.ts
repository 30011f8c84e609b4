/**
 * The dashboard's HTTP server (`node:http`, so it runs on Node, Deno and Bun): the page, the
 * chart library and `GET /events`, the Server-Sent Events stream the page is fed by. It listens
 * on 127.0.0.1 only, answers only requests whose `Host` names it (DNS rebinding), and, when a
 * token is set (private data shown), serves the page and the stream only to URLs carrying it.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { Asset } from "./assets.ts";
import type { Broadcaster } from "./broadcast.ts";
import { allowedHost, tokenMatches } from "./guard.ts";

/** Options of {@linkcode startDashboardServer}. */
export interface DashboardServerOptions {
  /** Listen port (default 0: any free port). The host is always 127.0.0.1. */
  port?: number;
  /** Feeds the open pages. */
  broadcaster: Broadcaster;
  /** The files to serve, by path (from `loadAssets`). */
  assets: ReadonlyMap<string, Asset>;
  /** When set, `/` and `/events` need `?token=<it>` (private data is shown). */
  token?: string;
  /** Most pages open at once (default 16); more get 503. */
  maxClients?: number;
}

/** A running dashboard server. */
export interface DashboardServer extends AsyncDisposable {
  /** The page's URL, with the token when one is needed. */
  readonly url: string;
  /** The listening port. */
  readonly port: number;
  /** Ends every event stream and stops listening; idempotent. */
  close(): Promise<void>;
}

const COMMON_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
});

// The chart library sets element styles from script, hence 'unsafe-inline' for styles only.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; " +
  "form-action 'none'";

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { ...COMMON_HEADERS, "content-type": "text/plain; charset=utf-8" });
  res.end(`${text}\n`);
}

/**
 * Starts the server on 127.0.0.1.
 *
 * @param options port, broadcaster, files and token
 * @returns the running server
 * @throws {Error} when the port cannot be bound
 *
 * @example
 * ```ts
 * import { loadAssets } from "./assets.ts";
 * import { Broadcaster } from "./broadcast.ts";
 * import { DashboardModel } from "./model.ts";
 * import { startDashboardServer } from "./server.ts";
 * import { feedStatus } from "./status.ts";
 * import { systemClock } from "upbit-ws";
 * const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
 * const broadcaster = new Broadcaster({
 *   model,
 *   clock: systemClock(),
 *   status: (now, rate) => feedStatus([], now, { rate, staleMs: 10_000 }),
 * });
 * await using server = await startDashboardServer({ broadcaster, assets: await loadAssets() });
 * console.log(server.url); // http://127.0.0.1:PORT/
 * ```
 */
export async function startDashboardServer(
  options: DashboardServerOptions,
): Promise<DashboardServer> {
  const { broadcaster, assets, token } = options;
  const maxClients = options.maxClients ?? 16;
  const streams = new Set<ServerResponse>();
  let port = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? "GET";
    if (!allowedHost(req.headers.host, port)) {
      return refuse(res, 403, "Forbidden: this server answers only to 127.0.0.1 and localhost");
    }
    if (method !== "GET" && method !== "HEAD") {
      res.setHeader("allow", "GET, HEAD");
      return refuse(res, 405, "Method Not Allowed");
    }
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    const path = url.pathname;
    const guarded = path === "/" || path === "/events";
    if (guarded && !tokenMatches(url.searchParams.get("token"), token)) {
      return refuse(res, 403, "Forbidden: open the URL the command printed (it has the token)");
    }
    if (path === "/events") {
      if (streams.size >= maxClients) return refuse(res, 503, "Too many open dashboards");
      res.writeHead(200, {
        ...COMMON_HEADERS,
        "content-type": "text/event-stream; charset=utf-8",
        "x-accel-buffering": "no",
      });
      if (method === "HEAD") return res.end();
      streams.add(res);
      res.socket?.setNoDelay(true);
      const remove = broadcaster.add({
        write: (text) => res.write(text),
        onDrain: (fn) => res.once("drain", fn),
      });
      const done = () => {
        remove();
        streams.delete(res);
      };
      req.on("close", done);
      res.on("error", done);
      return;
    }
    const asset = assets.get(path);
    if (asset === undefined) return refuse(res, 404, "Not Found");
    res.writeHead(200, {
      ...COMMON_HEADERS,
      "content-type": asset.type,
      "content-length": String(asset.body.byteLength),
      ...(path === "/" ? { "content-security-policy": CSP } : {}),
    });
    res.end(method === "HEAD" ? undefined : asset.body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  port = typeof address === "object" && address !== null ? address.port : 0;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      for (const res of streams) res.end();
      streams.clear();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return {
    url: `http://127.0.0.1:${port}/${token === undefined ? "" : `?token=${token}`}`,
    port,
    close,
    [Symbol.asyncDispose]: close,
  };
}
