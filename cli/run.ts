/**
 * Runs one command line of `upbit-ws`: parses the arguments, answers `--help` and `--version`,
 * runs the command with its lifetime and maps what happened to the exit code.
 *
 * @module
 */
import { describe } from "./commands/connect.ts";
import { dashboard } from "./commands/dashboard.ts";
import { emulate, replay } from "./commands/emulator.ts";
import { lifetime } from "./commands/lifetime.ts";
import { markets } from "./commands/markets.ts";
import { record } from "./commands/record.ts";
import { relayCommand } from "./commands/relay.ts";
import { snapshot } from "./commands/snapshot.ts";
import { watch } from "./commands/watch.ts";
import { type Invocation, UsageError } from "./args/invocation.ts";
import { parseArgs } from "./args/parse.ts";
import { helpText, VERSION } from "./help.ts";
import type { Io } from "./runtime.ts";

/**
 * Runs a command line and resolves with the exit code: 0 success, 1 runtime failure, 2 bad
 * arguments, 130/143 stopped by SIGINT/SIGTERM (after a clean shutdown).
 *
 * @param argv the arguments after the program name
 * @param io the runtime adapter
 * @returns the exit code
 *
 * @example
 * ```ts
 * import { run } from "./run.ts";
 * import { currentIo } from "./runtime.ts";
 * const code = await run(["snapshot", "ticker", "KRW-BTC", "--emulator"], currentIo());
 * ```
 */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  let inv: Invocation;
  try {
    inv = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return usageError(io, e);
    throw e;
  }
  if (inv.command === "help") {
    await io.write(`${helpText(inv.topic)}\n`);
    return 0;
  }
  if (inv.command === "version") {
    await io.write(`${VERSION}\n`);
    return 0;
  }
  const durationMs = "durationMs" in inv ? inv.durationMs : undefined;
  const life = lifetime(io, durationMs);
  try {
    switch (inv.command) {
      case "watch":
        return await watch(inv, io, life);
      case "snapshot":
        return await snapshot(inv, io, life);
      case "record":
        return await record(inv, io, life);
      case "replay":
        return await replay(inv, io, life);
      case "emulate":
        return await emulate(inv, io, life);
      case "markets":
        return await markets(inv, io, life);
      case "relay":
        return await relayCommand(inv, io, life);
      case "dashboard":
        return await dashboard(inv, io, life);
    }
  } catch (e) {
    // A closed stdout (`| head`) is how a reader says it has enough: a normal end.
    if ((e as { code?: unknown })?.code === "EPIPE") return life.stopCode() ?? 0;
    const code = life.stopCode();
    if (code !== undefined && life.signal.aborted && code !== 0) return code;
    // An argument only the answer shows is bad (e.g. a --quote no market has): exit 2 too.
    if (e instanceof UsageError) return usageError(io, e);
    io.error(`upbit-ws: ${describe(e)}\n`);
    return 1;
  } finally {
    life.dispose();
  }
}

/** Prints a bad command line's message and the help to read; the exit code 2. */
function usageError(io: Io, e: UsageError): number {
  const hint = e.command ? `upbit-ws ${e.command} --help` : "upbit-ws --help";
  io.error(`upbit-ws: ${e.message}\nRun "${hint}" for usage.\n`);
  return 2;
}
