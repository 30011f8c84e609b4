/**
 * What a connection's `close()` waits for (`src/wire/closing.ts`): a socket until its `close`
 * event (a second at most), and a loop until it is let go.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Closing } from "../../../src/wire/closing.ts";

/** A socket whose `close` event the test fires. */
class Socket extends EventTarget {
  readyState = 1;
  closedWith: [number, string] | undefined;
  close(code: number, reason: string): void {
    this.closedWith = [code, reason];
    this.readyState = 2;
  }
  fireClose(): void {
    this.readyState = 3;
    this.dispatchEvent(new Event("close"));
  }
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("Closing", () => {
  it("closes a socket and settles once its close event came", async () => {
    const closing = new Closing();
    const socket = new Socket();
    closing.closeSocket(socket as unknown as WebSocket, 4000, "stalled");
    assert.deepEqual(socket.closedWith, [4000, "stalled"]);
    let settled = false;
    void closing.settled().then(() => (settled = true));
    await tick();
    assert.equal(settled, false);
    socket.fireClose();
    await tick();
    assert.equal(settled, true);
  });

  it("leaves a socket that is already closing alone", async () => {
    const closing = new Closing();
    const socket = new Socket();
    socket.readyState = 2;
    closing.closeSocket(socket as unknown as WebSocket, 1000, "x");
    assert.equal(socket.closedWith, undefined);
    await closing.settled();
  });

  it("waits for what was added until it is deleted", async () => {
    const closing = new Closing();
    let end: () => void = () => {};
    const loop = new Promise<void>((resolve) => (end = resolve));
    closing.add(loop);
    let settled = false;
    void closing.settled().then(() => (settled = true));
    await tick();
    assert.equal(settled, false);
    end();
    closing.delete(loop);
    await tick();
    assert.equal(settled, true);
    await closing.settled();
  });
});
