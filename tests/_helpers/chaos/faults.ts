/**
 * The faults a chaos lane injects: a weighted random plan (drops, closes with assorted codes,
 * silent and brief stalls, malformed frames, error frames, refused upgrades, slow frames), its
 * label for the lane's history, and its injection through the emulator's fault API.
 *
 * @module
 */
import type { Fault } from "../../../testing/core/faults.ts";
import type { RemoteOrLocalEmulator } from "../emulator.ts";
import type { Rng } from "./rng.ts";

/** One fault to inject. */
export type FaultPlan =
  | { kind: "drop" }
  | { kind: "close"; code: number }
  | { kind: "stall" }
  | { kind: "stallBrief"; ms: number }
  | { kind: "malformed"; data: string }
  | { kind: "error"; name: string; close: boolean }
  | { kind: "refuse"; status: 401 | 429; count: number }
  | { kind: "delay"; ms: number };

export const CLOSE_CODES = [
  1000,
  1001,
  1002,
  1003,
  1007,
  1008,
  1009,
  1010,
  1011,
  1012,
  1013,
  1014,
  3000,
  4000,
  4500,
  4999,
];
const ERROR_NAMES = [
  "INVALID_PARAM",
  "WRONG_FORMAT",
  "NO_TICKET",
  "NO_TYPE",
  "NO_CODES",
  "INVALID_AUTH",
  "Too Many Requests",
];
const MALFORMED = [
  '{"type":"ticker","code":"KRW-BTC","trade_price":',
  "not json at all",
  "[1,2,",
  '{"type":"ticker","code":"KRW-BTC","trade_price":"oops"}',
  '{"type":"ticker","code":42}',
  '{"type":"mystery","code":"KRW-BTC"}',
  '{"ty":"orderbook","cd":"KRW-BTC","obu":"nope"}',
  "[" + '{"type":"trade"},'.repeat(20) + "null]",
  '{"status":"DOWN"}',
  "{}",
  "null",
  "",
];

export function planFault(rng: Rng): FaultPlan {
  return rng.weighted<() => FaultPlan>([
    [20, () => ({ kind: "drop" })],
    [20, () => ({ kind: "close", code: rng.pick(CLOSE_CODES) })],
    [8, () => ({ kind: "stall" })],
    [6, () => ({ kind: "stallBrief", ms: rng.range(5, 40) })],
    [14, () => ({ kind: "malformed", data: rng.pick(MALFORMED) })],
    [12, () => ({ kind: "error", name: rng.pick(ERROR_NAMES), close: rng.chance(0.6) })],
    // At most two 401s: three refusals in a row make the client stop, by design.
    [10, () => ({ kind: "refuse", status: rng.chance(0.5) ? 401 : 429, count: rng.range(1, 2) })],
    [10, () => ({ kind: "delay", ms: rng.range(1, 30) })],
  ])();
}

export function planLabel(p: FaultPlan): string {
  switch (p.kind) {
    case "close":
      return `close ${p.code}`;
    case "stallBrief":
      return `stall ${p.ms}ms`;
    case "error":
      return `error ${p.name}${p.close ? " +close" : ""}`;
    case "refuse":
      return `refuse ${p.count}x${p.status}`;
    case "delay":
      return `delay ${p.ms}ms`;
    case "malformed":
      return `malformed ${JSON.stringify(p.data.slice(0, 24))}`;
    default:
      return p.kind;
  }
}

/** The category a fault counts under in the report. */
export function category(p: FaultPlan): string {
  return p.kind === "stallBrief" ? "stall" : p.kind;
}

/**
 * Injects `plan` on the socket `target` (a refusal also drops it, so the refused upgrades come
 * next). Resolves false when the socket closed before the fault reached it (nothing injected).
 */
export async function injectFault(
  emu: RemoteOrLocalEmulator,
  plan: FaultPlan,
  target: string,
): Promise<boolean> {
  try {
    switch (plan.kind) {
      case "drop":
        await emu.fault({ kind: "drop" }, target);
        break;
      case "close":
        await emu.fault({ kind: "close", code: plan.code, reason: "chaos" }, target);
        break;
      case "stall":
        await emu.fault({ kind: "stall" }, target);
        break;
      case "stallBrief":
        await emu.fault({ kind: "stall", durationMs: plan.ms }, target);
        break;
      case "malformed":
        await emu.fault({ kind: "malformed", data: plan.data }, target);
        break;
      case "error":
        await emu.fault(
          { kind: "error", name: plan.name, message: "chaos", close: plan.close },
          target,
        );
        break;
      case "refuse":
        await emu.fault({ kind: "refuseUpgrades", count: plan.count, status: plan.status });
        await emu.fault({ kind: "drop" }, target);
        break;
      case "delay":
        await emu.fault({ kind: "delay", ms: plan.ms } satisfies Fault, target);
        break;
    }
  } catch (error) {
    // The socket closed between reading the state and the fault: nothing was injected.
    if (/not open/.test(String(error))) return false;
    throw error;
  }
  return true;
}
