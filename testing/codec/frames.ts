/**
 * Frames as Upbit sends them in each wire format: one JSON text per object (`DEFAULT`,
 * `SIMPLE`) or one JSON array per batch (`JSON_LIST`, `SIMPLE_LIST`).
 *
 * @module
 */
import type { Format } from "../protocol/formats.ts";
import { type WireObject, writeJson } from "./json.ts";
import { toSimple } from "./simple.ts";

/**
 * Encodes DEFAULT-format objects in a wire format: one JSON text per object for `DEFAULT` and
 * `SIMPLE`, or one JSON array for the list formats.
 *
 * @param objects DEFAULT-format frame objects
 * @param format the wire format
 * @param options `javaNumbers`
 * @returns the frame texts
 *
 * @example One SIMPLE_LIST frame
 * ```ts
 * import { encodeFrames } from "upbit-ws/testing";
 * const [text] = encodeFrames([{ type: "ticker", code: "KRW-BTC" }], "SIMPLE_LIST");
 * console.log(text); // [{"ty":"ticker","cd":"KRW-BTC"}]
 * ```
 */
export function encodeFrames(
  objects: WireObject[],
  format: Format,
  options: { javaNumbers?: boolean } = {},
): string[] {
  const o = { javaNumbers: options.javaNumbers ?? false };
  const write = (x: WireObject): string => writeJson(x, o);
  const simple = format === "SIMPLE" || format === "SIMPLE_LIST";
  const items = simple ? objects.map(toSimple) : objects;
  if (format === "DEFAULT" || format === "SIMPLE") return items.map(write);
  return items.length === 0 ? [] : [`[${items.map(write).join(",")}]`];
}
