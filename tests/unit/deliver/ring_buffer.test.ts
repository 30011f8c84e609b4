import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { OverflowError } from "../../../src/errors.ts";
import { drain, make, type Tick } from "./_subscription.ts";

describe("Subscription: overflow", () => {
  it("defaults to 1024 events and drop-oldest", async () => {
    const { sub } = make<number>();
    for (let i = 0; i < 1030; i++) sub.push(i);
    assert.equal(sub.buffered, 1024);
    assert.equal(sub.dropped, 6);
    sub.end();
    const got = await drain(sub);
    assert.equal(got[0], 6);
    assert.equal(got.at(-1), 1029);
  });

  it('"drop-oldest" discards the oldest buffered events and counts them', async () => {
    const { sub } = make<number>({ bufferSize: 3, overflow: "drop-oldest" });
    for (let i = 1; i <= 5; i++) sub.push(i);
    assert.equal(sub.dropped, 2);
    sub.end();
    assert.deepEqual(await drain(sub), [3, 4, 5]);
  });

  it('"latest" replaces the buffered event of the same key in place', async () => {
    const { sub } = make<Tick>({ bufferSize: 3, overflow: "latest", keyOf: (t) => t.code });
    sub.push({ code: "A", n: 1 });
    sub.push({ code: "B", n: 1 });
    sub.push({ code: "A", n: 2 });
    sub.push({ code: "A", n: 3 });
    assert.equal(sub.buffered, 2);
    assert.equal(sub.dropped, 2);
    const it = sub[Symbol.asyncIterator]();
    assert.deepEqual(await it.next(), { value: { code: "A", n: 3 }, done: false });
    sub.push({ code: "A", n: 4 }); // A was read: appended after B, not merged
    sub.push({ code: "B", n: 2 });
    sub.end();
    assert.deepEqual(await drain({ [Symbol.asyncIterator]: () => it }), [
      { code: "B", n: 2 },
      { code: "A", n: 4 },
    ]);
    assert.equal(sub.dropped, 3);
  });

  it('"latest" drops the oldest key when distinct keys exceed bufferSize', async () => {
    const { sub } = make<Tick>({ bufferSize: 2, overflow: "latest", keyOf: (t) => t.code });
    sub.push({ code: "A", n: 1 });
    sub.push({ code: "B", n: 1 });
    sub.push({ code: "C", n: 1 }); // A dropped
    sub.push({ code: "B", n: 2 }); // replaces B
    sub.push({ code: "A", n: 2 }); // B dropped (oldest), A appended
    assert.equal(sub.dropped, 3);
    sub.end();
    assert.deepEqual(await drain(sub), [{ code: "C", n: 1 }, { code: "A", n: 2 }]);
  });

  it('"latest" keeps its key index right across growth and wrap-around', async () => {
    const { sub } = make<Tick>({ bufferSize: 40, overflow: "latest", keyOf: (t) => t.code });
    const it = sub[Symbol.asyncIterator]();
    for (let round = 0; round < 5; round++) {
      for (let k = 0; k < 30; k++) sub.push({ code: `K${k}`, n: round });
      for (let k = 0; k < 30; k++) sub.push({ code: `K${k}`, n: round + 100 });
      for (let k = 0; k < 30; k++) {
        assert.deepEqual(await it.next(), {
          value: { code: `K${k}`, n: round + 100 },
          done: false,
        });
      }
    }
    assert.equal(sub.dropped, 150);
  });

  it('"latest" without keyOf keeps only the newest event', async () => {
    const { sub } = make<number>({ overflow: "latest" });
    for (let i = 0; i < 10; i++) sub.push(i);
    assert.equal(sub.dropped, 9);
    sub.end();
    assert.deepEqual(await drain(sub), [9]);
  });

  it('"error" fails with OverflowError after yielding the buffer', async () => {
    const { sub, onClose } = make<number>({ bufferSize: 2, overflow: "error" });
    sub.push(1);
    sub.push(2);
    sub.push(3);
    assert.equal(sub.closed, true);
    assert.equal(sub.dropped, 1);
    assert.equal(onClose.mock.callCount(), 1);
    const it = sub[Symbol.asyncIterator]();
    assert.deepEqual(await it.next(), { value: 1, done: false });
    assert.deepEqual(await it.next(), { value: 2, done: false });
    await assert.rejects(it.next(), (e: unknown) => {
      assert.ok(e instanceof OverflowError);
      assert.equal(e.code, "OVERFLOW");
      assert.equal(e.message, "Cannot buffer more events as the limit is 2");
      return true;
    });
  });

});
