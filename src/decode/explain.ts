/**
 * Words why a frame is not what its schema says, in the library's message style: the field by its
 * wire key, and never more of the frame's content than a short enum-like value.
 *
 * @module
 */
import * as v from "valibot";
import { quote } from "../args.ts";
import type { SchemaPair } from "./fields.ts";

/**
 * Runs a data type's full schema on a parsed frame and says what is wrong with it.
 *
 * @param schemas the data type's schemas
 * @param simple whether the frame uses SIMPLE keys
 * @param raw the parsed frame
 * @returns `undefined` when the frame is valid, else the reason, e.g.
 *   `field "trade_price" must be a number: current type is "string"`
 *
 * @example Explain a bad frame
 * ```ts
 * import { explainFrame } from "./explain.ts";
 * import { TRADE } from "./trade.ts";
 * console.log(explainFrame(TRADE.schemas!, false, { type: "trade" })); // field "code" is missing
 * ```
 */
export function explainFrame(
  schemas: SchemaPair,
  simple: boolean,
  raw: object,
): string | undefined {
  let input = raw;
  if (simple && !("cd" in raw) && "mk" in raw) input = { ...raw, cd: raw.mk }; // legacy SIMPLE code
  const result = v.safeParse(simple ? schemas.simple : schemas.default, input, {
    abortEarly: true,
  });
  const issue = result.issues?.[0];
  return issue === undefined ? undefined : describeIssue(issue);
}

/**
 * Words one valibot issue in the library's message style.
 *
 * @param issue the first issue of a failed parse
 * @returns e.g. `field "level" must be a number: current type is "string"`
 *
 * @example Word a valibot issue
 * ```ts
 * import * as v from "valibot";
 * import { describeIssue } from "./explain.ts";
 * const r = v.safeParse(v.object({ level: v.number() }), { level: "0" });
 * if (r.issues) console.log(describeIssue(r.issues[0])); // field "level" must be a number: …
 * ```
 */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  const field = `field "${issuePath(issue)}"`;
  const input = issue.input;
  if (input === undefined) return `${field} is missing`;
  switch (issue.type) {
    case "literal":
    case "picklist": {
      const expected = issue.expected?.replace(/^\((.*)\)$/, "$1") ?? "";
      return `${field} must be ${expected}: ${current(input)}`;
    }
    case "integer":
      return `${field} must be an integer: current value is ${quote(String(input), 40)}`;
    case "min_value":
      return `${field} must be ${issue.expected ?? "larger"}: current value is ${
        quote(String(input), 40)
      }`;
    default:
      return `${field} must be ${article(issue.expected ?? issue.type)}: current type is "${
        jsonType(input)
      }"`;
  }
}

/**
 * The JSON type of a value, as the messages name it (`"null"` and `"array"` included).
 *
 * @param value any value
 * @returns `"null"`, `"array"`, or what `typeof` says
 *
 * @example Name a value's JSON type
 * ```ts
 * import { jsonType } from "./explain.ts";
 * console.log(jsonType([]), jsonType(null), jsonType(1)); // array null number
 * ```
 */
export function jsonType(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function current(input: unknown): string {
  return typeof input === "string" && input.length <= 40
    ? `current value is ${quote(input, 40)}`
    : `current type is "${jsonType(input)}"`;
}

function issuePath(issue: v.BaseIssue<unknown>): string {
  let out = "";
  for (const item of issue.path ?? []) {
    out += typeof item.key === "number" ? `[${item.key}]` : `${out ? "." : ""}${String(item.key)}`;
  }
  return out;
}

function article(expected: string): string {
  const name = expected === "Object" ? "object" : expected === "Array" ? "list" : expected;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}
