/**
 * An account's balances: the check of starting balances (an object of currency code → a
 * non-negative amount), the per-currency entry created on first use, and the currency an order
 * locks.
 *
 * @module
 */
import { round8 } from "../_util/decimals.ts";
import type { AccountSpec, Order } from "./types.ts";

/** One currency's available and locked amounts, mutated in place. @internal */
export interface BalanceEntry {
  /** Available amount. */
  balance: number;
  /** Amount locked in open orders. */
  locked: number;
}

/** An account as the book keeps it: its spec and its balances by currency. @internal */
export interface Account {
  /** The keys and starting balances it was added with. */
  spec: AccountSpec;
  /** Balances by currency code, in the order they appeared. */
  balances: Map<string, BalanceEntry>;
}

/** A currency code as Upbit writes it: upper-case letters and digits (`KRW`, `BTC`, `1INCH`). */
const CURRENCY = /^[A-Z0-9]{1,16}$/;

/** A value for an error message: strings as they are, everything else as JSON. @internal */
export function shown(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === undefined) return "undefined";
  if (typeof v === "number" && !Number.isFinite(v)) return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/**
 * Checks a currency code: upper-case letters and digits, as Upbit writes them. The one check of
 * currencies for starting balances and deposits. @internal
 *
 * @param currency the code as received
 * @param doing what was being done, opening the message (`Cannot add the account`)
 * @param field where the code came from (`a currency in balances`, `currency`)
 * @returns the code
 * @throws {TypeError} when it is not a string; {RangeError} when it is malformed (`krw`, `""`,
 *   `__proto__`), quoting it
 *
 * @example
 * ```ts ignore
 * checkCurrency("krw", "Cannot deposit", "currency"); // RangeError: ... current value is "krw"
 * ```
 */
export function checkCurrency(currency: unknown, doing: string, field: string): string {
  if (typeof currency !== "string") {
    throw new TypeError(
      `${doing} as ${field} must be a string: current value is "${shown(currency)}"`,
    );
  }
  if (!CURRENCY.test(currency)) {
    throw new RangeError(
      `${doing} as ${field} must be upper-case letters and digits such as "KRW": current value is "${currency}"`,
    );
  }
  return currency;
}

/**
 * Checks an amount of a currency: a finite number ≥ 0. The one check of amounts for starting
 * balances and for the balance a deposit leaves. @internal
 *
 * @param amount the amount as received
 * @param doing what was being done, opening the message (`Cannot add the account`)
 * @param field its name in the message (`balances.KRW`)
 * @returns the amount
 * @throws {TypeError} when it is not a number; {RangeError} when it is negative or not finite,
 *   quoting it
 *
 * @example
 * ```ts ignore
 * checkAmount(-1, "Cannot add the account", "balances.KRW"); // RangeError: ... current value is "-1"
 * ```
 */
function checkAmount(amount: unknown, doing: string, field: string): number {
  if (typeof amount !== "number") {
    throw new TypeError(
      `${doing} as ${field} must be a number: current value is "${shown(amount)}"`,
    );
  }
  if (!Number.isFinite(amount) || amount < 0) {
    throw new RangeError(
      `${doing} as ${field} must be a finite number ≥ 0: current value is "${shown(amount)}"`,
    );
  }
  return amount;
}

/**
 * Checks starting balances before anything is changed: an object (not an array or `null`) whose
 * keys are currency codes (upper-case letters and digits) and whose values are finite numbers
 * ≥ 0. `undefined` gives the default `{ KRW: 10_000_000 }`. @internal
 *
 * @param balances the `balances` of an {@linkcode AccountSpec}, as received
 * @returns the balances to start with, in the given order
 * @throws {TypeError} when `balances` is not an object or an amount is not a number, naming the
 *   field and quoting the value
 * @throws {RangeError} when a currency code is malformed or an amount is negative or not finite
 *
 * @example
 * ```ts ignore
 * checkBalances({ KRW: 1_000_000, BTC: 0.1 }); // [["KRW", 1000000], ["BTC", 0.1]]
 * checkBalances({ KRW: -1 }); // RangeError: ... balances.KRW must be a finite number ≥ 0: current value is "-1"
 * ```
 */
export function checkBalances(balances: unknown): [string, number][] {
  if (balances === undefined) return [["KRW", 10_000_000]];
  const doing = "Cannot add the account";
  if (balances === null || typeof balances !== "object" || Array.isArray(balances)) {
    throw new TypeError(
      `${doing} as balances must be an object of currency to amount: current value is "${
        shown(balances)
      }"`,
    );
  }
  const out: [string, number][] = [];
  for (const [currency, amount] of Object.entries(balances)) {
    checkCurrency(currency, doing, "a currency in balances");
    out.push([currency, checkAmount(amount, doing, `balances.${currency}`)]);
  }
  return out;
}

/**
 * The entry of a currency, created at zero on first use. @internal
 *
 * @param a the account
 * @param currency e.g. `KRW`
 * @returns the live entry
 */
export function balanceOf(a: Account, currency: string): BalanceEntry {
  let b = a.balances.get(currency);
  if (b === undefined) {
    b = { balance: 0, locked: 0 };
    a.balances.set(currency, b);
  }
  return b;
}

/**
 * A pair's quote and base currencies (`KRW-BTC` → `["KRW", "BTC"]`). @internal
 *
 * @param market the pair code
 * @returns `[quote, base]`
 * @throws {TypeError} when the code does not look like `KRW-BTC`
 */
export function splitMarket(market: string): [string, string] {
  const [quote, base] = market.split("-");
  if (!quote || !base) {
    throw new TypeError(
      `Cannot place the order as market must look like "KRW-BTC": current value is "${market}"`,
    );
  }
  return [quote, base];
}

/**
 * The currency an order locks: the quote for a buy, the base for a sell. @internal
 *
 * @param o the order
 * @returns the currency code
 */
export function lockCurrency(o: Order): string {
  const [quote, base] = splitMarket(o.market);
  return o.side === "bid" ? quote : base;
}

/**
 * Gives an order's lock back to the available balance and clears its remaining fee. @internal
 *
 * @param o the order (mutated)
 * @param a its account (mutated)
 */
export function releaseLock(o: Order, a: Account): void {
  const b = balanceOf(a, lockCurrency(o));
  b.locked = round8(b.locked - o.locked);
  b.balance = round8(b.balance + o.locked);
  o.locked = 0;
  o.remainingFee = 0;
}
