/**
 * The two Upbit REST endpoints the emulator serves, from its market: `GET /v1/market/all`
 * (with `is_details`) and `GET /v1/orderbook/instruments`.
 *
 * @module
 */
import type { EmulatorCore } from "../core/core.ts";
import { type HttpResponse, json } from "./messages.ts";

/**
 * The answer of a REST path, or `undefined` when the path is not one of them. @internal
 *
 * @param core the emulator core
 * @param u the request URL
 * @param path its path without a trailing slash
 * @param get whether the method is GET or HEAD
 * @returns the response, or `undefined`
 */
export function restRoute(
  core: EmulatorCore,
  u: URL,
  path: string,
  get: boolean,
): HttpResponse | undefined {
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
  return undefined;
}
