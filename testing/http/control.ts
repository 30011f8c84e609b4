/**
 * The emulator's control API under `/__emulator/`: state, faults, the market, accounts and
 * orders, indicators, announcements, replays and raw frames — so that a client in another
 * process (a Worker under Miniflare) can drive the emulator.
 *
 * @module
 */
import { checkBalances } from "../accounts/balances.ts";
import { SMP_TYPES } from "../accounts/placement.ts";
import type { PlaceOrderInput } from "../accounts/types.ts";
import type { AnnouncementInput } from "../core/announcement.ts";
import type { Fault } from "../core/faults.ts";
import type { ReplayOptions } from "../replay/replayer.ts";
import {
  body,
  type HttpHost,
  type HttpRequest,
  type HttpResponse,
  json,
  optNum,
  str,
} from "./messages.ts";

/** The fields of `POST /__emulator/orders` besides `accessKey` ({@linkcode PlaceOrderInput}). */
const ORDER_FIELDS = [
  "market",
  "side",
  "ordType",
  "price",
  "volume",
  "identifier",
  "timeInForce",
  "smpType",
  "watch",
];

/**
 * The control API under `/__emulator/` (see `./handle.ts` for the table). @internal
 *
 * @param host the core and the replay starter
 * @param req the request
 * @param path its path without a trailing slash
 * @param get whether the method is GET or HEAD
 * @returns the response (404 for an unknown path)
 * @throws {TypeError} / {RangeError} for bad input, answered 400 by the caller
 */
export async function controlRoute(
  host: HttpHost,
  req: HttpRequest,
  path: string,
  get: boolean,
): Promise<HttpResponse> {
  const { core } = host;
  const post = req.method === "POST";
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
      checkBalances(spec.balances); // a malformed body is 400 whether or not the key exists
      if (core.accounts.secretOf(spec.accessKey) !== undefined && spec.secretKey !== "") {
        // Replacing would leave the key's open orders holding locks the new balances lack.
        return json(409, {
          error:
            `Cannot add the account as the access key is already added: current value is "${spec.accessKey}"`,
        });
      }
      core.accounts.add(spec);
      return json(200, { ok: true });
    }
    case "/deposit": {
      const key = str(b, "accessKey");
      // deposit checks the currency and the amount (any JSON value) before changing anything.
      core.accounts.deposit(key, b["currency"] as string, b["amount"] as number);
      return json(200, { balances: core.accounts.balances(key) });
    }
    case "/orders": {
      const { accessKey, ...input } = b;
      if (typeof accessKey !== "string") {
        throw new TypeError(
          `Cannot place the order as accessKey must be a string: current value is "${
            String(accessKey)
          }"`,
        );
      }
      const unknown = Object.keys(input).find((k) => !ORDER_FIELDS.includes(k));
      if (unknown !== undefined) {
        throw new RangeError(
          `Cannot place the order as the body's fields must be among accessKey, ${
            ORDER_FIELDS.join(", ")
          }: current value is "${unknown}"`,
        );
      }
      // placeOrder checks every field (any JSON value) before changing anything.
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
      const smp = b["smpType"];
      if (smp !== undefined) {
        if (!(SMP_TYPES as readonly unknown[]).includes(smp)) {
          throw new RangeError(
            `Cannot prevent as smpType must be one of "${
              SMP_TYPES.join('", "')
            }": current value is "${String(smp)}"`,
          );
        }
        o.smpType = smp as (typeof SMP_TYPES)[number];
      }
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
