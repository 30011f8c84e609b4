/**
 * Text on a terminal: colours (ANSI escapes) switched on or off, the visible width of a string
 * (wide East Asian characters count two, escapes none) and fitting a line to a width.
 *
 * @module
 */

/** Colours on or off, and the width to fit. */
export interface RenderOptions {
  /** ANSI colours (red for a rise, blue for a fall, as on Upbit). */
  color: boolean;
  /** Terminal columns; lines are cut to fit. */
  width: number;
}

/** The start of an ANSI control sequence (CSI). */
export const ESC = "\x1b[";
// deno-lint-ignore no-control-regex -- matching terminal escapes is the point
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/**
 * Wraps text in an SGR colour when colours are on.
 *
 * @param on whether colours are on
 * @param code the SGR code, e.g. `"31"` for red
 * @param text the text
 * @returns the text, coloured or not
 *
 * @example
 * ```ts
 * import { paint } from "./text.ts";
 * paint(true, "31", "up"); // "\x1b[31mup\x1b[0m"
 * ```
 */
export function paint(on: boolean, code: string, text: string): string {
  return on && text !== "" ? `${ESC}${code}m${text}${ESC}0m` : text;
}

/**
 * Removes ANSI escape sequences.
 *
 * @param text the text
 * @returns the text without escapes
 *
 * @example
 * ```ts
 * import { stripAnsi } from "./text.ts";
 * stripAnsi("\x1b[31mup\x1b[0m"); // "up"
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/**
 * Columns a string takes on a terminal: escapes take none, East Asian wide characters two.
 *
 * @param text the text
 * @returns the width in columns
 *
 * @example
 * ```ts
 * import { visibleWidth } from "./text.ts";
 * visibleWidth("비트코인"); // 8
 * ```
 */
export function visibleWidth(text: string): number {
  let w = 0;
  for (const ch of stripAnsi(text)) w += wide(ch.codePointAt(0) ?? 0) ? 2 : 1;
  return w;
}

function wide(cp: number): boolean {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1faff);
}

/**
 * Cuts a line to a width, keeping escapes intact and resetting colours when it cuts.
 *
 * @param text the line
 * @param width the columns available
 * @returns the line, at most `width` columns wide
 *
 * @example
 * ```ts
 * import { fit } from "./text.ts";
 * fit("KRW-BTC 148,500,000", 7); // "KRW-BTC"
 * ```
 */
export function fit(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  let out = "";
  let w = 0;
  let cut = false;
  for (let i = 0; i < text.length;) {
    if (text[i] === "\x1b") {
      // deno-lint-ignore no-control-regex -- matching terminal escapes is the point
      const m = /^\x1b\[[0-9;?]*[A-Za-z]/.exec(text.slice(i));
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    const cp = text.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const cw = wide(cp) ? 2 : 1;
    if (w + cw > width) {
      cut = true;
      break;
    }
    out += ch;
    w += cw;
    i += ch.length;
  }
  return cut && out.includes("\x1b") ? `${out}${ESC}0m` : out;
}

/** Pads to a visible width, on the left when `right` (numbers) or on the right. */
export function pad(text: string, width: number, right: boolean): string {
  const gap = Math.max(0, width - visibleWidth(text));
  return right ? " ".repeat(gap) + text : text + " ".repeat(gap);
}
