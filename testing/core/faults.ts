/**
 * A fault to inject, and its check before it is injected: a known kind, and for each kind its values (a
 * sendable close code, non-negative durations, a refusal status of 401 or 429).
 *
 * @module
 */

/**
 * A fault to inject. One-shot faults (`drop`, `close`, `malformed`, `error`) act on the open
 * connections addressed; `stall` and `delay` with target `"all"` also apply to connections that
 * open later, until `resume` / `delay 0`. `refuseUpgrades` is always global.
 *
 * @example Refuse the next two upgrades with 429, then stall every socket
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * emu.fault({ kind: "refuseUpgrades", count: 2, status: 429 });
 * emu.fault({ kind: "stall" }, "all");
 * ```
 */
export type Fault =
  | { kind: "drop" }
  | { kind: "close"; code?: number; reason?: string }
  | { kind: "stall"; durationMs?: number }
  | { kind: "resume" }
  | { kind: "malformed"; data?: string }
  | { kind: "error"; name?: string; message?: string; close?: boolean }
  | { kind: "refuseUpgrades"; count?: number; status?: 401 | 429 }
  | { kind: "delay"; ms: number };

/** Whether a close code may be sent in a close frame. */
const VALID_CLOSE = (code: number) =>
  Number.isInteger(code) &&
  ((code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) ||
    (code >= 3000 && code <= 4999));

/**
 * Checks a fault. @internal
 *
 * @param f the fault
 * @throws {TypeError} when it is not an object or its kind is unknown
 * @throws {RangeError} when one of its values is out of range, quoting it
 */
export function validateFault(f: Fault): void {
  if (f === null || typeof f !== "object") {
    throw new TypeError(
      `Cannot inject the fault as it must be an object: current value is "${String(f)}"`,
    );
  }
  switch (f.kind) {
    case "drop":
    case "resume":
    case "malformed":
    case "error":
      return;
    case "close":
      if (f.code !== undefined && !VALID_CLOSE(f.code)) {
        throw new RangeError(
          `Cannot inject the fault as code must be a sendable close code: current value is "${f.code}"`,
        );
      }
      return;
    case "stall":
      if (f.durationMs !== undefined && !(f.durationMs >= 0)) {
        throw new RangeError(
          `Cannot inject the fault as durationMs must be non-negative: current value is "${f.durationMs}"`,
        );
      }
      return;
    case "delay":
      if (!(typeof f.ms === "number" && f.ms >= 0)) {
        throw new RangeError(
          `Cannot inject the fault as ms must be a non-negative number: current value is "${f.ms}"`,
        );
      }
      return;
    case "refuseUpgrades":
      if (f.status !== undefined && f.status !== 401 && f.status !== 429) {
        throw new RangeError(
          `Cannot inject the fault as status must be 401 or 429: current value is "${f.status}"`,
        );
      }
      if (f.count !== undefined && !(Number.isInteger(f.count) && f.count >= 0)) {
        throw new RangeError(
          `Cannot inject the fault as count must be a non-negative integer: current value is "${f.count}"`,
        );
      }
      return;
    default:
      throw new TypeError(
        `Cannot inject the fault as kind must be known: current value is "${
          String((f as { kind: unknown }).kind)
        }"`,
      );
  }
}
