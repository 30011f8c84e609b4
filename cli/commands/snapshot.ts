/**
 * `upbit-ws snapshot`: one snapshot per code, as NDJSON lines or pretty JSON. Each code is its own
 * `client.snapshot()` (asked for in the same tick, so one request still carries them all), so a
 * code that sends nothing costs only its own line: the snapshots that came are printed, in the
 * order of the codes, then what failed and for which codes goes to stderr and the exit code is 1.
 *
 * @module
 */
import { connect, describe } from "./connect.ts";
import type { Run } from "./lifetime.ts";
import { ndjsonLine } from "../format/lines.ts";
import { ConnectionClosedError, TimeoutError } from "../../mod.ts";
import type { OrderbookUnits } from "../../src/protocol/orderbook.ts";
import { quoteCodes } from "../../src/args.ts";

/** `upbit-ws snapshot`: prints one snapshot per code and exits. */
export const snapshot: Run<"snapshot"> = async (inv, io, life) => {
  const { target } = inv;
  const conn = await connect(inv.endpoint, target);
  try {
    const options: {
      timeoutMs: number;
      signal: AbortSignal;
      units?: OrderbookUnits;
      level?: number;
    } = {
      timeoutMs: inv.timeoutMs,
      signal: life.signal,
    };
    if (target.units !== undefined) options.units = target.units;
    if (target.level !== undefined) options.level = target.level;
    const results = await Promise.allSettled(
      target.codes.map((code) => conn.client.snapshot(target.type as "ticker", [code], options)),
    );
    // Stopped (Ctrl-C) while waiting: the stop's exit code, as for any stopped command.
    const stopped = life.stopCode();
    if (stopped !== undefined && results.some((r) => r.status === "rejected")) return stopped;
    // Each failure is one line on stderr, the codes it concerns grouped: the silent codes, the
    // codes the connection failed for (the same connection, so one reason), anything else.
    const silent: string[] = [];
    const unreachable: string[] = [];
    let connectionFailure: Error | undefined;
    const other = new Set<string>();
    for (const [i, result] of results.entries()) {
      const code = target.codes[i]!;
      if (result.status === "fulfilled") {
        for (const event of result.value) {
          await io.write(inv.pretty ? `${JSON.stringify(event, null, 2)}\n` : ndjsonLine(event));
        }
      } else if (result.reason instanceof TimeoutError) {
        silent.push(code);
      } else if (
        result.reason instanceof ConnectionClosedError && result.reason.cause instanceof Error
      ) {
        unreachable.push(code);
        connectionFailure ??= result.reason.cause;
      } else {
        other.add(describe(result.reason));
      }
    }
    const failures = [...other];
    if (connectionFailure !== undefined) {
      failures.push(
        `Cannot take a snapshot of ${
          quoteCodes(unreachable)
        } as the connection failed: ${connectionFailure.message}`,
      );
    }
    if (silent.length > 0) {
      failures.push(`No snapshot within ${inv.timeoutMs} ms for ${quoteCodes(silent)}`);
    }
    for (const failure of failures) io.error(`upbit-ws: ${failure}\n`);
    return failures.length > 0 ? 1 : 0;
  } finally {
    await conn.close();
  }
};
