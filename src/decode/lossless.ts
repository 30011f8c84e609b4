/**
 * Exact number literals read back out of a frame's text, for the numbers that `JSON.parse` would
 * round:
 *
 * - trade ids (`sequential_id`/`sid`) are above 2^53 (`trade_timestamp × 10000 + n`), so two
 *   trades of one millisecond would share an id. {@linkcode findIdLiteral} finds an item's id
 *   with `indexOf`; this runs for every trade;
 * - myAsset amounts carry more digits than a double holds (`1386929.37231066771348207123`). With
 *   the `lossless` option, {@linkcode scanAssetLiterals} collects them.
 *
 * Both fall back on one walker, {@linkcode walkLiterals}, that reads the JSON text once (strings,
 * nesting, commas) and reports every number literal with its item, depth and key. It only runs
 * when the cheap search cannot place a literal (odd spacing, an unknown nested object holding the
 * same key) or for myAsset frames in lossless mode, so other frames pay nothing for it.
 *
 * @module
 */
import type { MyAssetEvent } from "../types.ts";

/**
 * What {@linkcode walkLiterals} reports, in text order. `item` is the index of the top-level item
 * of a list frame (always 0 for a single object); `depth` is 1 for the item's own fields, 2 inside
 * a list or object that one of them holds, and so on.
 *
 * @example Count the numbers of each item
 * ```ts
 * import type { LiteralVisitor } from "./lossless.ts";
 * const counts: number[] = [];
 * const visitor: LiteralVisitor = {
 *   open: () => {},
 *   close: () => {},
 *   number: (item) => (counts[item] = (counts[item] ?? 0) + 1),
 * };
 * ```
 */
export interface LiteralVisitor {
  /** A `{` or `[` opened at `depth` (after the increment), as the value of `key` ("" in lists). */
  open(item: number, depth: number, key: string, list: boolean): void;
  /** The container at `depth` closed. */
  close(item: number, depth: number): void;
  /** A number literal at `depth`, the value of `key` ("" in lists), exactly as written. */
  number(item: number, depth: number, key: string, literal: string): void;
}

/**
 * Walks the JSON text of a frame once and reports its containers and number literals. Keys
 * longer than 16 characters are reported as "" (no literal this module needs has one).
 *
 * @param text the frame's JSON text (assumed valid: it parsed)
 * @param list whether the frame is a JSON array of items
 * @param visitor what receives the containers and literals
 *
 * @example Collect the top-level numbers of a frame
 * ```ts
 * import { walkLiterals } from "./lossless.ts";
 * const found: string[] = [];
 * walkLiterals('{"sid":17883351803770005,"tp":1.0}', false, {
 *   open: () => {},
 *   close: () => {},
 *   number: (_item, depth, key, literal) => depth === 1 && found.push(`${key}=${literal}`),
 * });
 * console.log(found); // ["sid=17883351803770005", "tp=1.0"]
 * ```
 */
export function walkLiterals(text: string, list: boolean, visitor: LiteralVisitor): void {
  // Depth of an item's own fields: 1 for a single object, 2 inside a list frame.
  const shift = list ? 1 : 0;
  let depth = 0;
  let item = 0;
  let lastString = "";
  let key = "";
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let j = i + 1;
      while (j < text.length) {
        const d = text.charCodeAt(j);
        if (d === BACKSLASH) j += 2;
        else if (d === QUOTE) break;
        else j++;
      }
      lastString = j - i - 1 <= 16 ? text.slice(i + 1, j) : "";
      i = j;
    } else if (c === COLON) {
      key = lastString;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > shift) visitor.open(item, depth - shift, key, c === OPEN_BRACKET);
      key = "";
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth > shift) visitor.close(item, depth - shift);
      depth--;
    } else if (c === COMMA) {
      if (list && depth === 1) item++;
      key = "";
    } else if (c === MINUS || isDigit(c)) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      if (depth > shift) visitor.number(item, depth - shift, key, text.slice(i, j));
      i = j - 1;
    }
  }
}

