/**
 * Terminal control for live views: redrawing a frame in place and hiding the cursor meanwhile.
 *
 * @module
 */
import { ESC } from "./text.ts";

/**
 * The terminal control text that replaces the previous frame of a live view with a new one:
 * cursor up over the old lines, each line cleared as it is rewritten, the rest cleared below.
 *
 * @param previousLines how many lines the last frame printed (0 the first time)
 * @param lines the new frame
 * @returns the text to write
 *
 * @example
 * ```ts
 * import { redraw } from "./terminal.ts";
 * redraw(2, ["a", "b"]); // "\x1b[2A\r\x1b[2Ka\n\x1b[2Kb\n\x1b[J"
 * ```
 */
export function redraw(previousLines: number, lines: readonly string[]): string {
  const up = previousLines > 0 ? `${ESC}${previousLines}A\r` : "";
  return `${up}${lines.map((l) => `${ESC}2K${l}\n`).join("")}${ESC}J`;
}

/** Hides the cursor (live views). */
export const HIDE_CURSOR = "\x1b[?25l";
/** Shows the cursor again. */
export const SHOW_CURSOR = "\x1b[?25h";
