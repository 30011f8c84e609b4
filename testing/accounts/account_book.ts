/**
 * The accounts and orders of the emulated exchange: the {@linkcode AccountBook} keeps them and
 * emits the `myOrder` and `myAsset` frames Upbit would push to the account's private connections
 * after every change. Placement, matching, settlement and the frames are in this folder's other
 * files; this one is longer than 250 lines because it is the one owner of the accounts' and
 * orders' state, and each of its public operations (place, fill, cancel, prevent, trigger,
 * deposit, cross) changes it and emits the frames.
 *
 * @module
 */
import { createRng, type Rng, seededUuid } from "../_util/random.ts";
import { round8 } from "../_util/decimals.ts";
import type { Clock } from "../clock.ts";
import {
  type Account,
  type BalanceEntry,
  balanceOf,
  checkBalances,
  checkCurrency,
  lockCurrency,
  releaseLock,
  shown,
  splitMarket,
} from "./balances.ts";
import { type Fill, myAssetFrame, myOrderFrame } from "./frames.ts";
import { type BookLevels, crossResting, matchOrder } from "./matching.ts";
import { placeOrder } from "./placement.ts";
import { releaseRest, settleFill, settlePrevention } from "./settlement.ts";
import type {
  AccountEvent,
  AccountSpec,
  Balance,
  Order,
  OrderMatcher,
  OrderState,
  PlaceOrderInput,
} from "./types.ts";

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
  readonly #listed: ((code: string) => boolean) | undefined;
  #matching = false;

  /**
   * Creates an empty book of accounts.
   *
   * @param options `feeRate` (default 0.0005), `assetScope` (default `"changed"`), `seed`,
   *   `listed` (whether a pair is traded; without it, any `KRW-BTC`-shaped code is)
   * @param clock the time source
   * @param priceOf the market's last price of a pair (fills of market orders)
   * @param matcher the book orders are matched against (the emulator passes its market); without
   *   one, orders fill only through {@linkcode AccountBook.fillOrder}
   */
  constructor(
    options: {
      feeRate?: number;
      assetScope?: "changed" | "all";
      seed?: number;
      listed?: (code: string) => boolean;
    },
    clock: Clock,
    priceOf: (code: string) => number,
    matcher?: OrderMatcher,
  ) {
    this.#matcher = matcher;
    this.#listed = options.listed;
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
   * Adds an account, or replaces the account of an access key already added (its balances start
   * again; its orders stay). The HTTP control API refuses a key already added instead (409).
   *
   * @param spec keys and balances
   * @throws {TypeError} / {RangeError} when a key is not a non-empty string or a balance is
   *   malformed ({@linkcode checkBalances}), quoting the value; nothing is changed
   */
  add(spec: AccountSpec): void {
    for (const k of ["accessKey", "secretKey"] as const) {
      if (typeof spec[k] !== "string" || spec[k] === "") {
        throw new TypeError(
          `Cannot add the account as ${k} must be a non-empty string: current value is "${
            shown(spec[k])
          }"`,
        );
      }
    }
    const balances = new Map<string, BalanceEntry>();
    for (const [cur, amount] of checkBalances(spec.balances)) {
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
      throw new RangeError(
        `Cannot find the account as the access key is unknown: current value is "${accessKey}"`,
      );
    }
    return a;
  }

  /**
   * Adds to (or, negative, takes from) an available balance and emits `myAsset`.
   *
   * @param accessKey the account
   * @param currency e.g. `KRW` (upper-case letters and digits)
   * @param amount the change, a finite number
   * @throws {RangeError} / {TypeError} when the account is unknown, the currency malformed, the
   *   amount not a finite number, or the available balance left would not be a finite number
   *   ≥ 0, quoting the value; nothing is changed
   */
  deposit(accessKey: string, currency: string, amount: number): void {
    const doing = "Cannot deposit";
    const a = this.#account(accessKey);
    checkCurrency(currency, doing, "currency");
    if (typeof amount !== "number" || !Number.isFinite(amount)) {
      throw new (typeof amount === "number" ? RangeError : TypeError)(
        `${doing} as amount must be a finite number: current value is "${shown(amount)}"`,
      );
    }
    const before = a.balances.get(currency)?.balance ?? 0;
    const after = round8(before + amount);
    if (!(Number.isFinite(after) && after >= 0)) {
      throw new RangeError(
        `${doing} as amount must leave the available ${currency} (${before}) a finite number ≥ 0: current value is "${amount}"`,
      );
    }
    balanceOf(a, currency).balance = after;
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
    const order = placeOrder(a, accessKey, input, {
      listed: this.#listed,
      feeRate: this.#feeRate,
      uuid: () => seededUuid(this.#rng),
      now: this.#clock.now(),
    });
    this.#orders.set(order.uuid, order);
    this.#emitOrder(order, order.state, undefined);
    this.#emitAsset(a, [lockCurrency(order)]);
    if (order.state === "wait") this.#match(order);
    return { ...order };
  }

  /** Matches a new order against the market's book ({@linkcode matchOrder}). */
  #match(o: Order): void {
    const matcher = this.#matcher;
    if (matcher === undefined) return;
    matchOrder(o, {
      execute: (code, side, options) => {
        this.#matching = true;
        try {
          return matcher.execute(code, side, options);
        } finally {
          this.#matching = false;
        }
      },
      book: (code) => this.#bookOf?.(code),
      live: (uuid) => this.#orders.get(uuid),
      fill: (uuid, options) => this.fillOrder(uuid, options),
      cancel: (uuid) => this.cancelOrder(uuid),
    });
  }

  /** The book of a pair in prices (set by the emulator), for `post_only` and `fok` checks. */
  #bookOf: ((code: string) => BookLevels) | undefined;

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
    crossResting(
      this.#orders.values(),
      { code, side, price, volume },
      (uuid, options) => this.fillOrder(uuid, options),
    );
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
    const now = this.#clock.now();
    const done = settleFill(o, a, { price: fp, volume: vol }, this.#feeRate);
    const fill: Fill = {
      price: fp,
      volume: vol,
      isMaker: options.isMaker ?? o.ordType === "limit",
      uuid: seededUuid(this.#rng),
      at: now,
    };
    o.state = "wait";
    this.#emitOrder(o, "trade", fill);
    if (done) {
      releaseRest(o, a);
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
    releaseLock(o, a);
    o.state = "cancel";
    this.#emitOrder(o, "cancel", undefined);
    this.#emitAsset(a, [lockCurrency(o)]);
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
    const finished = settlePrevention(o, a, options.volume, {
      feeRate: this.#feeRate,
      lastPrice: () => this.#priceOf(o.market),
    });
    o.state = "prevented";
    this.#emitOrder(o, "prevented", undefined);
    if (!finished) o.state = "wait";
    this.#emitAsset(a, [lockCurrency(o)]);
    return { ...o };
  }

  #emitOrder(o: Order, state: OrderState, fill: Fill | undefined): void {
    const frame = myOrderFrame(o, state, fill, this.#feeRate, this.#clock.now());
    this.#emit({ kind: "myOrder", accessKey: o.accessKey, code: o.market, frame });
  }

  #emitAsset(a: Account, currencies: string[]): void {
    const now = this.#clock.now();
    const list = this.#assetScope === "all" ? [...a.balances.keys()] : currencies;
    const frame = myAssetFrame(a, list, seededUuid(this.#rng), now);
    this.#emit({ kind: "myAsset", accessKey: a.spec.accessKey, frame });
  }
}
