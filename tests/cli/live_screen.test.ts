import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { liveScreen } from "../../cli/live_screen.ts";
import { HIDE_CURSOR, redraw, SHOW_CURSOR } from "../../cli/format/terminal.ts";
import type { Io } from "../../cli/runtime.ts";

/** An adapter that keeps what was written; nothing else is used by the screen. */
function screenIo(): Io & { writes: string[] } {
  const writes: string[] = [];
  const refuse = () => Promise.reject(new Error("not used"));
  return {
    writes,
    args: [],
    env: () => undefined,
    isTty: true,
    columns: () => 80,
    write(text: string) {
      writes.push(text);
      return Promise.resolve();
    },
    error() {},
    onSignal: () => () => {},
    readText: refuse,
    createFile: refuse,
    exit: refuse,
  };
}

// The loop's tick is far away so that only start, changed and stop draw (no timed test).
const FAR = 3_600_000;

describe("liveScreen: the one redraw loop of the live views", () => {
  it("hides the cursor and draws at once; on stop draws the last frame and shows the cursor", async () => {
    const io = screenIo();
    let n = 0;
    const screen = liveScreen(io, () => [`frame ${++n}`, "second line"], {
      tickMs: FAR,
      idleMs: 0,
      eager: false,
    });
    await screen.start();
    assert.deepEqual(io.writes, [HIDE_CURSOR, redraw(0, ["frame 1", "second line"])]);
    screen.changed(); // not eager: waits for the tick
    await new Promise((r) => setImmediate(r));
    assert.equal(io.writes.length, 2);
    await screen.stop();
    assert.deepEqual(io.writes.slice(2), [redraw(2, ["frame 2", "second line"]), SHOW_CURSOR]);
  });

  it("redraws after each change when eager, one draw at a time, over the previous frame", async () => {
    const io = screenIo();
    const lines = [["a"], ["a", "b"], ["c"]];
    let i = 0;
    const screen = liveScreen(io, () => lines[Math.min(i++, 2)]!, {
      tickMs: FAR,
      idleMs: 0,
      eager: true,
    });
    await screen.start();
    screen.changed();
    screen.changed();
    await screen.stop();
    assert.deepEqual(io.writes, [
      HIDE_CURSOR,
      redraw(0, ["a"]),
      redraw(1, ["a", "b"]),
      redraw(2, ["c"]),
      redraw(1, ["c"]),
      SHOW_CURSOR,
    ]);
  });

  it("passes the time to render and drops a failing draw at stop", async () => {
    const io = screenIo();
    const seen: number[] = [];
    let fail = false;
    const screen = liveScreen(io, (now) => {
      seen.push(now);
      if (fail) throw new Error("stdout closed");
      return ["x"];
    }, { tickMs: FAR, idleMs: 500, eager: false });
    await screen.start();
    fail = true;
    await screen.stop();
    assert.equal(seen.length, 2);
    assert.ok(seen.every((t) => Number.isFinite(t) && t > 0));
    assert.deepEqual(io.writes, [HIDE_CURSOR, redraw(0, ["x"]), SHOW_CURSOR]);
  });
});
