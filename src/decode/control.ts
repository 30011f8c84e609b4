/**
 * Frames without a data `type`: Upbit's error frame, the `{"status":"UP"}` keepalive reply and
 * the LIST_SUBSCRIPTIONS reply (DEFAULT or SIMPLE keys).
 *
 * @module
 */
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import { quote } from "../args.ts";
import { jsonType } from "./explain.ts";
import type { FrameSink, ListedSubscription } from "./sink.ts";

/**
 * Hands a control frame to the sink, or returns why it cannot.
 *
 * @param o a parsed JSON object that has neither `type` nor `ty`
 * @param sink where the frame goes
 * @returns `undefined` when delivered, else the complete DecodeError message
 *
 * @example Deliver a status frame
 * ```ts
 * import { decodeControl } from "./control.ts";
 * import type { FrameSink } from "./sink.ts";
 * declare const sink: FrameSink;
 * decodeControl({ status: "UP" }, sink); // sink.status("UP")
 * ```
 */
export function decodeControl(o: Record<string, unknown>, sink: FrameSink): string | undefined {
  if (o.error !== undefined) {
    const error = o.error;
    if (typeof error !== "object" || error === null || Array.isArray(error)) {
      return `Cannot decode an error frame as field "error" must be an object: ${typeOf(error)}`;
    }
    const { name, message } = error as Record<string, unknown>;
    if (typeof name !== "string") {
      return `Cannot decode an error frame as field "error.name" must be a string: ${typeOf(name)}`;
    }
    if (typeof message !== "string") {
      return `Cannot decode an error frame as field "error.message" must be a string: ${
        typeOf(message)
      }`;
    }
    sink.serverError(name, message);
    return undefined;
  }
  if (o.status !== undefined) {
    if (typeof o.status !== "string") {
      return `Cannot decode a status frame as field "status" must be a string: ${typeOf(o.status)}`;
    }
    sink.status(o.status);
    return undefined;
  }
  if (o[LIST_KEYS.method] !== undefined) return listSubscriptions(o, sink, false);
  if (o[SIMPLE_KEYS.LIST_SUBSCRIPTIONS.method] !== undefined) {
    return listSubscriptions(o, sink, true);
  }
  return `Cannot decode a frame as field "type" is missing`;
}

// The DEFAULT keys, spelled as the SIMPLE tables' own keys.
const LIST_KEYS = { method: "method", result: "result", ticket: "ticket" } as const;
const RESULT_KEYS = { type: "type", codes: "codes", level: "level" } as const;

function listSubscriptions(
  o: Record<string, unknown>,
  sink: FrameSink,
  simple: boolean,
): string | undefined {
  const { method: methodKey, result: resultKey, ticket: ticketKey } = simple
    ? SIMPLE_KEYS.LIST_SUBSCRIPTIONS
    : LIST_KEYS;
  const { type: typeKey, codes: codesKey, level: levelKey } = simple
    ? SIMPLE_KEYS.result
    : RESULT_KEYS;
  const method = o[methodKey];
  const fail = (field: string, expected: string, value: unknown) =>
    `Cannot decode a LIST_SUBSCRIPTIONS reply as field "${field}" must be ${expected}: ${
      typeOf(value)
    }`;
  if (method !== "LIST_SUBSCRIPTIONS") {
    if (typeof method !== "string") return fail(methodKey, "a string", method);
    return `Cannot decode a reply as its method is not supported: current value is ${
      quote(method, 40)
    }`;
  }
  const result = o[resultKey];
  if (!Array.isArray(result)) return fail(resultKey, "a list", result);
  const list: ListedSubscription[] = [];
  for (let i = 0; i < result.length; i++) {
    const item: unknown = result[i];
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      return fail(`${resultKey}[${i}]`, "an object", item);
    }
    const { [typeKey]: type, [codesKey]: codes, [levelKey]: level } = item as Record<
      string,
      unknown
    >;
    if (typeof type !== "string") return fail(`${resultKey}[${i}].${typeKey}`, "a string", type);
    const entry: ListedSubscription = { type };
    if (codes !== undefined && codes !== null) {
      if (!Array.isArray(codes) || !codes.every((c) => typeof c === "string")) {
        return fail(`${resultKey}[${i}].${codesKey}`, "a list of strings", codes);
      }
      entry.codes = codes as string[];
    }
    if (level !== undefined && level !== null) {
      if (typeof level !== "number") {
        return fail(`${resultKey}[${i}].${levelKey}`, "a number", level);
      }
      entry.level = level;
    }
    // `/info` entries (upbit-indicators.md §8). The SIMPLE keys of these are undocumented: the
    // frames' `tf` is tried for the timeframe, and the indicators are kept as sent.
    const record = item as Record<string, unknown>;
    const timeframe = record["timeframe"] ?? record["tf"];
    if (typeof timeframe === "string") entry.timeframe = timeframe;
    const indicators = record["indicators"];
    if (Array.isArray(indicators)) entry.indicators = indicators;
    list.push(entry);
  }
  const ticket = o[ticketKey];
  if (ticket !== undefined && ticket !== null && typeof ticket !== "string") {
    // One older doc page types the ticket as a Long.
    if (typeof ticket !== "number") return fail(ticketKey, "a string", ticket);
  }
  sink.subscriptions(list, ticket === undefined || ticket === null ? undefined : String(ticket));
  return undefined;
}

function typeOf(value: unknown): string {
  return `current type is "${jsonType(value)}"`;
}
