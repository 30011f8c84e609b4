/**
 * Reconnect storm: 50 clients on one IP, started together and dropped together, spread their
 * reconnects by full-jitter backoff, and each resubscribes with exactly one request (the whole
 * set), so no socket bursts past Upbit's message limits. The production profile's timings are
 * scaled down ten times (`initialDelayMs` 100 instead of 1000); `bench/storm.ts` runs them as is.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../../mod.ts";
import { fakeUpbit } from "../_helpers/fake_upbit.ts";
import { measureStorm } from "../_helpers/chaos/storm.ts";
import { drawHistogram, fmt, maxInWindow, summarize } from "../_helpers/stats.ts";

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

describe("reconnect storm after 429 refusals", () => {
  it("jitters the wait after a 429, so refused clients do not retry in lockstep", async () => {
    // Found by bench/storm.ts --limit reject (fixed in 63a4ddf): where the runtime shows the
    // upgrade's status (Deno, Bun, workerd), every client refused with 429 waited exactly
    // maxDelayMs, so 45 of 50 clients refused together came back five at a time every 16 s
    // (129 s on Bun, 145 s on Deno, until the last one).
    const waits: number[] = [];
    const clients: UpbitClient[] = [];
    for (let i = 0; i < 10; i++) {
      const clock = {
        now: () => Date.now(),
        setTimeout(fn: () => void, ms: number): unknown {
          waits[i] ??= ms; // the first timer a refused client sets is its backoff
          return setTimeout(fn, ms);
        },
        clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
      };
      const client = new UpbitClient({
        url: "ws://127.0.0.1:9/websocket/v1",
        // Refused with 429, reported as Deno and Bun report it.
        WebSocket: fakeUpbit({
          connect: () => ({ refuse: "Unexpected server response status code: 429" }),
        }).WebSocket,
        clock,
        random: () => (i + 0.5) / 10,
        reconnect: { initialDelayMs: 1000, maxDelayMs: 16_000 },
      });
      client.addEventListener("error", () => {});
      client.subscribeTicker(["KRW-BTC"], () => {});
      clients.push(client);
    }
    try {
      const end = Date.now() + 2000;
      while (waits.filter((w) => w !== undefined).length < 10 && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 5));
      }
      const s = summarize(waits);
      assert.equal(s.n, 10);
      assert.ok(s.min >= 1000, `a refused client retried after ${s.min} ms`);
      assert.ok(
        s.max - s.min >= 4000,
        `the waits after a 429 span ${s.min}–${s.max} ms: the clients retry in lockstep`,
      );
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  });
});
