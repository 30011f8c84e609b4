/**
 * Run sizes and seeds read from the environment, where the runtime has one (workerd without
 * bindings has none: the fallback applies).
 *
 * @module
 */
import process from "node:process";

/** A number from the environment (where the runtime has one), else `fallback`. */
export function envNumber(name: string, fallback: number): number {
  let raw: string | undefined;
  try {
    raw = process.env[name];
  } catch {
    raw = undefined; // no env access (workerd without bindings)
  }
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) {
    throw new RangeError(`Cannot read ${name} as it must be a number: current value is "${raw}"`);
  }
  return n;
}

/** The seed from `name` in the environment, else a fresh random one (printed by the caller). */
export function envSeed(name = "CHAOS_SEED"): number {
  return envNumber(name, Math.floor(Math.random() * 2 ** 31)) >>> 0;
}
