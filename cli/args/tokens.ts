/**
 * The first pass over a command line: positionals and `--name value` options split and checked
 * against the command's options, then read as text, numbers in a range, one of a list, or seconds.
 *
 * @module
 */
import { type CommandName, UsageError } from "./invocation.ts";
import { OPTIONS } from "./options.ts";
import { quote } from "../../src/args.ts";

/** A command line split into positionals and options (by long name; `true` for a flag). */
export interface Split {
  positionals: string[];
  options: Map<string, string | true>;
  help: boolean;
}

/** Splits a command's arguments, refusing options it does not take and values it lacks. */
export function split(command: CommandName, argv: readonly string[]): Split {
  const allowed = OPTIONS[command];
  const positionals: string[] = [];
  const options = new Map<string, string | true>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === "-h" || arg === "--help") {
      help = true;
      continue;
    }
    if (!arg.startsWith("-") || arg === "-" || /^-\d/.test(arg)) {
      positionals.push(arg);
      continue;
    }
    if (!arg.startsWith("--")) {
      throw new UsageError(
        `Cannot run ${command} as ${quote(arg)} is not an option of it: current value is ${
          quote(arg)
        }`,
        command,
      );
    }
    const eq = arg.indexOf("=");
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const kind = allowed[name];
    if (kind === undefined) {
      throw new UsageError(
        `Cannot run ${command} as it has no option --${name}: current value is ${quote(arg)}`,
        command,
      );
    }
    if (kind === "flag") {
      if (eq !== -1) {
        throw new UsageError(
          `Cannot run ${command} as --${name} takes no value: current value is ${quote(arg)}`,
          command,
        );
      }
      options.set(name, true);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || (value.startsWith("--") && value.length > 2)) {
        throw new UsageError(`Cannot run ${command} as --${name} needs a value`, command);
      }
      i++;
    }
    options.set(name, value);
  }
  return { positionals, options, help };
}

/** An option's value, or `undefined` when absent (or a flag). */
export function text(s: Split, name: string): string | undefined {
  const v = s.options.get(name);
  return typeof v === "string" ? v : undefined;
}

/** An option's value as a number within `check`'s range, or `undefined` when absent. */
export function number(
  command: CommandName,
  s: Split,
  name: string,
  check: { min: number; max?: number; integer?: boolean; exclusiveMin?: boolean },
): number | undefined {
  const raw = text(s, name);
  if (raw === undefined) return undefined;
  const n = raw.trim() === "" ? NaN : Number(raw);
  const low = check.exclusiveMin ? n <= check.min : n < check.min;
  if (
    !Number.isFinite(n) || low || (check.max !== undefined && n > check.max) ||
    (check.integer === true && !Number.isInteger(n))
  ) {
    const what = check.integer ? "an integer" : "a number";
    const range = check.max !== undefined
      ? `from ${check.min} to ${check.max}`
      : check.exclusiveMin
      ? `above ${check.min}`
      : `of at least ${check.min}`;
    throw new UsageError(
      `Cannot run ${command} as --${name} must be ${what} ${range}: current value is ${quote(raw)}`,
      command,
    );
  }
  return n;
}

/** An option's value when it is one of `allowed`, or `undefined` when absent. */
export function oneOf<T extends string>(
  command: CommandName,
  s: Split,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = text(s, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(
      `Cannot run ${command} as --${name} must be one of ${allowed.join(", ")}: current value is ${
        quote(raw)
      }`,
      command,
    );
  }
  return raw as T;
}

/** An option in seconds (above 0), as ms, or `undefined` when absent. */
export function seconds(command: CommandName, s: Split, name: string): number | undefined {
  const n = number(command, s, name, { min: 0, exclusiveMin: true });
  return n === undefined ? undefined : Math.round(n * 1000);
}
