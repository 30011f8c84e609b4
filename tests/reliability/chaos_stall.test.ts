/**
 * Stall detection: a socket that stays open but goes silent (the emulator's `stall` fault) is
 * reported and replaced within `keepalive.staleAfterMs` plus one watchdog tick; a socket that
 * carries only `{"status":"UP"}` frames is quiet, not dead. `bench/stall.ts` is the long run.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { measureStalls } from "../_helpers/chaos/stall.ts";
import { fmt, summarize } from "../_helpers/stats.ts";

const STALE_MS = 150;
const UP_MS = 20;
/** The watchdog runs every staleAfterMs / 4 (at least 10 ms, at most pingIntervalMs / 2). */
const TICK_MS = STALE_MS / 4;
/** Timer and loopback latency on a loaded two-core machine. */
const SLACK_MS = 60;

describe("stall detection", () => {
  it("detects and replaces silent sockets within staleAfterMs + one tick, never early", async () => {
    const r = await measureStalls({
      clients: 4,
      stallsPerClient: 3,
      staleAfterMs: STALE_MS,
      upIntervalMs: UP_MS,
      quietMs: STALE_MS * 2,
    });
    const detection = summarize(r.detection);
    const replacement = summarize(r.replacement);
    console.log(
      `stall: window ${STALE_MS} ms, detection ${fmt(detection)}; replaced and flowing ${
        fmt(replacement)
      }; ${r.falseStalls} false stalls`,
    );
    assert.equal(r.detection.length, 12);
    assert.equal(r.falseStalls, 0, "a socket with only UP frames was declared stalled");
    assert.equal(r.early, 0, "a stall was declared before the window had passed");
    assert.ok(
      detection.max <= STALE_MS + TICK_MS + SLACK_MS,
      `detection max ${detection.max} ms > ${STALE_MS + TICK_MS + SLACK_MS}`,
    );
    assert.ok(
      replacement.max <= STALE_MS + TICK_MS + 2 * SLACK_MS,
      `replacement max ${replacement.max} ms`,
    );
  });
});
