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
import { run } from "./commands.ts";
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
 * import { main } from "./mod.ts";
 * const code = await main(["snapshot", "ticker", "KRW-BTC", "--emulator"]);
 * ```
 */
export async function main(argv?: readonly string[], io: Io = currentIo()): Promise<number> {
  return await run(argv ?? io.args, io);
}

// Node 22 has no import.meta.main (undefined): a module run as the bin is the main module there.
if ((import.meta as { main?: boolean }).main !== false) {
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
