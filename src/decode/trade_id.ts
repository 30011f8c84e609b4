/**
 * The exact digits of trade ids. Upbit's `sequential_id` (`sid`) is above 2^53
 * (`trade_timestamp × 10000 + n`), where `JSON.parse` rounds, so two trades of one millisecond
 * would share an id. {@linkcode readTradeId} reads the digits back out of the frame's text with
 * one `indexOf`, which runs for every trade: Upbit's own spelling (`"sid":<digits>`) inline, then
 * the general search ({@linkcode findIdLiteral}); when that cannot place the literal (odd
 * spacing, the key again in an unknown nested object) it falls back on one thorough scan of the
 * frame ({@linkcode scanIdLiterals}).
 *
 * @module
 */
import type { FrameText } from "./codec.ts";
import { isNumberChar, isSpace, walkLiterals } from "./literals.ts";

const DIGITS = /^\d+$/;

/**
 * The exact digits of a trade's id, or `undefined` when the id is of no possible kind (then the
 * frame cannot be a trade). A relay that kept the id as a digit string is taken as it is.
 *
 * @param value the parsed `sequential_id` (`sid`)
 * @param simple whether the frame uses SIMPLE keys
 * @param frame the frame being decoded (its text, the item, where the last id ended)
 * @returns the id's digits, or `undefined`
 *
 * @example Read an id exactly
 * ```ts
 * import { readTradeId } from "./trade_id.ts";
 * const text = '{"ty":"trade","sid":17883351803770005}';
 * const frame = { text, list: false, item: -1, idFrom: 0, idLiterals: undefined, assetLiterals: undefined };
 * console.log(readTradeId(JSON.parse(text).sid, true, frame)); // "17883351803770005"
 * ```
 */
export function readTradeId(value: unknown, simple: boolean, frame: FrameText): string | undefined {
  if (typeof value !== "number") {
    // Not Upbit's form, but exact: a relay that kept the id as a digit string.
    return typeof value === "string" && DIGITS.test(value) ? value : undefined;
  }
  if (!Number.isInteger(value) || value < 0) return undefined;
  const text = frame.text;
  // Upbit's own spelling first (`"sequential_id":<digits>`, no spaces): one `indexOf`, one digit
  // loop, one slice. Anything else goes through the general search below.
  const needle = simple ? 'id"' : 'quential_id"';
  const at = text.indexOf(needle, frame.idFrom);
  const start = at + needle.length + 1;
  if (at >= 0 && text.charCodeAt(start - 1) === COLON && isKeyAt(text, at, simple)) {
    let i = start;
    let digits = 0;
    for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) {
      digits = digits * 10 + (c - 0x30);
    }
    if (
      i > start && !isNumberChar(text.charCodeAt(i)) && Math.abs(digits - value) <= value * 1e-15
    ) {
      frame.idFrom = i;
      return text.slice(start, i);
    }
  }
  const end = findIdLiteral(text, simple, frame.idFrom, value);
  if (end >= 0) {
    frame.idFrom = end;
    return text.slice(idLiteralStart(text, end), end); // plain digits
  }
  frame.idLiterals ??= scanIdLiterals(text, frame.list);
  const literal = frame.idLiterals[frame.item < 0 ? 0 : frame.item];
  if (literal !== undefined && DIGITS.test(literal) && Number(literal) === value) return literal;
  // A literal in another spelling (`1.7E16`): exact only below 2^53. Upbit sends plain digits.
  return BigInt(value).toString();
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
 * import { findIdLiteral, idLiteralStart } from "./trade_id.ts";
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
    if (isKeyAt(text, at, simple)) return at;
  }
  return -1;
}

/** Whether the needle found at `at` is preceded by the key's missing `"s` (+ `e` in DEFAULT). */
function isKeyAt(text: string, at: number, simple: boolean): boolean {
  const quote = at - (simple ? 2 : 3);
  return quote >= 0 && text.charCodeAt(quote) === QUOTE &&
    text.charCodeAt(quote + 1) === LETTER_S &&
    (simple || text.charCodeAt(quote + 2) === LETTER_E) &&
    (quote === 0 || text.charCodeAt(quote - 1) !== BACKSLASH); // not an escaped quote in a string
}

/**
 * The start of the number literal that ends at `end` (see {@linkcode findIdLiteral}).
 *
 * @example
 * ```ts
 * import { idLiteralStart } from "./trade_id.ts";
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
 * import { scanIdLiterals } from "./trade_id.ts";
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

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const LETTER_S = 0x73;
const LETTER_E = 0x65;
