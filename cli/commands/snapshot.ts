/**
 * `upbit-ws snapshot`: one snapshot per code, as NDJSON lines or pretty JSON.
 *
 * @module
 */
import { connect } from "./connect.ts";
import type { Run } from "./lifetime.ts";
import { ndjsonLine } from "../format/lines.ts";
import type { OrderbookUnits } from "../../src/protocol/orderbook.ts";

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
    let events: unknown[];
    try {
      events = await conn.client.snapshot(
        target.type as "ticker",
        target.codes,
        options,
      );
    } catch (e) {
      const code = life.stopCode();
      if (code !== undefined) return code;
      throw e;
    }
    for (const event of events) {
      await io.write(inv.pretty ? `${JSON.stringify(event, null, 2)}\n` : ndjsonLine(event));
    }
    return 0;
  } finally {
    await conn.close();
  }
};
