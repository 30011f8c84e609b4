/**
 * The emulator's HTTP side, transport-free, answering one request: Upbit's `GET /v1/market/all` and
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
 * Bad input answers 400 `{"error":"<message>"}` naming the field and quoting the value, and
 * changes nothing (orders: unknown fields, side, ordType, timeInForce, smpType, price, volume,
 * market and key are checked; deposits: currency and amount); an access key already added 409;
 * unknown paths 404.
 *
 * @module
 */
import { controlRoute } from "./control.ts";
import { type HttpHost, type HttpRequest, type HttpResponse, json } from "./messages.ts";
import { restRoute } from "./rest.ts";

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
  const u = new URL(req.url, "http://127.0.0.1");
  const path = u.pathname.replace(/\/+$/, "");
  const get = req.method === "GET" || req.method === "HEAD";
  return restRoute(host.core, u, path, get) ?? await controlRoute(host, req, path, get);
}
