/**
 * One open socket's life (`src/wire/session.ts`), seen through its connection on a fake clock
 * against the fake Upbit: the keepalive `PING`, stall detection, the frame clock `health()`
 * reports, and the error frames that end a socket (a refused request, a rate limit).
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { advance } from "../../_helpers/fake_clock.ts";
import { tickerFrame } from "../../_helpers/frames.ts";
import { closeAll, setup, want } from "./_connection.ts";

afterEach(closeAll);

describe("Session: keepalive and stalls", () => {
  it("sends a PING at open and every pingIntervalMs", async () => {
    const s = setup({ config: { pingIntervalMs: 1000 } });
    want(s);
    await advance(s.clock, 100);
    assert.equal(s.upbit.pings, 1, "one at open");
    await advance(s.clock, 2000);
    assert.equal(s.upbit.pings, 3, "then one a second");
  });

  it("ends a socket silent for staleAfterMs with a stalled error (code 4000), then reconnects", async () => {
    const s = setup({ config: { staleAfterMs: 2000 } });
    want(s);
    await advance(s.clock, 1900);
    assert.equal(s.errors.length, 0, "not before staleAfterMs");
    assert.equal(s.sockets[0]?.open, true);
    // The watchdog looks every staleAfterMs / 4 = 500 ms.
    await advance(s.clock, 600);
    assert.match(s.errors[0]?.message ?? "", /No frame for \d+ ms: the socket is stalled/);
    assert.equal(s.sockets[0]?.open, false);
    await advance(s.clock, 500);
    assert.equal(s.attempts.length, 2);
    assert.equal(s.connection.state, "open");
  });

  it("counts any frame as life: a socket with frames is never stalled", async () => {
    const s = setup({ config: { staleAfterMs: 2000 } });
    want(s);
    for (let t = 0; t < 6000; t += 1000) {
      await advance(s.clock, 1000);
      s.upbit.send({ status: "UP" });
    }
    assert.equal(s.errors.length, 0);
    assert.equal(s.attempts.length, 1);
    assert.equal(s.connection.info().lastFrameAt, s.clock.now());
  });
});

describe("Session: error frames", () => {
  it("fails exactly the consumer Upbit refused and ends the socket at once", async () => {
    const s = setup({
      answer: (_request, socket) =>
        socket.send({ error: { message: "bad", name: "WRONG_FORMAT" } }),
    });
    const consumer = want(s);
    await advance(s.clock, 100);
    assert.equal(s.refused.length, 1);
    assert.equal(s.refused[0]?.error.serverName, "WRONG_FORMAT");
    assert.deepEqual(s.refused[0]?.consumers, [consumer]);
    assert.equal(s.sockets[0]?.open, false, "closed by the client, not left to Upbit");
  });

  it("ends the socket on TOO_MANY_REQUEST and comes back after a rate-limit wait", async () => {
    let answered = 0;
    const s = setup({
      answer: (_request, socket) => {
        if (answered++ === 0) {
          socket.send({ error: { message: "limit", name: "TOO_MANY_REQUEST" } });
        } else socket.send(tickerFrame({ code: "KRW-BTC" }));
      },
    });
    want(s);
    await advance(s.clock, 100);
    assert.equal(s.serverErrors[0]?.serverName, "TOO_MANY_REQUEST");
    assert.equal(s.sockets[0]?.open, false);
    assert.equal(s.refused.length, 0, "a limit fails no consumer");
    await advance(s.clock, 2500);
    // max(0, maxDelayMs / 2) + random × maxDelayMs = 1000 + 0.5 × 2000 after the close.
    assert.equal(s.attempts.length, 2);
    assert.ok(s.attempts[1]! - s.attempts[0]! >= 2000, String(s.attempts));
    assert.equal(s.connection.state, "open");
  });
});
