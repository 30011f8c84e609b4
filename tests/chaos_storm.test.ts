/**
 * Reconnect storm: 50 clients on one IP, started together and dropped together, spread their
 * reconnects by full-jitter backoff, and each resubscribes with exactly one request (the whole
 * set), so no socket bursts past Upbit's message limits. The production profile's timings are
 * scaled down ten times (`initialDelayMs` 100 instead of 1000); `bench/storm.ts` runs them as is.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  drawHistogram,
  fmt,
  maxInWindow,
  measureStorm,
  summarize,
} from "./_helpers/reliability.ts";

const CLIENTS = 50;
const INITIAL_MS = 100;

describe("reconnect storm", () => {
  it("spreads 50 simultaneous reconnects over the first backoff window, one request each", async () => {
    const r = await measureStorm({
      clients: CLIENTS,
      initialDelayMs: INITIAL_MS,
      maxDelayMs: INITIAL_MS * 16,
      onConnectLimit: "count",
      timeoutMs: 10_000,
    });
    const s = summarize(r.reconnect);
    console.log(
      `storm: ${CLIENTS} clients, initialDelayMs ${INITIAL_MS}: reconnect ${fmt(s)}; ` +
        `${maxInWindow(r.reconnect, INITIAL_MS / 10)} at most in any ${INITIAL_MS / 10} ms; ` +
        `${r.connectViolations} connects over 5/s; ${r.messageViolations} message-limit violations\n` +
        drawHistogram(r.reconnect, INITIAL_MS / 10),
    );
    assert.equal(r.stragglers, 0);
    assert.equal(r.reconnect.length, CLIENTS);
    // Full jitter: uniform over [0, initialDelayMs]; lockstep would put them all in one slot.
    assert.ok(s.p90 - s.p10 >= INITIAL_MS * 0.4, `spread p10 ${s.p10} – p90 ${s.p90} ms`);
    assert.ok(s.max <= INITIAL_MS + 400, `last reconnect after ${s.max} ms`);
    assert.deepEqual(r.requestsPerSocket, new Array(CLIENTS).fill(1), "requests per new socket");
    assert.equal(r.messageViolations, 0);
  });
});
