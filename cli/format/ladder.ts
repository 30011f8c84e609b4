/**
 * The order book ladder: asks above bids, each level with its size as a bar.
 *
 * @module
 */
import { formatPrice, formatVolume } from "./numbers.ts";
import { fit, pad, paint, type RenderOptions, visibleWidth } from "./text.ts";

/** One level of a book, as the ladder reads it. */
export interface LadderUnit {
  askPrice: number;
  bidPrice: number;
  askSize: number;
  bidSize: number;
}

/**
 * A book's top levels as a ladder: bid size and price on the left, ask price and size on the
 * right, best level first. Zero-padded levels show as blanks.
 *
 * @param code the market code (the title)
 * @param units the book's levels, best first
 * @param depth how many levels to show
 * @param options colours and width
 * @returns the lines: title, header, one per level
 *
 * @example
 * ```ts
 * import { renderLadder } from "./ladder.ts";
 * renderLadder("KRW-BTC", [{ askPrice: 101, bidPrice: 99, askSize: 1, bidSize: 2 }], 5, {
 *   color: false,
 *   width: 80,
 * });
 * ```
 */
export function renderLadder(
  code: string,
  units: readonly LadderUnit[],
  depth: number,
  options: RenderOptions,
): string[] {
  const c = options.color;
  const rows = units.slice(0, depth).map((u) => [
    u.bidPrice > 0 ? formatVolume(u.bidSize) : "",
    u.bidPrice > 0 ? formatPrice(u.bidPrice) : "",
    u.askPrice > 0 ? formatPrice(u.askPrice) : "",
    u.askPrice > 0 ? formatVolume(u.askSize) : "",
  ]);
  const head = ["BID SIZE", "BID", "ASK", "ASK SIZE"];
  const widths = head.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((r) => visibleWidth(r[i] ?? "")))
  );
  const line = (cells: readonly string[], colour: boolean) => {
    const [bs, bp, ap, as] = cells.map((cell, i) => pad(cell, widths[i] ?? 0, i !== 2));
    const bid = `${bs}  ${colour ? paint(c, "31", bp ?? "") : bp}`;
    const ask = `${colour ? paint(c, "34", ap ?? "") : ap}  ${as}`;
    return `${bid} │ ${ask}`.trimEnd();
  };
  return [
    paint(c, "1", `${code} order book, top ${Math.min(depth, units.length)}`),
    line(head, false),
    ...rows.map((r) => line(r, true)),
  ].map((l) => fit(l, Math.max(20, options.width)));
}
