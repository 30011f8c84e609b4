/**
 * Output formatting of the `upbit-ws` command and the demo: numbers, the live board (a row per
 * market, fed by any event type), its table rendering, the recording progress line and the
 * plain once-a-second line. Pure: no process, no timers, no I/O, so it runs (and is tested) on
 * every runtime, workerd included. The caller passes the time.
 *
 * @module
 */

/** Colours on or off, and the width to fit. */
export interface RenderOptions {
  /** ANSI colours (red for a rise, blue for a fall, as on Upbit). */
  color: boolean;
  /** Terminal columns; lines are cut to fit. */
  width: number;
}

const ESC = "\x1b[";
// deno-lint-ignore no-control-regex -- matching terminal escapes is the point
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * Wraps text in an SGR colour when colours are on.
 *
 * @param on whether colours are on
 * @param code the SGR code, e.g. `"31"` for red
 * @param text the text
 * @returns the text, coloured or not
 *
 * @example
 * ```ts
 * import { paint } from "./format.ts";
 * paint(true, "31", "up"); // "\x1b[31mup\x1b[0m"
 * ```
 */
export function paint(on: boolean, code: string, text: string): string {
  return on && text !== "" ? `${ESC}${code}m${text}${ESC}0m` : text;
}

/**
 * Removes ANSI escape sequences.
 *
 * @param text the text
 * @returns the text without escapes
 *
 * @example
 * ```ts
 * import { stripAnsi } from "./format.ts";
 * stripAnsi("\x1b[31mup\x1b[0m"); // "up"
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Columns a string takes on a terminal: escapes take none, East Asian wide characters two.
 *
 * @param text the text
 * @returns the width in columns
 *
 * @example
 * ```ts
 * import { visibleWidth } from "./format.ts";
 * visibleWidth("비트코인"); // 8
 * ```
 */
export function visibleWidth(text: string): number {
  let w = 0;
  for (const ch of stripAnsi(text)) w += wide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

function wide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff);
}

/**
 * Cuts a line to a width, keeping escapes intact and resetting colours when it cuts.
 *
 * @param text the line
 * @param width the columns available
 * @returns the line, at most `width` columns wide
 *
 * @example
 * ```ts
 * import { fit } from "./format.ts";
 * fit("KRW-BTC 148,500,000", 7); // "KRW-BTC"
 * ```
 */
