/**
 * Number literals read back out of a frame's text, for the numbers that `JSON.parse` would round
 * (trade ids above 2^53, myAsset amounts with more digits than a double holds). This file holds
 * the one walker that reads a frame's JSON text (strings, nesting, commas) and reports every number
 * literal with its item, depth and key; `trade_id.ts` and `my_asset.ts` build on it. It only runs
 * when the cheap search of `trade_id.ts` cannot place a literal, or for myAsset frames in lossless
 * mode, so other frames pay nothing for it.
 *
 * @module
 */

/**
 * What {@linkcode walkLiterals} reports, in text order. `item` is the index of the top-level item
 * of a list frame (always 0 for a single object); `depth` is 1 for the item's own fields, 2 inside
 * a list or object that one of them holds, and so on.
 *
 * @example Count the numbers of each item
 * ```ts
 * import type { LiteralVisitor } from "./literals.ts";
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
 * import { walkLiterals } from "./literals.ts";
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
 * The literals of one asset entry, as sent.
 *
 * @example Literals of one balance
 * ```ts
 * import type { AssetLiterals } from "./literals.ts";
 * const a: AssetLiterals = { balance: "1386929.37231066771348207123", locked: "0" };
 * ```
 */
export interface AssetLiterals {
  /** The literal of `balance` (`b`), or `undefined` when the entry has none. */
  balance: string | undefined;
  /** The literal of `locked` (`l`), or `undefined` when the entry has none. */
  locked: string | undefined;
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

/**
 * Whether a character code is JSON whitespace.
 *
 * @param c a UTF-16 code unit
 * @returns true for space, tab, CR and LF
 *
 * @example
 * ```ts
 * import { isSpace } from "./literals.ts";
 * console.log(isSpace(" ".charCodeAt(0))); // true
 * ```
 */
export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * Whether a character code may continue a JSON number literal.
 *
 * @param c a UTF-16 code unit
 * @returns true for digits and `.`, `e`, `E`, `+`, `-`
 *
 * @example
 * ```ts
 * import { isNumberChar } from "./literals.ts";
 * console.log(isNumberChar("E".charCodeAt(0))); // true
 * ```
 */
export function isNumberChar(c: number): boolean {
  // digits . e E + -
  return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;
}