/**
 * Finds the literal of a trade id (`sequential_id`, or `sid` in SIMPLE keys) in a frame's text and
 * returns the index just past it, or -1.
 *
 * The search looks for the key without its first letters (`quential_id"`, `id"`): a needle that
 * starts with a rare letter is 10–30× faster with V8's `indexOf` than one starting with `"`,
 * which every key does (measured: 31 ns against 900 ns for a 441-byte trade, Node 22). A hit
 * counts when the missing `"se` / `"s` precede it, a colon follows, and then plain digits whose
 * value is within a few units of `parsed` (summed while reading them: converting 17 digits
 * exactly is V8's slow path, about 0.25 µs). So a copy of the key elsewhere in the frame (an
 * unknown nested object, an earlier item of a list frame) is skipped unless it holds nearly the
 * same id. Upbit writes ids as plain digits; for any other spelling this returns -1 and the
 * caller falls back on {@linkcode scanIdLiterals}.
 *
 * @param text the frame's JSON text
 * @param simple whether the frame uses SIMPLE keys (`sid`)
 * @param from where to start looking (the end of the previous item's id in a list frame)
 * @param parsed the number `JSON.parse` produced for this id (a non-negative integer)
 * @returns the index just past the literal, or -1 when no matching literal was found; the literal
 *   is `text.slice(start, end)` with `start` from {@linkcode idLiteralStart}
 *
 * @example Read an id exactly
 * ```ts
 * import { findIdLiteral, idLiteralStart } from "./lossless.ts";
 * const text = '{"ty":"trade","sid":17883351803770005}';
 * const end = findIdLiteral(text, true, 0, JSON.parse(text).sid);
 * console.log(text.slice(idLiteralStart(text, end), end)); // "17883351803770005"
 * ```
 */
export function findIdLiteral(text: string, simple: boolean, from: number, parsed: number): number {
  const needle = simple ? 'id"' : 'quential_id"';
  // Summing digits in doubles is off by a few units in the last place at most.
  const tolerance = parsed * 1e-15;
  for (
    let at = nextKey(text, needle, simple, from);
    at >= 0;
    at = nextKey(text, needle, simple, at + 1)
  ) {
    let i = at + needle.length;
    while (isSpace(text.charCodeAt(i))) i++;
    if (text.charCodeAt(i) !== COLON) continue;
    i++;
    while (isSpace(text.charCodeAt(i))) i++;
    const start = i;
    let value = 0;
    for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) {
      value = value * 10 + (c - 0x30);
    }
    if (i > start && !isNumberChar(text.charCodeAt(i)) && Math.abs(value - parsed) <= tolerance) {
      return i;
    }
  }
  return -1;
}

/** The next `"sequential_id"` (`"sid"`) at or after `from`, as the index of its needle, or -1. */
function nextKey(text: string, needle: string, simple: boolean, from: number): number {
  for (let at = text.indexOf(needle, from); at >= 0; at = text.indexOf(needle, at + 1)) {
    // The needle lacks the key's opening quote and first letters: `"s` (+ `e` in DEFAULT).
    const quote = at - (simple ? 2 : 3);
    if (
      quote >= 0 && text.charCodeAt(quote) === QUOTE && text.charCodeAt(quote + 1) === LETTER_S &&
      (simple || text.charCodeAt(quote + 2) === LETTER_E) &&
      (quote === 0 || text.charCodeAt(quote - 1) !== BACKSLASH) // not an escaped quote in a string
    ) return at;
  }
  return -1;
}

/**
 * The start of the number literal that ends at `end` (see {@linkcode findIdLiteral}).
 *
 * @example
 * ```ts
 * import { idLiteralStart } from "./lossless.ts";
 * console.log(idLiteralStart('{"sid":12}', 9)); // 7
 * ```
 */
export function idLiteralStart(text: string, end: number): number {
  let i = end;
  while (i > 0 && isNumberChar(text.charCodeAt(i - 1))) i--;
  return i;
}