export function fit(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = "";
  let w = 0;
  let cut = false;
  for (let i = 0; i < text.length;) {
    if (text[i] === "\x1b") {
      // deno-lint-ignore no-control-regex -- matching terminal escapes is the point
      const m = /^\x1b\[[0-9;?]*[A-Za-z]/.exec(text.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const cw = wide(cp) ? 2 : 1;
    if (w + cw > width) {
      cut = true;
      break;
    }
    out += ch;
    w += cw;
    i += ch.length;
  }
  return cut && out.includes("\x1b") ? `${out}${ESC}0m` : out;
}

function pad(text: string, width: number, right: boolean): string {
  const gap = Math.max(0, width - visibleWidth(text));
  return right ? " ".repeat(gap) + text : text + " ".repeat(gap);
}

/**
 * Formats a price the way Upbit shows it: thousands separators, and decimals by magnitude
 * (none above 100 000 unless present, up to 8 below 1).
 *
 * @param value the price
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatPrice } from "./format.ts";
 * formatPrice(148500000); // "148,500,000"
 * formatPrice(0.01952); // "0.01952"
 * ```
 */
export function formatPrice(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  const digits = abs >= 100_000 ? 1 : abs >= 100 ? 2 : abs >= 1 ? 4 : 8;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits, useGrouping: true });
}

/**
 * Formats a quantity compactly: `1,234.57`, `12.35K`, `3.46M`, `1.20B`.
 *
 * @param value the quantity
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatVolume } from "./format.ts";
 * formatVolume(7158.8028356); // "7,158.8"
 * formatVolume(228827082483.7); // "228.83B"
 * ```
 */
export function formatVolume(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return "—";
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${(value / 1e9).toFixed(2)}B`;
  if (abs >= 1e6) return `${(value / 1e6).toFixed(2)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toFixed(2)}K`;
  const digits = abs >= 100 ? 1 : abs >= 1 ? 3 : 8;
  return value.toLocaleString("en-US", { maximumFractionDigits: digits });
}

/**
 * Formats a signed rate as a percentage with an arrow: `▲ +1.27%`, `▼ -0.40%`, `- 0.00%`.
 *
 * @param rate the signed rate (0.0127 = +1.27 %)
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatChange } from "./format.ts";
 * formatChange(0.0126713295); // "▲ +1.27%"
 * ```
 */
export function formatChange(rate: number | undefined): string {
  if (rate === undefined || !Number.isFinite(rate)) return "—";
  const pct = (rate * 100).toFixed(2);
  if (Number(pct) > 0) return `▲ +${pct}%`;
  if (Number(pct) < 0) return `▼ ${pct}%`;
  return `- ${(0).toFixed(2)}%`;
}

/**
 * Formats a byte count: `512 B`, `1.5 KB`, `2.25 MB`.
 *
 * @param bytes the count
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatBytes } from "./format.ts";
 * formatBytes(1536); // "1.5 KB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/**
 * Formats a duration for the age column: `0.3s`, `12s`, `4m05s`, `2h03m`.
 *
 * @param ms the duration in ms
 * @returns the text, or `"—"` when unknown
 *
 * @example
 * ```ts
 * import { formatAge } from "./format.ts";
 * formatAge(250); // "0.3s"
 * formatAge(245_000); // "4m05s"
 * ```
 */
export function formatAge(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "—";
  const t = Math.max(0, ms);
  if (t < 10_000) return `${(t / 1000).toFixed(1)}s`;
  const s = Math.floor(t / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor(s / 60) % 60).padStart(2, "0")}m`;
}

/**
 * Formats elapsed time as a clock: `00:05`, `12:34`, `1:02:03`.
 *
 * @param ms the elapsed time in ms
 * @returns the text
 *
 * @example
 * ```ts
 * import { formatElapsed } from "./format.ts";
 * formatElapsed(65_000); // "01:05"
 * ```
 */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const mm = String(Math.floor(s / 60) % 60).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return s >= 3600 ? `${Math.floor(s / 3600)}:${mm}:${ss}` : `${mm}:${ss}`;
}

/**
 * One market on the board: whatever the events so far told about it.
 *
 * @example
 * ```ts
 * import type { BoardRow } from "./format.ts";
 * const row: BoardRow = { code: "KRW-BTC", events: 0 };
 * ```
 */
export interface BoardRow {
  code: string;
  /** Last price (ticker, trade, candle close). */
  price?: number | undefined;
  /** Signed change rate against the previous close (or the candle open). */
  changeRate?: number | undefined;
  /** 24 h volume (ticker), last trade volume (trade), candle volume (candle). */
  volume?: number | undefined;
  /** Best bid and ask (orderbook, or a trade's best bid/ask). */
  bid?: number | undefined;
  ask?: number | undefined;
  bidSize?: number | undefined;
  askSize?: number | undefined;
  /** Receive time of the last event, ms since the epoch. */
  updatedAt?: number | undefined;
  /** Events received for this code. */
  events: number;
}

/** The fields of an event the board reads; any Upbit event fits. */
export interface BoardEvent {
  type: string;
  code?: string;
  tradePrice?: number;
  signedChangeRate?: number;
  prevClosingPrice?: number;
  openingPrice?: number;
  accTradeVolume24h?: number | null;
  tradeVolume?: number;
  candleAccTradeVolume?: number;
  bestBidPrice?: number | null;
  bestAskPrice?: number | null;
  bestBidSize?: number | null;
  bestAskSize?: number | null;
  orderbookUnits?: readonly {
    askPrice: number;
    bidPrice: number;
    askSize: number;
    bidSize: number;
  }[];
}

/**
 * The live board: a row per market code, in the order the codes were given, updated by ticker,
 * trade, orderbook and candle events.
 *
 * @example
 * ```ts
 * import { Board } from "./format.ts";
 * const board = new Board(["KRW-BTC"]);
 * board.apply({ type: "ticker", code: "KRW-BTC", tradePrice: 1, signedChangeRate: 0 }, Date.now());
 * console.log(board.rows()[0]?.price); // 1
 * ```
 */
export class Board {
  readonly #rows = new Map<string, BoardRow>();
  #events = 0;

  /** @param codes the codes, in display order */
  constructor(codes: readonly string[]) {
    for (const code of codes) this.#rows.set(code, { code, events: 0 });
  }

  /** Events applied so far. */
  get events(): number {
    return this.#events;
  }

  /**
   * Updates the row of the event's code (adding one for a code not seen before).
   *
   * @param event the event
   * @param now its receive time
   */
  apply(event: BoardEvent, now: number): void {
    const code = event.code;
    if (code === undefined) return;
    let row = this.#rows.get(code);
    if (!row) this.#rows.set(code, row = { code, events: 0 });
    row.events++;
    row.updatedAt = now;
    this.#events++;
    const type = event.type;
    if (type === "ticker") {
      row.price = event.tradePrice;
      row.changeRate = event.signedChangeRate;
      row.volume = event.accTradeVolume24h ?? undefined; // null in some live frames
    } else if (type === "trade") {
      row.price = event.tradePrice;
      row.volume = event.tradeVolume;
      const prev = event.prevClosingPrice;
      if (prev !== undefined && prev > 0 && event.tradePrice !== undefined) {
        row.changeRate = (event.tradePrice - prev) / prev;
      }
      // null (or absent) in trades from servers that do not send the best bid/ask.
      if (event.bestBidPrice != null) row.bid = event.bestBidPrice;
      if (event.bestAskPrice != null) row.ask = event.bestAskPrice;
      if (event.bestBidSize != null) row.bidSize = event.bestBidSize;
      if (event.bestAskSize != null) row.askSize = event.bestAskSize;
    } else if (type === "orderbook") {
      const top = event.orderbookUnits?.[0];
      if (top) {
        row.bid = top.bidPrice || undefined;
        row.ask = top.askPrice || undefined;
        row.bidSize = top.bidSize;
        row.askSize = top.askSize;
      }
    } else if (type.startsWith("candle.")) {
      row.price = event.tradePrice;
      row.volume = event.candleAccTradeVolume;
      const open = event.openingPrice;
      if (open !== undefined && open > 0 && event.tradePrice !== undefined) {
        row.changeRate = (event.tradePrice - open) / open;
      }
    }
  }

  /** The rows, in display order (copies). */
  rows(): BoardRow[] {
    return [...this.#rows.values()].map((r) => ({ ...r }));
  }
}

/**
 * The spread of a row: ask − bid, and as a share of the mid price.
 *
 * @param row the row
 * @returns the spread, or undefined without both sides
 *
 * @example
 * ```ts
 * import { spreadOf } from "./format.ts";
 * spreadOf({ code: "KRW-BTC", events: 1, bid: 99, ask: 101 }); // { abs: 2, rate: 0.02 }
 * ```
 */
export function spreadOf(row: BoardRow): { abs: number; rate: number } | undefined {
  const { bid, ask } = row;
  if (bid === undefined || ask === undefined || !(bid > 0) || !(ask > 0)) return undefined;
  return { abs: ask - bid, rate: (ask - bid) / ((ask + bid) / 2) };
}

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

const STATE_COLOUR: Readonly<Record<string, string>> = Object.freeze({
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
 * import { Board, renderBoard } from "./format.ts";
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
  const parts = [
    `${paint(c, STATE_COLOUR[status.state] ?? "0", "●")} ${status.state}`,
    status.title,
    `${events.toLocaleString("en-US")} events`,
  ];
  if (status.rate !== undefined) parts.push(`${status.rate.toFixed(1)}/s`);
  if (status.source !== undefined) parts.push(status.source);
  const lines = [parts.join("  ")];
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

/** One order as the account view shows it (from `myOrder` events). */
export interface OrderRow {
  uuid: string;
  code: string;
  /** `BID` (buy) or `ASK` (sell). */
  side: string;
  /** The last state Upbit reported: `wait`, `watch`, `trade`, `done`, `cancel`, `prevented`. */
  state: string;
  /** The order's price (a fill's price on `trade` events keeps the order's own). */
  price: number | undefined;
  volume: number | undefined;
  executedVolume: number;
  /** Receive time of the last event, ms since the epoch. */
  updatedAt: number;
}

/** One currency as the account view shows it (from `myAsset` events). */
export interface BalanceRow {
  currency: string;
  /** Available amount (a decimal string with `lossless`). */
  balance: number | string;
  locked: number | string;
  updatedAt: number;
}

/** The fields of `myOrder`/`myAsset` events the account view reads. */
export interface AccountEvent {
  type: string;
  code?: string;
  uuid?: string;
  askBid?: string;
  state?: string;
  price?: number | null;
  volume?: number | null;
  executedVolume?: number;
  assets?: readonly { currency: string; balance: number | string; locked: number | string }[];
}

/**
 * The live view of `watch myOrder`/`watch myAsset`: the account's orders (newest change first)
 * and balances, updated by `myOrder` and `myAsset` events.
 *
 * @example
 * ```ts
 * import { AccountBoard } from "./format.ts";
 * const board = new AccountBoard();
 * board.apply({ type: "myAsset", assets: [{ currency: "KRW", balance: 1000, locked: 0 }] }, 0);
 * console.log(board.balances()[0]?.balance); // 1000
 * ```
 */
export class AccountBoard {
  readonly #orders = new Map<string, OrderRow>();
  readonly #balances = new Map<string, BalanceRow>();
  #events = 0;

  /** Events applied so far. */
  get events(): number {
    return this.#events;
  }

  /**
   * Applies a `myOrder` or `myAsset` event; other events are ignored.
   *
   * @param event the event
   * @param now its receive time
   */
  apply(event: AccountEvent, now: number): void {
    if (event.type === "myOrder" && event.uuid !== undefined) {
      this.#events++;
      const prev = this.#orders.get(event.uuid);
      // A `trade` event carries the fill's price and volume; the order's own stay as they were.
      const fill = event.state === "trade";
      const row: OrderRow = {
        uuid: event.uuid,
        code: event.code ?? prev?.code ?? "",
        side: event.askBid ?? prev?.side ?? "",
        state: event.state ?? prev?.state ?? "",
        price: fill && prev ? prev.price : event.price ?? prev?.price,
        volume: fill && prev ? prev.volume : event.volume ?? prev?.volume,
        executedVolume: event.executedVolume ?? prev?.executedVolume ?? 0,
        updatedAt: now,
      };
      this.#orders.delete(event.uuid);
      this.#orders.set(event.uuid, row);
      // Keep the newest 200 orders.
      if (this.#orders.size > 200) this.#orders.delete(this.#orders.keys().next().value!);
    } else if (event.type === "myAsset" && event.assets !== undefined) {
      this.#events++;
      for (const a of event.assets) {
        this.#balances.set(a.currency, { ...a, updatedAt: now });
      }
    }
  }

  /** Orders, the most recently changed first (copies). */
  orders(): OrderRow[] {
    return [...this.#orders.values()].reverse().map((r) => ({ ...r }));
  }

  /** Balances by currency, KRW first, then alphabetically (copies). */
  balances(): BalanceRow[] {
    return [...this.#balances.values()].sort((a, b) =>
      a.currency === "KRW" ? -1 : b.currency === "KRW" ? 1 : a.currency.localeCompare(b.currency)
    ).map((r) => ({ ...r }));
  }
}

function formatAmount(value: number | string | undefined): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  if (!Number.isFinite(value)) return "—";
  return value.toLocaleString("en-US", { maximumFractionDigits: 8 });
}

const ORDER_STATE_COLOUR: Readonly<Record<string, string>> = Object.freeze({
  wait: "33",
  watch: "33",
  trade: "36",
  done: "32",
  cancel: "2",
  prevented: "2",
});

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  right: (i: number) => boolean,
  c: boolean,
): string[] {
  const widths = head.map((h, i) =>
    Math.max(visibleWidth(h), ...rows.map((row) => visibleWidth(row[i] ?? "")))
  );
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => pad(cell, widths[i] ?? 0, right(i))).join("  ").trimEnd();
  return [paint(c, "1", line(head)), ...rows.map(line)];
}

/**
 * Renders the account view: the status line (connection state, what is watched, events), the
 * orders (newest change first, at most `maxOrders`) and the balances. Before the first event of
 * a kind it says so: Upbit sends `myOrder` and `myAsset` only when an order or a balance changes,
 * so a quiet account shows no rows, not a blank screen.
 *
 * @param board the account board
 * @param status connection state and title
 * @param now the current time (for the age column)
 * @param options colours and width
 * @param maxOrders the most order rows shown (default 15)
 * @returns the lines, without newlines
 *
 * @example
 * ```ts
 * import { AccountBoard, renderAccount } from "./format.ts";
 * const lines = renderAccount(new AccountBoard(), { state: "open", title: "myOrder + myAsset" }, 0, {
 *   color: false,
 *   width: 100,
 * });
 * console.log(lines.join("\n"));
 * ```
 */
export function renderAccount(
  board: AccountBoard,
  status: BoardStatus,
  now: number,
  options: RenderOptions,
  maxOrders = 15,
): string[] {
  const c = options.color;
  const parts = [
    `${paint(c, STATE_COLOUR[status.state] ?? "0", "●")} ${status.state}`,
    status.title,
    `${board.events.toLocaleString("en-US")} events`,
  ];
  if (status.source !== undefined) parts.push(status.source);
  const lines = [parts.join("  "), ""];
  const orders = board.orders();
  lines.push(paint(c, "1", `ORDERS (${orders.length})`));
  if (orders.length === 0) {
    lines.push(
      paint(c, "2", "no order events yet: Upbit sends one only when an order of yours changes"),
    );
  } else {
    const rows = orders.slice(0, maxOrders).map((o) => [
      o.code,
      o.side,
      paint(c, ORDER_STATE_COLOUR[o.state] ?? "0", o.state),
      formatPrice(o.price),
      formatAmount(o.volume),
      formatAmount(o.executedVolume),
      formatAge(now - o.updatedAt),
      o.uuid.slice(0, 8),
    ]);
    lines.push(
      ...table(
        ["MARKET", "SIDE", "STATE", "PRICE", "VOLUME", "FILLED", "AGE", "UUID"],
        rows,
        (i) => i >= 3 && i <= 6,
        c,
      ),
    );
    if (orders.length > maxOrders) {
      lines.push(paint(c, "2", `… and ${orders.length - maxOrders} older`));
    }
  }
  lines.push("");
  const balances = board.balances();
  lines.push(paint(c, "1", `BALANCES (${balances.length})`));
  if (balances.length === 0) {
    lines.push(
      paint(c, "2", "no balance events yet: Upbit sends one only when a balance changes"),
    );
  } else {
    lines.push(
      ...table(
        ["CURRENCY", "BALANCE", "LOCKED", "AGE"],
        balances.map((b) => [
          b.currency,
          formatAmount(b.balance),
          formatAmount(b.locked),
          formatAge(now - b.updatedAt),
        ]),
        (i) => i > 0,
        c,
      ),
    );
  }
  if (status.error !== undefined) lines.push(paint(c, "31", `last error: ${status.error}`));
  return lines.map((l) => fit(l, Math.max(20, options.width)));
}

/**
 * The terminal control text that replaces the previous frame of a live view with a new one:
 * cursor up over the old lines, each line cleared as it is rewritten, the rest cleared below.
 *
 * @param previousLines how many lines the last frame printed (0 the first time)
 * @param lines the new frame
 * @returns the text to write
 *
 * @example
 * ```ts
 * import { redraw } from "./format.ts";
 * redraw(2, ["a", "b"]); // "\x1b[2A\r\x1b[2Ka\n\x1b[2Kb\n\x1b[J"
 * ```
 */
export function redraw(previousLines: number, lines: readonly string[]): string {
  const up = previousLines > 0 ? `${ESC}${previousLines}A\r` : "";
  return `${up}${lines.map((l) => `${ESC}2K${l}\n`).join("")}${ESC}J`;
}

/** Hides the cursor (live views). */
export const HIDE_CURSOR = "\x1b[?25l";
/** Shows the cursor again. */
export const SHOW_CURSOR = "\x1b[?25h";

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
 * import { plainLine } from "./format.ts";
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
 * import { progressLine } from "./format.ts";
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
 * import { ndjsonLine } from "./format.ts";
 * ndjsonLine({ type: "ticker", code: "KRW-BTC" }); // '{"type":"ticker","code":"KRW-BTC"}\n'
 * ```
 */
export function ndjsonLine(event: unknown): string {
  return `${
    JSON.stringify(event, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))
  }\n`;
}

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
 * import { filterMarkets } from "./format.ts";
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
 * The market list as a table: market, English name, Korean name, and a warning flag.
 *
 * @param markets the list
 * @param options colours and width
 * @returns the lines, header first
 *
 * @example
 * ```ts
 * import { renderMarkets } from "./format.ts";
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
 * import { renderLadder } from "./format.ts";
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
