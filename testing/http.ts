/**
 * The emulator's HTTP side, transport-free: Upbit's `GET /v1/market/all` and
 * `GET /v1/orderbook/instruments`, and the control API under `/__emulator/` that lets a client in
 * another process (a Worker under Miniflare) drive the emulator.
 *
 * | Method and path | Body (JSON) | Answer |
 * | --- | --- | --- |
 * | `GET /v1/market/all[?is_details=true]` | | market list |
 * | `GET /v1/orderbook/instruments?markets=A,B` | | `[{market, quote_currency, tick_size, supported_levels}]` |
 * | `GET /__emulator/state` | | `{connections, stats}` |
 * | `POST /__emulator/fault` | `{fault, target?}` | `{ok:true}` |
 * | `POST /__emulator/market/step` | `{codes?}` | `{ok:true}` |
 * | `POST /__emulator/market/trade` | `{code, side?, price?, volume?}` | the trade (`sequential_id` as a string) |
 * | `POST /__emulator/market/start`, `/market/stop` | | `{ok:true}` |
 * | `POST /__emulator/accounts` | `{accessKey, secretKey, balances?}` | `{ok:true}` |
 * | `GET /__emulator/accounts/<accessKey>` | | `{balances, orders}` |
 * | `POST /__emulator/deposit` | `{accessKey, currency, amount}` | `{balances}` |
 * | `POST /__emulator/orders` | `{accessKey, market, side, ordType?, price?, volume?, identifier?, timeInForce?, smpType?, watch?}` | the order |
 * | `POST /__emulator/orders/<uuid>/fill` | `{volume?, price?, isMaker?}` | the order |
 * | `POST /__emulator/orders/<uuid>/cancel` · `/trigger` | | the order |
 * | `POST /__emulator/orders/<uuid>/prevent` | `{volume?, smpType?}` | the order |
 * | `POST /__emulator/indicators/close` | `{timeframe, prices?, volumes?}` (per code) | `{sent}`: frames sent |
 * | `POST /__emulator/indicators/history` | `{code, timeframe}` | `{starts, closes, volumes}` |
 * | `POST /__emulator/announce` (or `/announcements`) | `{title, category?, url?, body?, eventType?}` | the frame |
 * | `POST /__emulator/replay` | `{recording, speed?, mode?, target?, wait?}` | `{frames}` |
 * | `POST /__emulator/send` | `{text, target?}` | `{ok:true}` (raw frame) |
 *
 * Bad input answers 400 `{"error":"<message>"}`; unknown paths 404.
 *
 * @module
 */

import type { PlaceOrderInput } from "./accounts/types.ts";
import type { AnnouncementInput } from "./core/announcement.ts";
import type { EmulatorCore } from "./core/core.ts";
import type { ReplayHandle, ReplayOptions } from "./replay.ts";
import type { Fault } from "./core/faults.ts";

/**
 * A plain HTTP request.
 *
 * @example A market list request
 * ```ts
 * import type { HttpRequest } from "upbit-ws/testing";
 * const req: HttpRequest = { method: "GET", url: "/v1/market/all", body: "" };
 * ```
 */
export interface HttpRequest {
  /** HTTP method. */
  method: string;
  /** Path and query, e.g. `/v1/market/all?is_details=true`. */
  url: string;
  /** Request body text. */
  body: string;
}

/**
 * A plain HTTP response.
 *
 * @example Read a response
 * ```ts
 * import type { HttpResponse } from "upbit-ws/testing";
 * const ok = (r: HttpResponse) => r.status === 200;
 * ```
 */
export interface HttpResponse {
  /** Status code. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** Response body (JSON). */
  body: string;
}

/**
 * What the HTTP side needs besides the core.
 *
 * @example A host around a core
 * ```ts
 * import { EmulatorCore, type HttpHost, replayRecording } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const host: HttpHost = { core, replay: (r, o) => replayRecording(core, r, o) };
 * core.close();
 * ```
 */
export interface HttpHost {
  /** The emulator core. */
  core: EmulatorCore;
  /** Starts a replay. */
  replay(recording: string, options: ReplayOptions): ReplayHandle;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

function json(status: number, value: unknown): HttpResponse {
  return {
    status,
    headers: JSON_TYPE,
    body: JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  };
}

function body(req: HttpRequest): Record<string, unknown> {
  if (req.body.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch {
    throw new TypeError("Cannot read the request as the body must be JSON");
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new TypeError("Cannot read the request as the body must be a JSON object");
  }
  return v as Record<string, unknown>;
}

function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== "string") {
    throw new TypeError(
      `Cannot read the request as "${k}" must be a string: current value is "${String(v)}"`,
    );
  }
  return v;
}

