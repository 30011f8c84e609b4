/**
 * Upbit's wire formats, as the emulator reads them (`upbit-protocol.md` §3).
 *
 * @module
 */

/**
 * Upbit's four wire formats.
 *
 * @example Pick a format
 * ```ts
 * import type { Format } from "upbit-ws/testing";
 * const format: Format = "SIMPLE_LIST";
 * ```
 */
export type Format = "DEFAULT" | "SIMPLE" | "JSON_LIST" | "SIMPLE_LIST";

/**
 * Every format value Upbit accepts.
 *
 * @example Validate a format name
 * ```ts
 * import { FORMATS } from "upbit-ws/testing";
 * console.log(FORMATS.includes("SIMPLE")); // true
 * ```
 */
export const FORMATS: readonly Format[] = Object.freeze([
  "DEFAULT",
  "SIMPLE",
  "JSON_LIST",
  "SIMPLE_LIST",
]);
