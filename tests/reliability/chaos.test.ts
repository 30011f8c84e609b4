/**
 * Chaos: the client against a seeded random schedule of at least 500 emulator faults (drops,
 * closes with assorted codes, silent stalls, brief stalls, malformed frames, error frames,
 * refused upgrades, slow frames), with consumers subscribing and unsubscribing at random. After
 * every recovery the emulator's own view must equal the live consumers, and data must reach
 * every one of them again (see `tests/_helpers/chaos/` for every rule checked).
 *
 * Prints one line. Replay a failure with `CHAOS_SEED=<seed>`; `CHAOS_FAULTS` and `CHAOS_LANES`
 * change the size (e.g. `CHAOS_FAULTS=20000` for a long run).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChaosReport } from "../_helpers/chaos/report.ts";
import { runChaos } from "../_helpers/chaos/run.ts";
import { envNumber, envSeed } from "../_helpers/env.ts";
import { trackUnhandled } from "../_helpers/unhandled.ts";

function line(r: ChaosReport, unhandled: number): string {
  const kinds = Object.entries(r.byKind).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
  return `chaos: ${r.faults} faults (${kinds.join(", ")}), ${r.recoveries} recoveries, ` +
    `${r.checks} recovery checks, ${r.subscriptionsChecked} subscriptions checked, ` +
    `${r.flagsChecked} onlyRealtime flags checked, ${r.messageRateLimitViolations} message-limit ` +
    `violations, ${r.connectRateLimitViolations} of ${r.connections} connects over the connect ` +
    `limit, ${unhandled} unhandled rejections, slowest recovery ${
      Math.round(r.slowestRecoveryMs)
    } ms, ` +
    `${r.lanes} lanes, ${(r.ms / 1000).toFixed(1)} s, seed ${r.seed}`;
}

describe("chaos", () => {
  it("survives 500 seeded faults: the server's set equals the live consumers and data flows again", async () => {
    const seed = envSeed();
    const faults = envNumber("CHAOS_FAULTS", 500);
    const lanes = envNumber("CHAOS_LANES", 12);
    const unhandled = trackUnhandled();
    let report: ChaosReport;
    try {
      report = await runChaos({ seed, faults, lanes });
    } catch (error) {
      throw new Error(`chaos failed; replay with CHAOS_SEED=${seed}`, { cause: error });
    } finally {
      unhandled.stop();
    }
    console.log(line(report, unhandled.errors.length));
    assert.deepEqual(unhandled.errors, [], `unhandled rejections (CHAOS_SEED=${seed})`);
    assert.ok(report.faults >= faults, `${report.faults} faults`);
    assert.equal(report.messageRateLimitViolations, 0, `CHAOS_SEED=${seed}`);
    assert.ok(report.recoveries > report.faults / 3, `${report.recoveries} recoveries`);
  });
});
