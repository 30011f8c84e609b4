/**
 * Upbit's wire formats, written once: the `format` field of a request picks one. `DEFAULT` and
 * `JSON_LIST` use the full key names, `SIMPLE` and `SIMPLE_LIST` the abbreviations of
 * `simple_keys.ts`; the `_LIST` formats may carry several events in one frame
 * (`upbit-protocol.md` §2.1, §2.3).
 *
 * @module
 */

/**
 * @internal Every format Upbit accepts, in the docs' order; `DEFAULT` is what Upbit sends when a
 * request names none. The public type `WireFormat` spells the same list out; a test keeps them
 * equal.
 *
 * @example Check a format name
 * ```ts
 * import { WIRE_FORMATS } from "./formats.ts";
 * console.log(WIRE_FORMATS.includes("SIMPLE")); // true
 * ```
 */
export const WIRE_FORMATS = ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"] as const;