/**
 * Collects, for every item of a frame, the literal of its top-level `sequential_id` or `sid`:
 * the slow but thorough path behind {@linkcode findIdLiteral}.
 *
 * @param text the frame's JSON text (assumed valid: it parsed)
 * @param list whether the frame is a JSON array of items
 * @returns per item index, its id literal (`undefined` for items without one)
 *
 * @example Ids of a list frame
 * ```ts
 * import { scanIdLiterals } from "./lossless.ts";
 * console.log(scanIdLiterals('[{"sid" : 17883351803770004},{"sid":17883351803770005}]', true));
 * // ["17883351803770004", "17883351803770005"]
 * ```
 */
export function scanIdLiterals(text: string, list: boolean): (string | undefined)[] {
  const ids: (string | undefined)[] = [];
  walkLiterals(text, list, {
    open() {},
    close() {},
    number(item, depth, key, literal) {
      if (depth === 1 && (key === "sequential_id" || key === "sid")) ids[item] = literal;
    },
  });
  return ids;
}

/**
 * The literals of one asset entry, as sent.
 *
 * @example Literals of one balance
 * ```ts
 * import type { AssetLiterals } from "./lossless.ts";
 * const a: AssetLiterals = { balance: "1386929.37231066771348207123", locked: "0" };
 * ```
 */
export interface AssetLiterals {
  balance: string | undefined;
  locked: string | undefined;
}

/**
 * Collects the amount literals of every item's asset entries: index `i` of the result belongs to
 * item `i` of a list frame (or to the frame itself, index 0, when `list` is false).
 *
 * @param text the frame's JSON text (assumed valid: it parsed)
 * @param list whether the frame is a JSON array of items
 * @returns per item, its asset entries' literals in order (`undefined` for items without any)
 *
 * @example Scan a frame
 * ```ts
 * import { scanAssetLiterals } from "./lossless.ts";
 * const [assets] = scanAssetLiterals('{"assets":[{"balance":1.23456789012345678,"locked":0}]}', false);
 * console.log(assets?.[0]?.balance); // "1.23456789012345678"
 * ```
 */
export function scanAssetLiterals(text: string, list: boolean): (AssetLiterals[] | undefined)[] {
  const items: (AssetLiterals[] | undefined)[] = [];
  let inAssets = false;
  let current: AssetLiterals | undefined;
  walkLiterals(text, list, {
    open(item, depth, key, isList) {
      if (isList && depth === 2) {
        inAssets = key === "assets" || key === "ast";
      } else if (!isList && depth === 3 && inAssets) {
        current = { balance: undefined, locked: undefined };
        (items[item] ??= []).push(current);
      }
    },
    close(_item, depth) {
      if (depth === 3) current = undefined;
      else if (depth === 2) inAssets = false;
    },
    number(_item, depth, key, literal) {
      if (current === undefined || depth !== 3) return;
      if (key === "balance" || key === "b") current.balance = literal;
      else if (key === "locked" || key === "l") current.locked = literal;
    },
  });
  return items;
}

/**
 * Replaces the amounts of a mapped myAsset event with the literals scanned from its frame, after
 * checking that each literal is the number that `JSON.parse` produced.
 *
 * @returns `false` (event unchanged) when the literals do not line up with the parsed amounts
 *
 * @example Swap in the exact digits
 * ```ts
 * import { applyAssetLiterals } from "./lossless.ts";
 * import type { MyAssetEvent } from "../types.ts";
 * declare const e: MyAssetEvent;
 * applyAssetLiterals(e, [{ balance: "1.0", locked: "0" }]);
 * ```
 */
export function applyAssetLiterals(
  e: MyAssetEvent,
  literals: readonly AssetLiterals[] | undefined,
): boolean {
  const assets = e.assets;
  if ((literals?.length ?? 0) !== assets.length) return false;
  for (let i = 0; i < assets.length; i++) {
    const a = assets[i];
    const l = literals?.[i];
    if (
      a === undefined || l?.balance === undefined || l.locked === undefined ||
      Number(l.balance) !== a.balance || Number(l.locked) !== a.locked
    ) return false;
  }
  for (let i = 0; i < assets.length; i++) {
    const a = assets[i];
    const l = literals?.[i];
    if (a !== undefined && l?.balance !== undefined && l.locked !== undefined) {
      a.balance = l.balance;
      a.locked = l.locked;
    }
  }
  return true;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const LETTER_S = 0x73;
const LETTER_E = 0x65;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;
}
