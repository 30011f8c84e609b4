/**
 * The `markets` command's output: entries of `GET /v1/market/all`, filtered by quote currency, and
 * their table.
 *
 * @module
 */
import { fit, pad, paint, type RenderOptions, visibleWidth } from "./text.ts";

/** One entry of `GET /v1/market/all`. */
export interface MarketEntry {
  market: string;
  korean_name?: string;
  english_name?: string;
  market_event?: { warning?: boolean };
}

/**
 * Keeps the markets quoted in one currency (all when `quote` is undefined).
 *
 * @param markets the list
 * @param quote e.g. `"KRW"`
 * @returns the filtered list
 *
 * @example
 * ```ts
 * import { filterMarkets } from "./markets.ts";
 * filterMarkets([{ market: "KRW-BTC" }, { market: "BTC-ETH" }], "KRW"); // [{ market: "KRW-BTC" }]
 * ```
 */
export function filterMarkets(
  markets: readonly MarketEntry[],
  quote: string | undefined,
): MarketEntry[] {
  return quote === undefined
    ? [...markets]
    : markets.filter((m) => m.market.startsWith(`${quote}-`));
}

/**
 * The quote currencies of a market list, in the order they first appear.
 *
 * @param markets the list
 * @returns e.g. `["KRW", "BTC", "USDT"]`
 *
 * @example
 * ```ts
 * import { quotesOf } from "./markets.ts";
 * quotesOf([{ market: "KRW-BTC" }, { market: "BTC-ETH" }, { market: "KRW-ETH" }]); // ["KRW", "BTC"]
 * ```
 */
export function quotesOf(markets: readonly MarketEntry[]): string[] {
  return [...new Set(markets.map((m) => m.market.split("-")[0] ?? m.market))];
}

/**
 * The market list as a table: market, English name, Korean name, and a warning flag.
 *
 * @param markets the list
 * @param options colours and width
 * @returns the lines, header first
 *
 * @example
 * ```ts
 * import { renderMarkets } from "./markets.ts";
 * renderMarkets([{ market: "KRW-BTC", english_name: "Bitcoin", korean_name: "비트코인" }], {
 *   color: false,
 *   width: 80,
 * });
 * ```
 */
export function renderMarkets(markets: readonly MarketEntry[], options: RenderOptions): string[] {
  const rows = markets.map((m) => [
    m.market,
    m.english_name ?? "",
    m.korean_name ?? "",
    m.market_event?.warning ? paint(options.color, "33", "warning") : "",
  ]);
  const head = ["MARKET", "ENGLISH", "KOREAN", ""];
  const widths = head.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? "")))
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => pad(cell, widths[i] ?? 0, false)).join("  ").trimEnd();
  return [
    paint(options.color, "1", line(head)),
    ...rows.map(line),
    `${markets.length} markets`,
  ].map((l) => fit(l, Math.max(20, options.width)));
}
