/**
 * Reading an environment variable on any runtime, without Node imports and without ever
 * prompting for or crashing on a missing permission. Private to the package.
 *
 * @module
 */

/** The parts of `globalThis` that hold an environment, narrowed to what is read here. */
export interface EnvScope {
  /** Deno's namespace. */
  Deno?: {
    env?: { get?: (name: string) => string | undefined };
    permissions?: {
      querySync?: (descriptor: { name: "env"; variable?: string }) => { state: string };
    };
  };
  /** Node's and Bun's process object (also Deno's and workerd's compatibility one). */
  process?: { env?: Record<string, string | undefined> };
}

/**
 * Reads an environment variable: `Deno.env` on Deno (only when the env permission for it is
 * already granted, so it never prompts and never throws), else `process.env` where it exists
 * (Node, Bun), else nothing (Workers, browsers). An empty value counts as unset.
 *
 * @param name the variable's name, e.g. `"UPBIT_ACCESS_KEY"`
 * @param scope where to look; defaults to `globalThis` (a parameter for tests)
 * @returns the value, or `undefined` when it is unset, empty or unreadable
 * @throws {TypeError} when `name` is not a non-empty string
 *
 * @example Fall back to the environment for a key
 * ```ts
 * import { readEnv } from "./env.ts";
 * const accessKey = readEnv("UPBIT_ACCESS_KEY"); // string | undefined
 * ```
 */
export function readEnv(
  name: string,
  scope: EnvScope = globalThis as EnvScope,
): string | undefined {
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError(
      `Cannot read an environment variable as name must be a non-empty string: current value is "${
        String(name)
      }"`,
    );
  }
  let value: string | undefined;
  try {
    const deno = scope.Deno;
    if (deno !== undefined) {
      // Deno: query (never request) the permission first, since get() would prompt on a TTY.
      // Without a permissions API there is nothing to ask; get() may still throw, caught below.
      const query = deno.permissions?.querySync;
      const state = typeof query === "function"
        ? query.call(deno.permissions, { name: "env", variable: name }).state
        : "granted";
      value = state === "granted" ? deno.env?.get?.(name) : undefined;
    } else {
      value = scope.process?.env?.[name];
    }
  } catch {
    // A denied permission or a hostile getter: treat as unset.
    value = undefined;
  }
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/**
 * Whether an environment variable cannot be read for lack of a permission (Deno without
 * `--allow-env` for it), as opposed to being unset: so that a key that was silently unreadable
 * can be named in the error that follows.
 *
 * @param name the variable's name
 * @param scope where to look; defaults to `globalThis` (a parameter for tests)
 * @returns true when the runtime denies reading it
 *
 * @example
 * ```ts
 * import { envDenied } from "./env.ts";
 * if (envDenied("UPBIT_ACCESS_KEY")) console.warn("run with --allow-env=UPBIT_ACCESS_KEY");
 * ```
 */
export function envDenied(name: string, scope: EnvScope = globalThis as EnvScope): boolean {
  const deno = scope.Deno;
  if (deno === undefined) return false;
  try {
    const query = deno.permissions?.querySync;
    if (typeof query === "function") {
      return query.call(deno.permissions, { name: "env", variable: name }).state !== "granted";
    }
    deno.env?.get?.(name);
    return false;
  } catch {
    return true;
  }
}
