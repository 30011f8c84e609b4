/**
 * Frames as real Upbit servers have sent them, when the emulator is asked to: the `quirks` option
 * (keys left out or sent as null, a market buy ending in `cancel`, regional `myOrder` without the
 * later keys) and the deprecated ticker keys of `legacyTickerKeys`.
 *
 * @module
 */
import type { WireObject } from "../codec/json.ts";
import type { Quirk, ResolvedConfig } from "../options.ts";

/**
 * A frame as it leaves: the enabled quirks applied, then the legacy ticker keys added after
 * `market_warning` (last without it). @internal
 *
 * @param o a DEFAULT-format frame (not changed)
 * @param config the quirks and `legacyTickerKeys`
 * @returns the frame to encode (a copy when changed)
 */
export function prepareFrame(
  o: WireObject,
  config: Pick<ResolvedConfig, "legacyTickerKeys" | "quirks">,
): WireObject {
  const { legacyTickerKeys, quirks } = config;
  const type = o["type"];
  if (quirks.size > 0) o = applyQuirks(o, quirks);
  if (!legacyTickerKeys || type !== "ticker") return o;
  const out: WireObject = {};
  for (const [k, v] of Object.entries(o)) {
    out[k] = v;
    if (k === "market_warning") {
      out["trade_status"] = null;
      out["market_state_for_ios"] = null;
    }
  }
  // Without market_warning (quirk "ticker-without-deprecated") they go last.
  if (!("trade_status" in out)) {
    out["trade_status"] = null;
    out["market_state_for_ios"] = null;
  }
  return out;
}

/** Keys that regional hosts leave out of `myOrder` (added 2024–2025; §10.1). */
const LATER_MY_ORDER_KEYS = [
  "trade_fee",
  "is_maker",
  "identifier",
  "smp_type",
  "prevented_volume",
  "prevented_locked",
];
const BEST_KEYS = ["best_ask_price", "best_ask_size", "best_bid_price", "best_bid_size"];

/** A frame as real Upbit servers have sent it, per the enabled quirks (a copy when changed). */
function applyQuirks(o: WireObject, quirks: ReadonlySet<Quirk>): WireObject {
  switch (o["type"]) {
    case "ticker": {
      if (!quirks.has("ticker-without-deprecated") && !quirks.has("ticker-null-24h")) return o;
      const out: WireObject = { ...o };
      if (quirks.has("ticker-without-deprecated")) {
        delete out["is_trading_suspended"];
        delete out["market_warning"];
      }
      if (quirks.has("ticker-null-24h")) {
        out["acc_trade_price_24h"] = null;
        out["acc_trade_volume_24h"] = null;
      }
      return out;
    }
    case "trade": {
      if (!quirks.has("trade-without-best")) return o;
      const out: WireObject = { ...o };
      for (const k of BEST_KEYS) delete out[k];
      return out;
    }
    case "myOrder": {
      const out: WireObject = { ...o };
      const bid = o["ask_bid"] === "BID";
      const byFunds = o["order_type"] === "price" || (o["order_type"] === "best" && bid);
      const byVolume = o["order_type"] === "market" || (o["order_type"] === "best" && !bid);
      if (quirks.has("market-order-nulls") && o["state"] !== "trade") {
        if (byFunds) {
          out["volume"] = null;
          out["remaining_volume"] = null;
          out["prevented_volume"] = null;
        }
        if (byVolume) out["price"] = null;
      }
      if (quirks.has("market-buy-ends-cancel") && byFunds && o["state"] === "done") {
        out["state"] = "cancel";
      }
      if (quirks.has("regional-my-order")) { for (const k of LATER_MY_ORDER_KEYS) delete out[k]; }
      return out;
    }
    default:
      return o;
  }
}
