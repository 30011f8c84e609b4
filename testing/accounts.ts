/**
 * Accounts and orders of the emulated exchange. Every change emits the `myOrder` and `myAsset`
 * frames Upbit would push to the account's private connections.
 *
 * @module
 */

import { createRng, type Rng, round8, seededUuid } from "./_util.ts";
import type { Clock } from "./clock.ts";
import type { WireObject } from "./codec/json.ts";

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

interface Account {
  spec: AccountSpec;
  balances: Map<string, { balance: number; locked: number }>;
}

interface Fill {
  price: number;
  volume: number;
  isMaker: boolean;
  uuid: string;
  at: number;
}

/**
 * The accounts and orders. Reach it as `emulator.accounts`.
 *
 * @example An order's life
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ accounts: [{ accessKey: "ak", secretKey: "sk" }] });
 * const o = emu.accounts.placeOrder("ak", { market: "KRW-BTC", side: "bid", price: 100_000_000, volume: 0.01 });
 * emu.accounts.fillOrder(o.uuid, { volume: 0.004 }); // state trade
 * emu.accounts.fillOrder(o.uuid); // trade, then done
 * ```
 */
export class AccountBook {
  readonly #accounts = new Map<string, Account>();
  readonly #orders = new Map<string, Order>();
  readonly #listeners = new Set<(e: AccountEvent) => void>();
  readonly #clock: Clock;
  readonly #priceOf: (code: string) => number;
  readonly #feeRate: number;
  readonly #assetScope: "changed" | "all";
  readonly #rng: Rng;
  readonly #matcher: OrderMatcher | undefined;
  #matching = false;

  /**
   * Creates an empty book of accounts.
   *
   * @param options `feeRate` (default 0.0005), `assetScope` (default `"changed"`), `seed`
   * @param clock the time source
   * @param priceOf the market's last price of a pair (fills of market orders)
   * @param matcher the book orders are matched against (the emulator passes its market); without
   *   one, orders fill only through {@linkcode AccountBook.fillOrder}
   */
  constructor(
    options: { feeRate?: number; assetScope?: "changed" | "all"; seed?: number },
    clock: Clock,
    priceOf: (code: string) => number,
    matcher?: OrderMatcher,
  ) {
    this.#matcher = matcher;
    this.#clock = clock;
    this.#priceOf = priceOf;
    this.#feeRate = options.feeRate ?? 0.0005;
    this.#assetScope = options.assetScope ?? "changed";
    this.#rng = createRng((options.seed ?? 1) ^ 0x1b873593);
  }

