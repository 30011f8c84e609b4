/**
 * Lossless balances: Upbit sends myAsset amounts with more digits than a double holds
 * (`1386929.37231066771348207123`). `JSON.parse` rounds them, so with the `lossless` option the
 * decoder reads the literals back out of the frame's text. This scanner walks the JSON text once
 * (strings, nesting, commas) and collects, for every top-level item, the number literals of
 * `balance`/`locked` (`b`/`l` in SIMPLE) inside the objects of its `assets` (`ast`) list. It only
 * runs for frames that hold a myAsset item, so other types pay nothing.
 *
 * @module
 */
import type { MyAssetEvent } from "./types.ts";

/**
 * The literals of one asset entry, as sent.
 *
 * @example Literals of one balance
 * ```ts
 * import type { AssetLiterals } from "./_decode_lossless.ts";
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
 * import { scanAssetLiterals } from "./_decode_lossless.ts";
 * const [assets] = scanAssetLiterals('{"assets":[{"balance":1.23456789012345678,"locked":0}]}', false);
 * console.log(assets?.[0]?.balance); // "1.23456789012345678"
 * ```
 */
export function scanAssetLiterals(text: string, list: boolean): (AssetLiterals[] | undefined)[] {
  const items: (AssetLiterals[] | undefined)[] = [];
  const itemDepth = list ? 2 : 1;
  let depth = 0;
  let item = 0;
  let lastString = "";
  let key = "";
  let inAssets = false;
  let current: AssetLiterals | undefined;
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
      lastString = j - i - 1 <= 7 ? text.slice(i + 1, j) : "";
      i = j;
    } else if (c === COLON) {
      key = lastString;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (c === OPEN_BRACKET && depth === itemDepth + 1) {
        inAssets = key === "assets" || key === "ast";
      } else if (c === OPEN_BRACE && depth === itemDepth + 2 && inAssets) {
        current = { balance: undefined, locked: undefined };
        (items[item] ??= []).push(current);
      }
      key = "";
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === itemDepth + 2) current = undefined;
      else if (depth === itemDepth + 1) inAssets = false;
      depth--;
    } else if (c === COMMA) {
      if (list && depth === 1) item++;
      key = "";
    } else if (current !== undefined && depth === itemDepth + 2 && (c === MINUS || isDigit(c))) {
      let j = i + 1;
      while (j < text.length && isNumberChar(text.charCodeAt(j))) j++;
      const literal = text.slice(i, j);
      if (key === "balance" || key === "b") current.balance = literal;
      else if (key === "locked" || key === "l") current.locked = literal;
      i = j - 1;
    }
  }
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
 * import { applyAssetLiterals } from "./_decode_lossless.ts";
 * import type { MyAssetEvent } from "./types.ts";
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

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isNumberChar(c: number): boolean {
  // digits . e E + -
  return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;
}
