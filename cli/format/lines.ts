/**
 * One-line outputs: the plain once-a-second board line (stdout not a terminal), the recording
 * progress line and an NDJSON line per event.
 *
 * @module
 */
import type { BoardRow } from "./board.ts";
import { formatBytes, formatChange, formatElapsed, formatPrice } from "./numbers.ts";

/**
 * One plain line summarizing the board (for a non-terminal stdout, once a second):
 * `00:03 open  KRW-BTC 148,500,000 +0.12% 148,499,000/148,500,000 | KRW-ETH …`.
 *
 * @param rows the board's rows
 * @param state the connection state
 * @param elapsedMs time since the start
 * @returns the line, without a newline
 *
 * @example
 * ```ts
 * import { plainLine } from "./lines.ts";
 * plainLine([{ code: "KRW-BTC", events: 1, price: 100, changeRate: 0.01 }], "open", 3000);
 * // "00:03 open  KRW-BTC 100 ▲ +1.00% bid — ask —"
 * ```
 */
export function plainLine(rows: readonly BoardRow[], state: string, elapsedMs: number): string {
  const cells = rows.map((r) =>
    `${r.code} ${formatPrice(r.price)} ${formatChange(r.changeRate)} bid ${
      formatPrice(r.bid)
    } ask ${formatPrice(r.ask)}`
  );
  return `${formatElapsed(elapsedMs)} ${state}  ${cells.join(" | ")}`;
}

/** What the recording progress line shows. */
export interface RecordProgress {
  file: string;
  frames: number;
  bytes: number;
  elapsedMs: number;
  /** Frames per second over the last interval. */
  rate: number;
  state: string;
}

/**
 * The recording progress line: `recording btc.ndjson  1,234 frames  56.2 frames/s  1.2 MB  00:22`.
 *
 * @param p the counters
 * @returns the line, without a newline
 *
 * @example
 * ```ts
 * import { progressLine } from "./lines.ts";
 * progressLine({ file: "a.ndjson", frames: 10, bytes: 2048, elapsedMs: 5000, rate: 2, state: "open" });
 * // "recording a.ndjson  10 frames  2.0 frames/s  2.0 KB  00:05  open"
 * ```
 */
export function progressLine(p: RecordProgress): string {
  return `recording ${p.file}  ${p.frames.toLocaleString("en-US")} frames  ${
    p.rate.toFixed(1)
  } frames/s  ${formatBytes(p.bytes)}  ${formatElapsed(p.elapsedMs)}  ${p.state}`;
}

/**
 * One event as an NDJSON line (with the newline). Big integers become strings.
 *
 * @param event any JSON-able value
 * @returns the line
 *
 * @example
 * ```ts
 * import { ndjsonLine } from "./lines.ts";
 * ndjsonLine({ type: "ticker", code: "KRW-BTC" }); // '{"type":"ticker","code":"KRW-BTC"}\n'
 * ```
 */
export function ndjsonLine(event: unknown): string {
  return `${
    JSON.stringify(event, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))
  }\n`;
}
