/**
 * The shapes of the emulated exchange's accounts and orders: an account's keys and balances, an
 * order as placed and as kept, its states, the private events every change emits, and what orders
 * are matched against.
 *
 * @module
 */
import type { WireObject } from "../codec/json.ts";

/**
 * An API key pair and its starting balances.
 *
 * @example An account with KRW and BTC
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({
 *   accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 1_000_000, BTC: 0.1 } }],
 * });
 * ```
 */
export interface AccountSpec {
  /** The API access key (the JWT's `access_key`). */
  accessKey: string;
  /** The secret the JWT is signed with, as raw UTF-8 bytes. */
  secretKey: string;
  /** Available balance per currency (default `{ KRW: 10_000_000 }`). */
  balances?: Record<string, number>;
}

/**
 * One currency of an account.
 *
 * @example Print balances
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ accounts: [{ accessKey: "ak", secretKey: "sk" }] });
 * for (const b of emu.accounts.balances("ak")) console.log(b.currency, b.balance, b.locked);
 * ```
 */
export interface Balance {
  /** Currency code, e.g. `KRW`. */
  currency: string;
  /** Available amount. */
  balance: number;
  /** Amount locked in open orders. */
  locked: number;
}

/**
 * Order states as Upbit names them.
 *
 * @example Branch on the state
 * ```ts
 * import type { OrderState } from "upbit-ws/testing";
 * const open = (s: OrderState) => s === "wait" || s === "watch";
 * ```
 */
export type OrderState = "wait" | "watch" | "trade" | "done" | "cancel" | "prevented";

/**
 * What `placeOrder` takes (REST-like names).
 *
 * @example A limit buy
 * ```ts
 * import type { PlaceOrderInput } from "upbit-ws/testing";
 * const input: PlaceOrderInput = { market: "KRW-BTC", side: "bid", price: 100_000_000, volume: 0.01 };
 * ```
 */
export interface PlaceOrderInput {
  /** Pair code, e.g. `KRW-BTC`. */
  market: string;
  /** `bid` (buy) or `ask` (sell). */
  side: "bid" | "ask";
  /** `limit` (default), `price` (market buy by funds), `market` (market sell by volume), `best`. */
  ordType?: "limit" | "price" | "market" | "best";
  /** Limit price, or the funds of a `price`/`best` buy. */
  price?: number;
  /** Volume (limit, market and best sell). */
  volume?: number;
  /** Client order id. */
  identifier?: string;
  /** `ioc`, `fok` or `post_only`. */
  timeInForce?: "ioc" | "fok" | "post_only";
  /**
   * Self-match prevention type. Without one an order gets `cancel_maker`, or `none` with
   * `post_only`, which only `none` allows (`upbit-protocol.md` §10.4, 2026-11-09).
   */
  smpType?: "reduce" | "cancel_maker" | "cancel_taker" | "none";
  /** A reserved (stop) order: starts in `watch` until {@linkcode AccountBook.triggerOrder}. */
  watch?: boolean;
}

/**
 * An order as the emulator keeps it.
 *
 * @example Inspect an order
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ accounts: [{ accessKey: "ak", secretKey: "sk" }] });
 * const o = emu.accounts.placeOrder("ak", { market: "KRW-BTC", side: "bid", price: 1_000_000, volume: 1 });
 * console.log(o.state, o.locked); // "wait" 1000500
 * ```
 */
export interface Order {
  /** Order id. */
  uuid: string;
  /** Owning account. */
  accessKey: string;
  /** Pair code. */
  market: string;
  /** `bid` (buy) or `ask` (sell). */
  side: "bid" | "ask";
  /** Order type. */
  ordType: "limit" | "price" | "market" | "best";
  /** Current state (`wait`, `watch`, `done`, `cancel`, `prevented`). */
  state: OrderState;
  /** Limit price, or the funds of a `price` buy; null for market sells. */
  price: number | null;
  /** Order volume; null for `price` buys. */
  volume: number | null;
  /** Volume not yet filled. */
  remainingVolume: number;
  /** Funds not yet spent (`price`/`best` buys). */
  remainingFunds: number;
  /** Volume filled. */
  executedVolume: number;
  /** Funds of the fills. */
  executedFunds: number;
  /** Number of fills. */
  tradesCount: number;
  /** Fee reserved at placement (buys). */
  reservedFee: number;
  /** Reserved fee not yet paid. */
  remainingFee: number;
  /** Fee paid on fills. */
  paidFee: number;
  /** Funds (buy) or volume (sell) still locked. */
  locked: number;
  /** `ioc`, `fok`, `post_only` or null. */
  timeInForce: string | null;
  /** Client order id or null. */
  identifier: string | null;
  /** Self-match prevention type: always set since 2026-11-09 (§10.4). */
  smpType: string;
  /** Volume removed by SMP. */
  preventedVolume: number;
  /** Funds or volume released by SMP. */
  preventedLocked: number;
  /** Placement time, ms. */
  orderTimestamp: number;
}

/**
 * A private event for one account.
 *
 * @example Watch account events
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ accounts: [{ accessKey: "ak", secretKey: "sk" }] });
 * emu.accounts.onEvent((e) => console.log(e.kind, e.frame["type"]));
 * ```
 */
export interface AccountEvent {
  /** Which stream the frame belongs to. */
  kind: "myOrder" | "myAsset";
  /** The account the frame is for. */
  accessKey: string;
  /** The pair (myOrder only). */
  code?: string;
  /** The DEFAULT-format frame. */
  frame: WireObject;
}

/**
 * What the account book matches orders against: the market simulator's book
 * ({@linkcode MarketSimulator.execute}).
 *
 * @example A market that never fills
 * ```ts
 * import type { OrderMatcher } from "upbit-ws/testing";
 * const none: OrderMatcher = { execute: () => [] };
 * ```
 */
export interface OrderMatcher {
  /**
   * Takes liquidity for an incoming order; returns the fills in order.
   *
   * @param code the pair
   * @param side `BID` (a buy takes asks) or `ASK`
   * @param options `limit` price (none: market), `volume` or (buys) `funds`
   */
  execute(
    code: string,
    side: "ASK" | "BID",
    options: { limit?: number; volume?: number; funds?: number },
  ): { price: number; volume: number }[];
}
