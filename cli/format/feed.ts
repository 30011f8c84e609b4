/**
 * The live table of `watch announcement`, `watch indicator` and `watch indicator_signal`: one row
 * per (code, indicator[, trigger]) with its latest values, or one per notice (newest first).
 * Pure: rows in, lines out, like `renderBoard`.
 *
 * @module
 */
import { type BoardStatus, statusLine } from "./board_view.ts";
import { formatAge } from "./numbers.ts";
import { fit, paint, type RenderOptions, visibleWidth } from "./text.ts";

/** One row of the feed table. */
export interface FeedRow {
  /** What the row is about: `KRW-BTC rsi(14)`, or a notice's category. */
  key: string;
  /** The latest values, e.g. `rsi 58.75`, or a notice's title. */
  values: string;
  /** The candle start (indicators) or listing time (notices). */
  at: string;
  /** Events folded into this row. */
  events: number;
  /** When the row last changed (ms). */
  updatedAt: number;
}

/** Any event the feed shows, as the client delivers it (camelCase). */
export interface FeedEvent {
  type: string;
  code?: string;
  indicator?: string;
  params?: Readonly<Record<string, unknown>>;
  trigger?: string;
  value?: Readonly<Record<string, unknown>>;
  candleDateTimeUtc?: string;
  uuid?: string;
  category?: string;
  title?: string;
  eventType?: string;
  listedAt?: string;
}

/** How many notices the table keeps. */
const NOTICES = 20;

/** The rows of the feed table, updated by each event. */
export class Feed {
  #rows = new Map<string, FeedRow>();
  #notices: boolean;
  /** Events seen. */
  events = 0;

  /**
   * Creates an empty feed.
   *
   * @param notices whether it shows announcements (newest first) rather than indicators
   */
  constructor(notices: boolean) {
    this.#notices = notices;
  }

  /**
   * Folds an event into its row.
   *
   * @param e the event
   * @param now the time (ms)
   */
  apply(e: FeedEvent, now: number): void {
    this.events++;
    if (e.type === "announcement") {
      const key = e.uuid ?? String(this.events);
      this.#rows.delete(key);
      this.#rows.set(key, {
        key: `${e.category ?? "?"} ${e.eventType ?? ""}`.trim(),
        values: e.title ?? "",
        at: e.listedAt ?? "",
        events: 1,
        updatedAt: now,
      });
      while (this.#rows.size > NOTICES) this.#rows.delete(this.#rows.keys().next().value!);
      return;
    }
    const params = Object.values(e.params ?? {}).join(",");
    const key = `${e.code ?? "?"} ${e.indicator ?? "?"}(${params})${
      e.trigger ? ` ${e.trigger}` : ""
    }`;
    const values = Object.entries(e.value ?? {})
      .map(([k, v]) => `${k} ${typeof v === "number" ? round(v) : String(v)}`)
      .join("  ");
    const row = this.#rows.get(key);
    this.#rows.set(key, {
      key,
      values,
      at: e.candleDateTimeUtc ?? "",
      events: (row?.events ?? 0) + 1,
      updatedAt: now,
    });
  }

  /** The rows: indicators in first-seen order, notices newest first. */
  rows(): FeedRow[] {
    const rows = [...this.#rows.values()];
    return this.#notices ? rows.reverse() : rows;
  }
}

function round(v: number): string {
  const abs = Math.abs(v);
  return abs >= 1000 ? v.toFixed(0) : abs >= 1 ? v.toFixed(2) : v.toPrecision(4);
}

/**
 * Renders the feed table: a status line, a header and one line per row, each cut to the width.
 *
 * @param rows the rows
 * @param status connection state, title, source, last error
 * @param now the time (ms), for the age column
 * @param options colour and width
 * @returns the lines
 */
export function renderFeed(
  rows: readonly FeedRow[],
  status: BoardStatus,
  now: number,
  options: RenderOptions,
): string[] {
  const c = options.color;
  const events = rows.reduce((n, r) => n + r.events, 0);
  const head = statusLine(status, events, c);
  const table = rows.map((r) => [r.key, r.at, formatAge(now - r.updatedAt), r.values]);
  const titles = ["WHAT", "CANDLE / LISTED", "AGE", "VALUES"];
  const widths = [0, 1, 2].map((i) =>
    Math.max(visibleWidth(titles[i]!), ...table.map((row) => visibleWidth(row[i]!)))
  );
  const line = (cells: string[]) =>
    fit(
      cells.map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell)).join("  "),
      options.width,
    );
  const lines = [fit(head, options.width), paint(c, "1", line(titles)), ...table.map(line)];
  if (rows.length === 0) {
    lines.push("(waiting: indicators come at candle closes, notices when published)");
  }
  if (status.error !== undefined) lines.push(paint(c, "31", fit(status.error, options.width)));
  return lines;
}