function optNum(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number") {
    throw new TypeError(
      `Cannot read the request as "${k}" must be a number: current value is "${String(v)}"`,
    );
  }
  return v;
}

/**
 * Answers one HTTP request.
 *
 * @param host the core and the replay starter
 * @param req method, url and body
 * @returns the response
 *
 * @example Answer GET /v1/market/all without a network
 * ```ts
 * import { EmulatorCore, handleHttp, replayRecording } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const host = { core, replay: (r: string, o: object) => replayRecording(core, r, o) };
 * const res = await handleHttp(host, { method: "GET", url: "/v1/market/all", body: "" });
 * console.log(res.status); // 200
 * core.close();
 * ```
 */
export async function handleHttp(host: HttpHost, req: HttpRequest): Promise<HttpResponse> {
  try {
    return await route(host, req);
  } catch (e) {
    if (e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError) {
      return json(400, { error: e.message });
    }
    throw e;
  }
}

async function route(host: HttpHost, req: HttpRequest): Promise<HttpResponse> {
  const { core } = host;
  const u = new URL(req.url, "http://127.0.0.1");
  const path = u.pathname.replace(/\/+$/, "");
  const get = req.method === "GET" || req.method === "HEAD";
  const post = req.method === "POST";

  if (get && path === "/v1/market/all") {
    const d = u.searchParams.get("is_details");
    if (d !== null && d !== "true" && d !== "false") {
      return json(400, {
        error: { name: 400, message: "Type mismatch error. Check the parameters type!" },
      });
    }
    return json(
      200,
      core.market.specs().map((m) => {
        const o: Record<string, unknown> = {
          market: m.market,
          korean_name: m.koreanName,
          english_name: m.englishName,
        };
        if (d === "true") {
          o["market_event"] = {
            warning: m.warning ?? false,
            caution: {
              PRICE_FLUCTUATIONS: false,
              TRADING_VOLUME_SOARING: false,
              DEPOSIT_AMOUNT_SOARING: false,
              GLOBAL_PRICE_DIFFERENCES: false,
              CONCENTRATION_OF_SMALL_ACCOUNTS: false,
            },
          };
        }
        return o;
      }),
    );
  }
  if (get && path === "/v1/orderbook/instruments") {
    const markets = (u.searchParams.get("markets") ?? "").split(",").map((s) => s.trim()).filter(
      Boolean,
    );
    if (markets.length === 0) {
      return json(400, {
        error: { name: 400, message: "Type mismatch error. Check the parameters type!" },
      });
    }
    return json(
      200,
      markets.filter((m) => core.market.has(m)).map((m) => ({
        market: m,
        quote_currency: m.split("-")[0],
        tick_size: String(core.market.tickSize(m)),
        supported_levels: core.market.supportedLevels(m).map(String),
      })),
    );
  }
  if (!path.startsWith("/__emulator/")) {
    return json(404, { error: { name: 404, message: "Not Found" } });
  }
  const p = path.slice("/__emulator".length);

  if (get && p === "/state") {
    return json(200, { connections: core.connections(), stats: core.stats() });
  }
  if (get && p === "/connections") return json(200, core.connections());
  if (get && p === "/stats") return json(200, core.stats());
  if (get && p.startsWith("/accounts/")) {
    const key = decodeURIComponent(p.slice("/accounts/".length));
    return json(200, { balances: core.accounts.balances(key), orders: core.accounts.orders(key) });
  }
  if (!post) return json(404, { error: "Not Found" });
  const b = body(req);
  switch (p) {
    case "/fault": {
      const target = b["target"] === undefined ? "all" : str(b, "target");
      core.fault(b["fault"] as Fault, target);
      return json(200, { ok: true });
    }
    case "/market/step": {
      const codes = b["codes"];
      if (
        codes !== undefined && !(Array.isArray(codes) && codes.every((c) => typeof c === "string"))
      ) {
        throw new TypeError("Cannot step the market as codes must be an array of strings");
      }
      core.market.step(codes === undefined ? {} : { codes: codes as string[] });
      return json(200, { ok: true });
    }
    case "/market/trade": {
      const opts: { side?: "ASK" | "BID"; price?: number; volume?: number } = {};
      if (b["side"] !== undefined) {
        const s = str(b, "side");
        if (s !== "ASK" && s !== "BID") {
          throw new RangeError(`Cannot trade as side must be ASK or BID: current value is "${s}"`);
        }
        opts.side = s;
      }
      const price = optNum(b, "price");
      const volume = optNum(b, "volume");
      if (price !== undefined) opts.price = price;
      if (volume !== undefined) opts.volume = volume;
      const t = core.market.trade(str(b, "code"), opts);
      return json(200, {
        code: t.code,
        price: t.price,
        volume: t.volume,
        side: t.side,
        trade_timestamp: t.tradeTimestamp,
        sequential_id: t.sequentialId.toString(),
      });
    }
    case "/market/start":
      core.market.start();
      return json(200, { ok: true });
    case "/market/stop":
      core.market.stop();
      return json(200, { ok: true });
    case "/accounts": {
      const spec: { accessKey: string; secretKey: string; balances?: Record<string, number> } = {
        accessKey: str(b, "accessKey"),
        secretKey: str(b, "secretKey"),
      };
      if (b["balances"] !== undefined) spec.balances = b["balances"] as Record<string, number>;
      core.accounts.add(spec);
      return json(200, { ok: true });
    }
    case "/deposit": {
      const key = str(b, "accessKey");
      core.accounts.deposit(key, str(b, "currency"), optNum(b, "amount") ?? 0);
      return json(200, { balances: core.accounts.balances(key) });
    }
    case "/orders": {
      const { accessKey, ...input } = b;
      if (typeof accessKey !== "string") {
        throw new TypeError("Cannot place the order as accessKey must be a string");
      }
      return json(200, core.accounts.placeOrder(accessKey, input as unknown as PlaceOrderInput));
    }
    case "/indicators/close": {
      const options: { prices?: Record<string, number>; volumes?: Record<string, number> } = {};
      if (b["prices"] !== undefined) options.prices = b["prices"] as Record<string, number>;
      if (b["volumes"] !== undefined) options.volumes = b["volumes"] as Record<string, number>;
      return json(200, { sent: core.indicators.closeCandle(str(b, "timeframe"), options) });
    }
    case "/indicators/history":
      return json(200, core.indicators.history(str(b, "code"), str(b, "timeframe")));
    case "/announce":
    case "/announcements":
      return json(200, core.announce(b as unknown as AnnouncementInput));
    case "/replay": {
      const opts: ReplayOptions = {};
      const speed = optNum(b, "speed");
      if (speed !== undefined) opts.speed = speed;
      if (b["mode"] === "raw" || b["mode"] === "dispatch") opts.mode = b["mode"];
      if (b["target"] !== undefined) opts.target = str(b, "target");
      const r = host.replay(str(b, "recording"), opts);
      if (b["wait"] === true) await r.done;
      return json(200, { frames: r.sent });
    }
    case "/send":
      core.sendRaw(str(b, "text"), b["target"] === undefined ? "all" : str(b, "target"));
      return json(200, { ok: true });
  }
  const m = /^\/orders\/([^/]+)\/(fill|cancel|prevent|trigger)$/.exec(p);
  if (m && m[1] !== undefined) {
    const uuid = decodeURIComponent(m[1]);
    if (m[2] === "cancel") return json(200, core.accounts.cancelOrder(uuid));
    if (m[2] === "trigger") return json(200, core.accounts.triggerOrder(uuid));
    if (m[2] === "prevent") {
      const o: { volume?: number; smpType?: "reduce" | "cancel_maker" | "cancel_taker" | "none" } =
        {};
      const v = optNum(b, "volume");
      if (v !== undefined) o.volume = v;
      if (b["smpType"] !== undefined) o.smpType = b["smpType"] as "reduce";
      return json(200, core.accounts.preventOrder(uuid, o));
    }
    const o: { volume?: number; price?: number; isMaker?: boolean } = {};
    const v = optNum(b, "volume");
    const pr = optNum(b, "price");
    if (v !== undefined) o.volume = v;
    if (pr !== undefined) o.price = pr;
    if (typeof b["isMaker"] === "boolean") o.isMaker = b["isMaker"];
    return json(200, core.accounts.fillOrder(uuid, o));
  }
  return json(404, { error: "Not Found" });
}
