/**
 * The account view's data for `watch myOrder|myAsset`: open and recent orders (from `myOrder`)
 * and balances (from `myAsset`), kept by the {@linkcode AccountBoard}.
 *
 * @module
 */

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
 * import { AccountBoard } from "./account.ts";
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
