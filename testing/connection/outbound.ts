/**
 * What a connection writes: objects encoded in its format (list formats group consecutive
 * objects of one type, up to `listMaxItems`; a method answer is never listed), and the text of an
 * error frame in the host's language.
 *
 * @module
 */
import { encodeFrames } from "../codec/frames.ts";
import type { WireObject } from "../codec/json.ts";
import type { Format } from "../protocol/formats.ts";
import { ERROR_MESSAGES, ERROR_MESSAGES_EN, type ErrorName } from "../protocol/server_errors.ts";
import type { ResolvedConfig } from "../options.ts";

/**
 * The frame texts of prepared objects in a format. @internal
 *
 * @param items the objects, in order
 * @param f the connection's format
 * @param config `javaNumbers` and `listMaxItems`
 * @returns one text per frame, in order
 */
export function encodeObjects(
  items: WireObject[],
  f: Format,
  config: Pick<ResolvedConfig, "javaNumbers" | "listMaxItems">,
): string[] {
  const opts = { javaNumbers: config.javaNumbers };
  if (f === "DEFAULT" || f === "SIMPLE" || items[0]?.["method"] !== undefined) {
    const fmt = f === "JSON_LIST" ? "DEFAULT" : f === "SIMPLE_LIST" ? "SIMPLE" : f;
    return encodeFrames(items, fmt, opts);
  }
  const texts: string[] = [];
  let group: WireObject[] = [];
  const flush = () => {
    for (const t of encodeFrames(group, f, opts)) texts.push(t);
    group = [];
  };
  for (const o of items) {
    const first = group[0];
    if (
      first !== undefined && (group.length >= config.listMaxItems || first["type"] !== o["type"])
    ) flush();
    group.push(o);
  }
  flush();
  return texts;
}

/**
 * The message of an error frame: Korean (the KR host, including the parser's specific texts) or
 * English (regional hosts). @internal
 *
 * @param name the error name
 * @param message a specific text, if any
 * @param language the host's language
 * @returns the message
 */
export function errorText(
  name: ErrorName | string,
  message: string | undefined,
  language: "ko" | "en",
): string {
  return language === "en"
    ? ERROR_MESSAGES_EN[name as ErrorName] ?? message ?? name
    : message ?? ERROR_MESSAGES[name as ErrorName] ?? name;
}