  /** Registers a listener of account events; returns its remover. */
  onEvent(listener: (e: AccountEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(e: AccountEvent): void {
    for (const l of [...this.#listeners]) l(e);
  }

  /**
   * Adds (or replaces) an account.
   *
   * @param spec keys and balances
   */
  add(spec: AccountSpec): void {
    if (typeof spec.accessKey !== "string" || spec.accessKey === "") {
      throw new TypeError(
        `Cannot add the account as accessKey must be a non-empty string: current value is "${typeof spec
          .accessKey}"`,
      );
    }
    if (typeof spec.secretKey !== "string" || spec.secretKey === "") {
      throw new TypeError("Cannot add the account as secretKey must be a non-empty string");
    }
    const balances = new Map<string, { balance: number; locked: number }>();
    for (const [cur, amount] of Object.entries(spec.balances ?? { KRW: 10_000_000 })) {
      balances.set(cur, { balance: amount, locked: 0 });
    }
    this.#accounts.set(spec.accessKey, { spec, balances });
  }

  /** The secret of an access key (used by the JWT check), or `undefined`. */
  secretOf(accessKey: string): string | undefined {
    return this.#accounts.get(accessKey)?.spec.secretKey;
  }

  /** Every access key. */
  accessKeys(): string[] {
    return [...this.#accounts.keys()];
  }

  /** The balances of an account. */
  balances(accessKey: string): Balance[] {
    const a = this.#account(accessKey);
    return [...a.balances].map(([currency, b]) => ({
      currency,
      balance: b.balance,
      locked: b.locked,
    }));
  }

  /** One order, or `undefined`. */
  order(uuid: string): Order | undefined {
    const o = this.#orders.get(uuid);
    return o ? { ...o } : undefined;
  }

  /** The orders of an account, oldest first. */
  orders(accessKey: string): Order[] {
    return [...this.#orders.values()].filter((o) => o.accessKey === accessKey).map((o) => ({
      ...o,
    }));
  }

  #account(accessKey: string): Account {
    const a = this.#accounts.get(accessKey);
    if (a === undefined) {
      throw new RangeError("Cannot find the account as the access key is unknown");
    }
    return a;
  }

  #bal(a: Account, cur: string): { balance: number; locked: number } {
    let b = a.balances.get(cur);
    if (b === undefined) {
      b = { balance: 0, locked: 0 };
      a.balances.set(cur, b);
    }
    return b;
  }

  /**
   * Adds to (or, negative, takes from) an available balance and emits `myAsset`.
   *
   * @param accessKey the account
   * @param currency e.g. `KRW`
   * @param amount the change
   */
  deposit(accessKey: string, currency: string, amount: number): void {
    const a = this.#account(accessKey);
    const b = this.#bal(a, currency);
    b.balance = round8(b.balance + amount);
    this.#emitAsset(a, [currency]);
  }

  /**
   * Places an order: emits `myOrder` (`wait`, or `watch` for reserved orders) and `myAsset`.
   *
   * @param accessKey the account
   * @param input the order
   * @returns a copy of the order
   */
  placeOrder(accessKey: string, input: PlaceOrderInput): Order {
    const a = this.#account(accessKey);
    const [quote, base] = splitMarket(input.market);
    const ordType = input.ordType ?? "limit";
    const now = this.#clock.now();
    const needPrice = ordType === "limit" || (input.side === "bid" && ordType !== "market");
    const needVolume = ordType === "limit" || (input.side === "ask" && ordType !== "price");
    if (needPrice && !(typeof input.price === "number" && input.price > 0)) {
      throw new RangeError(
        `Cannot place the order as price must be positive: current value is "${input.price}"`,
      );
    }
    if (needVolume && !(typeof input.volume === "number" && input.volume > 0)) {
      throw new RangeError(
        `Cannot place the order as volume must be positive: current value is "${input.volume}"`,
      );
    }
    if (
      input.timeInForce === "post_only" && input.smpType !== undefined && input.smpType !== "none"
    ) {
      throw new RangeError(
        `Cannot place the order as post_only allows only smpType "none": current value is "${input.smpType}"`,
      );
    }
    const price = needPrice ? (input.price ?? 0) : null;
    const volume = needVolume ? (input.volume ?? 0) : null;
    let locked: number;
    let reservedFee = 0;
    if (input.side === "bid") {
      const funds = ordType === "limit" ? (price ?? 0) * (volume ?? 0) : (price ?? 0);
      reservedFee = round8(funds * this.#feeRate);
      locked = round8(funds + reservedFee);
      const b = this.#bal(a, quote);
      if (b.balance + 1e-9 < locked) {
        throw new RangeError(
          `Cannot place the order as the ${quote} balance must cover ${locked}: current value is "${b.balance}"`,
        );
      }
      b.balance = round8(b.balance - locked);
      b.locked = round8(b.locked + locked);
    } else {
      locked = volume ?? 0;
      const b = this.#bal(a, base);
      if (b.balance + 1e-12 < locked) {
        throw new RangeError(
          `Cannot place the order as the ${base} balance must cover ${locked}: current value is "${b.balance}"`,
        );
      }
      b.balance = round8(b.balance - locked);
      b.locked = round8(b.locked + locked);
    }
    const order: Order = {
      uuid: seededUuid(this.#rng),
      accessKey,
      market: input.market,
      side: input.side,
      ordType,
      state: input.watch ? "watch" : "wait",
      price,
      volume,
      remainingVolume: volume ?? 0,
      remainingFunds: input.side === "bid" && ordType !== "limit" ? (price ?? 0) : 0,
      executedVolume: 0,
      executedFunds: 0,
      tradesCount: 0,
      reservedFee,
      remainingFee: reservedFee,
      paidFee: 0,
      locked,
      timeInForce: input.timeInForce ?? null,
      identifier: input.identifier ?? null,
      smpType: input.smpType ?? (input.timeInForce === "post_only" ? "none" : "cancel_maker"),
      preventedVolume: 0,
      preventedLocked: 0,
      orderTimestamp: now,
    };
    this.#orders.set(order.uuid, order);
    this.#emitOrder(order, order.state, undefined);
    this.#emitAsset(a, [input.side === "bid" ? quote : base]);
    if (order.state === "wait") this.#match(order);
    return { ...order };
  }

  /**
   * Matches a new order against the market's book, as Upbit's engine would: a limit order that
   * crosses takes the levels within its price (best first: price, then time priority, the book's
   * liquidity being older), each level one `trade` myOrder event at that level's price (taker, the
   * fee charged), then `done` once nothing remains; what remains of a limit order rests (`wait`).
   * Market orders (`price`, `market`, `best`) and `ioc`/`fok` cancel what they could not fill;
   * a `post_only` order that would take is cancelled without a fill. (Upbit checks `fok` before
   * matching; here a `fok` that cannot fill entirely is cancelled without a fill likewise.)
   */
  #match(o: Order): void {
    const matcher = this.#matcher;
    if (matcher === undefined) return;
    const side = o.side === "bid" ? "BID" : "ASK";
    const byFunds = o.side === "bid" && o.ordType !== "limit";
    const limit = o.ordType === "limit" ? (o.price ?? undefined) : undefined;
    const options: { limit?: number; volume?: number; funds?: number } = byFunds
      ? { funds: o.remainingFunds }
      : { volume: o.remainingVolume };
    if (limit !== undefined) options.limit = limit;
    if (o.timeInForce === "post_only" || o.timeInForce === "fok") {
      // Probe without trading: would it take (post_only), could it fill entirely (fok)?
      const probe = this.#probe(o, side, limit);
      if (o.timeInForce === "post_only" ? probe > 0 : probe < o.remainingVolume - 1e-12) {
        this.cancelOrder(o.uuid);
        return;
      }
    }
    this.#matching = true;
    let fills: { price: number; volume: number }[];
    try {
      fills = matcher.execute(o.market, side, options);
    } finally {
      this.#matching = false;
    }
    for (const f of fills) {
      const open = this.#orders.get(o.uuid);
      if (open === undefined || (open.state !== "wait" && open.state !== "watch")) break;
      const max = byFunds ? round8(open.remainingFunds / f.price) : open.remainingVolume;
      const volume = round8(Math.min(f.volume, max));
      if (volume > 0) this.fillOrder(o.uuid, { price: f.price, volume, isMaker: false });
    }
    const after = this.#orders.get(o.uuid);
    const rests = o.ordType === "limit" && o.timeInForce === null;
    if (after !== undefined && after.state === "wait" && !rests) this.cancelOrder(o.uuid);
  }

  /** Volume available to an order within its limit, for `post_only`/`fok` (an estimate). */
  #probe(o: Order, side: "ASK" | "BID", limit: number | undefined): number {
    const book = this.#bookOf?.(o.market);
    if (book === undefined) return 0;
    const levels = side === "BID" ? book.asks : book.bids;
    let total = 0;
    for (const l of levels) {
      if (limit !== undefined && (side === "BID" ? l.price > limit : l.price < limit)) break;
      total += l.size;
    }
    return total;
  }

  /** The book of a pair in prices (set by the emulator), for `post_only` and `fok` checks. */
  #bookOf:
    | ((code: string) => {
      asks: { price: number; size: number }[];
      bids: { price: number; size: number }[];
    })
    | undefined;

  /**
   * Lets `post_only` and `fok` orders look at the book before matching.
   *
   * @param bookOf the book of a pair, best levels first, in prices
   */
  setBookSource(
    bookOf: (code: string) => {
      asks: { price: number; size: number }[];
      bids: { price: number; size: number }[];
    },
  ): void {
    this.#bookOf = bookOf;
  }

  /**
   * Fills resting limit orders that a public trade reached: an aggressor buying at `price` takes
   * every resting sell at or below it, an aggressor selling takes every resting buy at or above
   * it, best price first and, at one price, oldest first, up to the trade's volume. The resting
   * order is the maker and fills at its own price. The emulator calls it for each simulated
   * trade; trades of orders being matched here do not come back through it.
   *
   * @param code the pair
   * @param side the aggressor's side of the public trade
   * @param price the trade price
   * @param volume the trade volume
   */
  crossResting(code: string, side: "ASK" | "BID", price: number, volume: number): void {
    if (this.#matching || this.#matcher === undefined) return;
    const taken = side === "BID" ? "ask" : "bid";
    const resting = [...this.#orders.values()].filter((o) =>
      o.market === code && o.side === taken && o.state === "wait" && o.ordType === "limit" &&
      o.price !== null && (taken === "ask" ? o.price <= price : o.price >= price)
    ).sort((a, b) =>
      (taken === "ask" ? (a.price ?? 0) - (b.price ?? 0) : (b.price ?? 0) - (a.price ?? 0)) ||
      a.orderTimestamp - b.orderTimestamp
    );
    let left = volume;
    for (const o of resting) {
      if (!(left > 0)) break;
      const v = round8(Math.min(left, o.remainingVolume));
      if (!(v > 0)) continue;
      this.fillOrder(o.uuid, { price: o.price ?? price, volume: v, isMaker: true });
      left = round8(left - v);
    }
  }

  #open(uuid: string): Order {
    const o = this.#orders.get(uuid);
    if (o === undefined) {
      throw new RangeError(
        `Cannot find the order as the uuid is unknown: current value is "${uuid}"`,
      );
    }
    if (o.state !== "wait" && o.state !== "watch") {
      throw new RangeError(
        `Cannot change the order as it must be open: current value is "${o.state}"`,
      );
    }
    return o;
  }

  /**
   * Moves a reserved order from `watch` to `wait` and emits `myOrder`.
   *
   * @param uuid the order
   */
  triggerOrder(uuid: string): Order {
    const o = this.#open(uuid);
    o.state = "wait";
    this.#emitOrder(o, "wait", undefined);
    return { ...o };
  }

  /**
   * Fills an order partly or fully: emits `myOrder` `trade` (fill price and volume), then `done`
   * when nothing remains, and `myAsset`.
   *
   * @param uuid the order
   * @param options `volume` (default: all that remains), `price` (default: the limit price or
   *   the market's last price), `isMaker` (default: true for limit orders)
   */
  fillOrder(
    uuid: string,
    options: { volume?: number; price?: number; isMaker?: boolean } = {},
  ): Order {
    const o = this.#open(uuid);
    const a = this.#account(o.accessKey);
    const [quote, base] = splitMarket(o.market);
    const fp = options.price ?? (o.ordType === "limit" ? (o.price ?? 0) : this.#priceOf(o.market));
    if (!(fp > 0)) {
      throw new RangeError(
        `Cannot fill the order as price must be positive: current value is "${fp}"`,
      );
    }
    const byFunds = o.side === "bid" && o.ordType !== "limit";
    const maxVol = byFunds ? round8(o.remainingFunds / fp / (1 + 0)) : o.remainingVolume;
    const vol = round8(options.volume ?? maxVol);
    if (!(vol > 0) || vol > maxVol + 1e-12) {
      throw new RangeError(
        `Cannot fill the order as volume must be within (0, ${maxVol}]: current value is "${vol}"`,
      );
    }
    const funds = round8(fp * vol);
    const fee = round8(funds * this.#feeRate);
    const now = this.#clock.now();
    o.executedVolume = round8(o.executedVolume + vol);
    o.executedFunds = round8(o.executedFunds + funds);
    o.tradesCount++;
    o.paidFee = round8(o.paidFee + fee);
    const qb = this.#bal(a, quote);
    const bb = this.#bal(a, base);
    if (o.side === "bid") {
      const release = byFunds
        ? round8(funds + fee)
        : round8((o.price ?? 0) * vol * (1 + this.#feeRate));
      qb.locked = round8(qb.locked - release);
      qb.balance = round8(qb.balance + release - funds - fee);
      bb.balance = round8(bb.balance + vol);
      if (byFunds) o.remainingFunds = round8(Math.max(0, o.remainingFunds - funds));
      else o.remainingVolume = round8(o.remainingVolume - vol);
      o.locked = round8(Math.max(0, o.locked - release));
      o.remainingFee = round8(Math.max(0, o.reservedFee - o.paidFee));
    } else {
      bb.locked = round8(bb.locked - vol);
      qb.balance = round8(qb.balance + funds - fee);
      o.remainingVolume = round8(o.remainingVolume - vol);
      o.locked = o.remainingVolume;
    }
    const fill: Fill = {
      price: fp,
      volume: vol,
      isMaker: options.isMaker ?? o.ordType === "limit",
      uuid: seededUuid(this.#rng),
      at: now,
    };
    const done = byFunds ? o.remainingFunds < fp * 1e-8 : o.remainingVolume <= 0;
    o.state = "wait";
    this.#emitOrder(o, "trade", fill);
    if (done) {
      if (o.side === "bid" && o.locked > 0) {
        qb.locked = round8(qb.locked - o.locked);
        qb.balance = round8(qb.balance + o.locked);
        o.locked = 0;
      }
      o.state = "done";
      this.#emitOrder(o, "done", undefined);
    }
    this.#emitAsset(a, [quote, base]);
    return { ...o };
  }

  /**
   * Cancels an open order: emits `myOrder` `cancel` and `myAsset` (the lock is released).
   *
   * @param uuid the order
   */
  cancelOrder(uuid: string): Order {
    const o = this.#open(uuid);
    const a = this.#account(o.accessKey);
    this.#release(o, a);
    o.state = "cancel";
    this.#emitOrder(o, "cancel", undefined);
    this.#emitAsset(a, [this.#lockCurrency(o)]);
    return { ...o };
  }

  /**
   * Self-match prevention: takes `volume` (default: all that remains) out of the order, emits
   * `myOrder` `prevented` with `prevented_volume`/`prevented_locked`, and `myAsset`. The order
   * stays open (`wait`) if volume remains.
   *
   * @param uuid the order
   * @param options `volume` to prevent, `smpType` to record
   */
  preventOrder(
    uuid: string,
    options: {
      volume?: number;
      smpType?: "reduce" | "cancel_maker" | "cancel_taker" | "none";
    } = {},
  ): Order {
    const o = this.#open(uuid);
    const a = this.#account(o.accessKey);
    if (options.smpType) o.smpType = options.smpType;
    const byFunds = o.side === "bid" && o.ordType !== "limit";
    const all = byFunds ? round8(o.remainingFunds / this.#priceOf(o.market)) : o.remainingVolume;
    const vol = round8(Math.min(options.volume ?? all, all));
    let released: number;
    if (o.side === "bid") {
      released = byFunds
        ? round8(o.locked * (all > 0 ? vol / all : 1))
        : round8((o.price ?? 0) * vol * (1 + this.#feeRate));
      if (byFunds) o.remainingFunds = round8(o.remainingFunds * (all > 0 ? 1 - vol / all : 0));
      else o.remainingVolume = round8(o.remainingVolume - vol);
    } else {
      released = vol;
      o.remainingVolume = round8(o.remainingVolume - vol);
    }
    const b = this.#bal(a, this.#lockCurrency(o));
    b.locked = round8(b.locked - released);
    b.balance = round8(b.balance + released);
    o.locked = round8(Math.max(0, o.locked - released));
    o.preventedVolume = round8(o.preventedVolume + vol);
    o.preventedLocked = round8(o.preventedLocked + released);
    const finished = byFunds ? o.remainingFunds <= 0 : o.remainingVolume <= 0;
    o.state = "prevented";
    this.#emitOrder(o, "prevented", undefined);
    if (!finished) o.state = "wait";
    this.#emitAsset(a, [this.#lockCurrency(o)]);
    return { ...o };
  }

  #lockCurrency(o: Order): string {
    const [quote, base] = splitMarket(o.market);
    return o.side === "bid" ? quote : base;
  }

  #release(o: Order, a: Account): void {
    const b = this.#bal(a, this.#lockCurrency(o));
    b.locked = round8(b.locked - o.locked);
    b.balance = round8(b.balance + o.locked);
    o.locked = 0;
    o.remainingFee = 0;
  }

  #emitOrder(o: Order, state: OrderState, fill: Fill | undefined): void {
    const now = this.#clock.now();
    const avg = o.executedVolume > 0 ? round8(o.executedFunds / o.executedVolume) : 0;
    const frame: WireObject = {
      type: "myOrder",
      code: o.market,
      uuid: o.uuid,
      ask_bid: o.side === "bid" ? "BID" : "ASK",
      order_type: o.ordType,
      state,
      trade_uuid: fill ? fill.uuid : null,
      price: fill ? fill.price : o.price,
      avg_price: avg,
      volume: fill ? fill.volume : o.volume,
      remaining_volume: o.remainingVolume,
      executed_volume: o.executedVolume,
      trades_count: o.tradesCount,
      reserved_fee: o.reservedFee,
      remaining_fee: o.remainingFee,
      paid_fee: o.paidFee,
      locked: o.locked,
      executed_funds: o.executedFunds,
      time_in_force: o.timeInForce,
      trade_fee: fill ? round8(fill.price * fill.volume * this.#feeRate) : null,
      is_maker: fill ? fill.isMaker : null,
      identifier: o.identifier,
      smp_type: o.smpType,
      prevented_volume: o.preventedVolume,
      prevented_locked: o.preventedLocked,
      trade_timestamp: fill ? fill.at : null,
      order_timestamp: o.orderTimestamp,
      timestamp: now,
      stream_type: "REALTIME",
    };
    this.#emit({ kind: "myOrder", accessKey: o.accessKey, code: o.market, frame });
  }

  #emitAsset(a: Account, currencies: string[]): void {
    const now = this.#clock.now();
    const list = this.#assetScope === "all" ? [...a.balances.keys()] : [...new Set(currencies)];
    const frame: WireObject = {
      type: "myAsset",
      asset_uuid: seededUuid(this.#rng),
      assets: list.map((currency) => {
        const b = this.#bal(a, currency);
        return { currency, balance: b.balance, locked: b.locked };
      }),
      asset_timestamp: now,
      timestamp: now,
      stream_type: "REALTIME",
    };
    this.#emit({ kind: "myAsset", accessKey: a.spec.accessKey, frame });
  }
}

function splitMarket(market: string): [string, string] {
  const [quote, base] = market.split("-");
  if (!quote || !base) {
    throw new TypeError(
      `Cannot place the order as market must look like "KRW-BTC": current value is "${market}"`,
    );
  }
  return [quote, base];
}
