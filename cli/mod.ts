#!/usr/bin/env node
/**
 * The `upbit-ws` command: `watch`, `snapshot`, `record`, `replay`, `emulate` and `markets`.
 * Run it, don't import it for its side effects: as the npm bin (`npx upbit-ws watch ticker
 * KRW-BTC`), or from a clone with `node cli/mod.ts`, `deno run -A cli/mod.ts` or
 * `bun cli/mod.ts`. Run as the main module it parses the arguments, runs the command and exits
 * with its code (0 success, 1 runtime failure, 2 bad arguments, 130/143 after SIGINT/SIGTERM).
 *
 * @example Watch tickers on the built-in emulator
 * ```sh
 * deno run -A cli/mod.ts watch ticker KRW-BTC KRW-ETH --emulator
 * ```
 *
 * @module
 */
import { run } from "./run.ts";
import { currentIo, type Io } from "./runtime.ts";

export type { FileWriter, Io, Signal } from "./runtime.ts";

/**
 * Runs the command line of this process (or `argv`) and resolves with the exit code.
 *
 * @param argv the arguments after the program name (default: the process's)
 * @param io the runtime adapter (default: this runtime's)
 * @returns the exit code
 *
 * @example
 * ```ts
 * import { main } from "upbit-ws/cli";
 * const code = await main(["snapshot", "ticker", "KRW-BTC", "--emulator"]);
 * ```
 */
export async function main(argv?: readonly string[], io: Io = currentIo()): Promise<number> {
  return await run(argv ?? io.args, io);
}

if (await isMainModule()) {
  const io = currentIo();
  let code: number;
  try {
    code = await main(io.args, io);
  } catch (e) {
    io.error(`upbit-ws: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    code = 1;
  }
  await io.exit(code);
}

/**
 * Whether this module is the program being run (and not imported as `upbit-ws/cli`). Deno, Bun
 * and Node 24+ say so in `import.meta.main`; Node 22 lacks it, so there the script path is
 * compared with this file (the npm bin is a symlink, hence the realpath).
 */
async function isMainModule(): Promise<boolean> {
  const meta = import.meta as { main?: boolean; filename?: string };
  if (typeof meta.main === "boolean") return meta.main;
  const script = (globalThis as { process?: { argv?: string[] } }).process?.argv?.[1];
  if (script === undefined || meta.filename === undefined) return false;
  try {
    const { realpathSync } = await import("node:fs");
    return realpathSync(script) === realpathSync(meta.filename);
  } catch {
    return false;
  }
}
