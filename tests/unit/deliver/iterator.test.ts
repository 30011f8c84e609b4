import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DONE, iteratorOf, PendingReads } from "../../../src/deliver/iterator.ts";
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

describe("PendingReads", () => {
  it("deliver() resolves the oldest waiting read, and returns false when none waits", async () => {
    const reads = new PendingReads<number>();
    assert.equal(reads.waiting, false);
    assert.equal(reads.deliver(0), false);
    const a = reads.wait();
    const b = reads.wait();
    const c = reads.wait();
    assert.equal(reads.waiting, true);
    assert.equal(reads.deliver(1), true);
    assert.equal(reads.deliver(2), true);
    assert.equal(reads.waiting, true);
    assert.equal(reads.deliver(3), true);
    assert.equal(reads.waiting, false);
    assert.deepEqual(await Promise.all([a, b, c]), [
      { value: 1, done: false },
      { value: 2, done: false },
      { value: 3, done: false },
    ]);
  });

  it("finish() resolves every read done, or rejects only the oldest when failed", async () => {
    const reads = new PendingReads<number>();
    const a = reads.wait();
    const b = reads.wait();
    reads.finish(false, undefined);
    assert.equal(reads.waiting, false);
    assert.deepEqual(await Promise.all([a, b]), [DONE, DONE]);
    const error = new Error("gone");
    const c = reads.wait();
    const d = reads.wait();
    const e = reads.wait();
    reads.finish(true, error);
    await assert.rejects(c, (reason) => reason === error);
    assert.deepEqual(await Promise.all([d, e]), [DONE, DONE]);
    assert.equal(reads.deliver(4), false);
  });

  it("a read made after finish() waits for the next event", async () => {
    const reads = new PendingReads<number>();
    reads.finish(false, undefined);
    const a = reads.wait();
    reads.deliver(5);
    assert.deepEqual(await a, { value: 5, done: false });
  });
});

describe("iteratorOf", () => {
  it("reads through next, closes through return(), and is its own iterable", async () => {
    let closed = 0;
    const it = iteratorOf(() => Promise.resolve({ value: "x", done: false }), () => closed++);
    assert.equal(it[Symbol.asyncIterator](), it);
    assert.deepEqual(await it.next(), { value: "x", done: false });
    assert.equal(await it.return?.(), DONE);
    assert.equal(closed, 1);
  });

  it("DONE is frozen", () => {
    assert.equal(Object.isFrozen(DONE), true);
    assert.deepEqual(DONE, { value: undefined, done: true });
  });
});
