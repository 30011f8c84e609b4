/**
 * The board's table: a status line (connection state, source, event rate) and one row per market,
 * coloured like Upbit (red for a rise, blue for a fall). Pure: rows in, lines out.
 *
 * @module
 */
import { type BoardRow, spreadOf } from "./board.ts";
import { formatAge, formatChange, formatPrice, formatVolume } from "./numbers.ts";
import { fit, pad, paint, type RenderOptions, visibleWidth } from "./text.ts";

/** The status line's inputs. */
export interface BoardStatus {
  /** The connection state, e.g. `open`, `connecting`, `backoff`, `failed`. */
  state: string;
  /** What is watched, e.g. `ticker` or `ticker + orderbook`. */
  title: string;
  /** Events per second over the last interval. */
  rate?: number;
  /** Where the data comes from. */
  source?: string;
  /** The last error, if any. */
  error?: string;
}

/** The ANSI colour of each connection state in status lines. */
export const STATE_COLOUR: Readonly<Record<string, string>> = Object.freeze({
  open: "32",
  healthy: "32",
  connecting: "33",
  backoff: "33",
  degraded: "33",
  idle: "2",
  failed: "31",
  unhealthy: "31",
  closed: "2",
});

/**
 * The first line of every live view: the connection state (coloured by {@linkcode STATE_COLOUR}),
 * what is watched, how many events arrived, the rate when known, and where the data comes from.
 *
 * @param status the status of the view
 * @param events the events applied so far
 * @param color whether to paint ANSI colours
 * @returns the line (not cut to the terminal's width)
 *
 * @example
 * ```ts
 * import { statusLine } from "./board_view.ts";
 * statusLine({ state: "open", title: "ticker", rate: 2.5 }, 10, false);
 * // "● open  ticker  10 events  2.5/s"
 * ```
 */
export function statusLine(status: BoardStatus, events: number, color: boolean): string {
  const parts = [
    `${paint(color, STATE_COLOUR[status.state] ?? "0", "●")} ${status.state}`,
    status.title,
    `${events.toLocaleString("en-US")} events`,
  ];
  if (status.rate !== undefined) parts.push(`${status.rate.toFixed(1)}/s`);
  if (status.source !== undefined) parts.push(status.source);
  return parts.join("  ");
}

function changeColour(rate: number | undefined): string {
  if (rate === undefined || Math.abs(rate) < 0.00005) return "";
  return rate > 0 ? "31" : "34";
}

/**
 * Renders the board as lines: a status line, a header and a row per market, each cut to the
 * width (on a narrow terminal the volume, bid and ask columns go first). Change is red for a rise and blue for a fall (Upbit's colours); a row not updated for
 * 10 s or more has a dim age.
 *
 * @param rows the board's rows
 * @param status connection state and title
 * @param now the current time (for the age column)
 * @param options colours and width
 * @returns the lines, without newlines
 *
 * @example
 * ```ts
 * import { Board } from "./board.ts";
 * import { renderBoard } from "./board_view.ts";
 * const board = new Board(["KRW-BTC"]);
 * const lines = renderBoard(board.rows(), { state: "open", title: "ticker" }, Date.now(), {
 *   color: false,
 *   width: 100,
 * });
 * console.log(lines.join("\n"));
 * ```
 */
export function renderBoard(
  rows: readonly BoardRow[],
  status: BoardStatus,
  now: number,
  options: RenderOptions,
): string[] {
  const c = options.color;
  const events = rows.reduce((n, r) => n + r.events, 0);
  const lines = [statusLine(status, events, c)];
  const head = ["MARKET", "PRICE", "CHANGE", "VOLUME", "BID", "ASK", "SPREAD", "AGE"];
  const table: string[][] = rows.map((r) => {
    const spread = spreadOf(r);
    const age = r.updatedAt === undefined ? undefined : now - r.updatedAt;
    const ageText = formatAge(age);
    return [
      r.code,
      formatPrice(r.price),
      paint(c, changeColour(r.changeRate), formatChange(r.changeRate)),
      formatVolume(r.volume),
      formatPrice(r.bid),
      formatPrice(r.ask),
      spread ? `${(spread.rate * 100).toFixed(3)}%` : "—",
      age !== undefined && age >= 10_000 ? paint(c, "2", ageText) : ageText,
    ];
  });
  const widths = head.map((h, i) =>
    Math.max(visibleWidth(h), ...table.map((row) => visibleWidth(row[i] ?? "")))
  );
  // On a narrow terminal, drop columns (volume, then bid, then ask) rather than cut the age.
  const shown = head.map((_, i) => i);
  const total = () => shown.reduce((n, i) => n + (widths[i] ?? 0), 0) + 2 * (shown.length - 1);
  for (const drop of [3, 4, 5]) {
    if (total() <= options.width) break;
    shown.splice(shown.indexOf(drop), 1);
  }
  const line = (cells: readonly string[]) =>
    shown.map((i) => pad(cells[i] ?? "", widths[i] ?? 0, i > 0)).join("  ");
  lines.push(paint(c, "1", line(head)));
  for (const row of table) lines.push(line(row));
  if (status.error !== undefined) lines.push(paint(c, "31", `last error: ${status.error}`));
  return lines.map((l) => fit(l, Math.max(20, options.width)));
}
