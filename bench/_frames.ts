/**
 * Frames for the end-to-end benchmark: the protocol doc's DEFAULT ticker, trade and 30-level
 * orderbook (from `tests/_helpers/frames.ts`), one copy per market code, in DEFAULT or SIMPLE
 * keys, REALTIME or SNAPSHOT. Shared by the sender (which encodes them) and the receivers (which
 * need the code lists).
 *
 * @module
 */
import { orderbookFrame30, tickerFrame, toSimple, tradeFrame } from "../tests/_helpers/frames.ts";

/** The data types every benchmark subscribes to. */
export const TYPES = ["ticker", "trade", "orderbook"] as const;

/** One of {@linkcode TYPES}. */
export type BenchType = (typeof TYPES)[number];

/** The wire formats the benchmark covers (the ones ccxt and the floor client also read). */
export type BenchFormat = "DEFAULT" | "SIMPLE";

/** The five codes of the throughput runs. */
export const FIVE_CODES: readonly string[] = [
  "KRW-BTC",
  "KRW-ETH",
  "KRW-XRP",
  "KRW-SOL",
  "KRW-DOGE",
];

/**
 * `count` KRW market codes for the scale run: the five above, then made-up ones
 * (`KRW-C0005`, …) that pass the client's code check.
 *
 * @param count how many (e.g. 290, about Upbit's KRW market count)
 * @returns the codes
 */
export function krwCodes(count: number): string[] {
  const out = FIVE_CODES.slice(0, count);
  for (let i = out.length; i < count; i++) out.push(`KRW-C${String(i).padStart(4, "0")}`);
  return out;
}

/** A number no real field holds, replaced by a sequence number in paced runs. */
export const STAMP = 4503599627370495;

/**
 * The JSON text of one frame.
 *
 * @param type the data type
 * @param code the market code
 * @param format DEFAULT or SIMPLE keys
 * @param snapshot SNAPSHOT (else REALTIME)
 * @param index varies prices a little between codes
 * @param stamp put {@linkcode STAMP} in `timestamp` (so the sender can splice in a sequence number)
 * @returns the text
 */
export function frameText(
  type: BenchType,
  code: string,
  format: BenchFormat,
  snapshot: boolean,
  index: number,
  stamp = false,
): string {
  const stream_type = snapshot ? "SNAPSHOT" : "REALTIME";
  const bump = 1 + index / 1000;
  let frame: object;
  if (type === "ticker") {
    frame = tickerFrame({ code, stream_type, trade_price: Math.round(32287000 * bump) });
  } else if (type === "trade") {
    frame = tradeFrame({ code, stream_type, sequential_id: 17877285547970000 + index });
  } else {
    frame = orderbookFrame30({ code, stream_type });
  }
  if (stamp) (frame as { timestamp: number }).timestamp = STAMP;
  return JSON.stringify(format === "SIMPLE" ? toSimple(frame) : frame);
}
