import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { drain, make } from "./_subscription.ts";

describe("Subscription: iteration", () => {
  it("yields pushed events in order", async () => {
    const { sub } = make<number>();
    for (let i = 0; i < 50; i++) sub.push(i);
    assert.equal(sub.buffered, 50);
    sub.end();
    assert.deepEqual(await drain(sub), Array.from({ length: 50 }, (_, i) => i));
  });

  it("push() resolves a pending next() directly, without buffering", async () => {
    const { sub } = make<number>();
    const it = sub[Symbol.asyncIterator]();
    const first = it.next();
    const second = it.next();
    sub.push(1);
    sub.push(2);
    assert.equal(sub.buffered, 0);
    assert.deepEqual(await first, { value: 1, done: false });
    assert.deepEqual(await second, { value: 2, done: false });
  });

  it("keeps order across ring wrap-around and growth (model check)", async () => {
    const { sub } = make<number>({ bufferSize: 37 });
    const it = sub[Symbol.asyncIterator]();
    const model: number[] = [];
    let seed = 12345;
    let next = 0;
    let dropped = 0;
    for (let step = 0; step < 5000; step++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      if (seed % 3 !== 0) {
        sub.push(next);
        model.push(next++);
        if (model.length > 37) {
          model.shift();
          dropped++;
        }
      } else if (model.length > 0) {
        assert.deepEqual(await it.next(), { value: model.shift(), done: false });
      }
      assert.equal(sub.buffered, model.length);
    }
    assert.equal(sub.dropped, dropped);
    assert.ok(dropped > 0, "the sequence must overflow at least once");
  });

  it("a second concurrent iteration throws TypeError", () => {
    const { sub } = make<number>();
    sub[Symbol.asyncIterator]();
    assert.throws(() => sub[Symbol.asyncIterator](), {
      name: "TypeError",
      message:
        "Cannot iterate a subscription as another loop is already iterating it (one consumer per subscription; subscribe again for a second)",
    });
  });

  it("an ended subscription can be iterated again while an earlier loop never read the end", async () => {
    const { sub } = make<number>();
    const first = sub[Symbol.asyncIterator]();
    sub.push(1);
    assert.deepEqual(await first.next(), { value: 1, done: false });
    sub.push(2);
    sub.end(); // e.g. a "snapshot" stream got every snapshot
    // Not "already being iterated": the second loop drains what is left and ends.
    assert.deepEqual(await Array.fromAsync(sub), [2]);
    assert.deepEqual(await first.next(), { value: undefined, done: true });
  });

  it("a new iteration after the subscription closed is allowed and done at once", async () => {
    const { sub } = make<number>();
    const first = sub[Symbol.asyncIterator]();
    sub.close();
    assert.deepEqual(await first.next(), { value: undefined, done: true });
    assert.deepEqual(await sub[Symbol.asyncIterator]().next(), { value: undefined, done: true });
  });

  it("break out of for await calls onClose once and closes", async () => {
    const { sub, onClose } = make<number>();
    sub.push(1);
    sub.push(2);
    for await (const n of sub) {
      assert.equal(n, 1);
      break;
    }
    assert.equal(onClose.mock.callCount(), 1);
    assert.equal(sub.closed, true);
    assert.equal(sub.buffered, 0);
    sub.close();
    assert.equal(onClose.mock.callCount(), 1);
  });

  it("throw out of for await calls onClose once", async () => {
    const { sub, onClose } = make<number>();
    sub.push(1);
    await assert.rejects(async () => {
      for await (const _ of sub) throw new Error("consumer failed");
    }, { message: "consumer failed" });
    assert.equal(onClose.mock.callCount(), 1);
  });
});
