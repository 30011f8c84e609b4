/**
 * The account view's tables: the status line, the orders and the balances, drawn even when empty
 * so a terminal never shows a blank screen. Pure: board in, lines out.
 *
 * @module
 */
import { AccountBoard } from "./account.ts";
import { type BoardStatus, statusLine } from "./board_view.ts";
import { formatAge, formatPrice } from "./numbers.ts";
import { fit, pad, paint, type RenderOptions, visibleWidth } from "./text.ts";

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
 * import { AccountBoard } from "./account.ts";
 * import { renderAccount } from "./account_view.ts";
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
  const lines = [statusLine(status, board.events, c), ""];
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
