import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { OverflowError } from "../../../src/errors.ts";
import { RingBuffer } from "../../../src/deliver/ring_buffer.ts";
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

describe("RingBuffer", () => {
  it('"drop-oldest" always accepts, keeps the newest `limit` events in order, counts the rest', () => {
    const buffer = new RingBuffer<number>({ limit: 3, overflow: "drop-oldest" });
    for (let i = 1; i <= 5; i++) assert.equal(buffer.push(i), true);
    assert.equal(buffer.size, 3);
    assert.equal(buffer.dropped, 2);
    assert.deepEqual([buffer.shift(), buffer.shift(), buffer.shift()], [3, 4, 5]);
    assert.equal(buffer.size, 0);
  });

  it('"drop-oldest" keeps order across growth past the first allocation and wrap-around', () => {
    const buffer = new RingBuffer<number>({ limit: 40, overflow: "drop-oldest" });
    const model: number[] = [];
    for (let i = 0; i < 1000; i++) {
      buffer.push(i);
      model.push(i);
      if (model.length > 40) model.shift();
      if (i % 7 === 0) assert.equal(buffer.shift(), model.shift());
      assert.equal(buffer.size, model.length);
    }
    const rest: number[] = [];
    while (buffer.size !== 0) rest.push(buffer.shift());
    assert.deepEqual(rest, model);
  });

  it('"latest" replaces the event of a buffered key in place and appends a new or shifted key', () => {
    const buffer = new RingBuffer<Tick>({ limit: 4, overflow: "latest", keyOf: (t) => t.code });
    buffer.push({ code: "A", n: 1 });
    buffer.push({ code: "B", n: 1 });
    buffer.push({ code: "A", n: 2 }); // replaces A in place: A stays first
    assert.equal(buffer.size, 2);
    assert.equal(buffer.dropped, 1);
    assert.deepEqual(buffer.shift(), { code: "A", n: 2 });
    buffer.push({ code: "A", n: 3 }); // A was shifted out: appended after B
    assert.deepEqual([buffer.shift(), buffer.shift()], [{ code: "B", n: 1 }, { code: "A", n: 3 }]);
  });

  it('"latest" drops the oldest key when more distinct keys than `limit` arrive', () => {
    const buffer = new RingBuffer<Tick>({ limit: 2, overflow: "latest", keyOf: (t) => t.code });
    assert.equal(buffer.push({ code: "A", n: 1 }), true);
    buffer.push({ code: "B", n: 1 });
    assert.equal(buffer.push({ code: "C", n: 1 }), true); // A dropped
    assert.equal(buffer.dropped, 1);
    buffer.push({ code: "A", n: 2 }); // B dropped; A is a new key again
    assert.deepEqual([buffer.shift(), buffer.shift()], [{ code: "C", n: 1 }, { code: "A", n: 2 }]);
    assert.equal(buffer.dropped, 2);
  });

  it('"latest" gives an event whose keyOf throws the key "" and reports the error', () => {
    const errors: unknown[] = [];
    const failure = new Error("no code");
    const buffer = new RingBuffer<Tick>({
      limit: 4,
      overflow: "latest",
      keyOf: (t) => {
        if (t.n < 0) throw failure;
        return t.code;
      },
      onKeyError: (error) => errors.push(error),
    });
    buffer.push({ code: "A", n: -1 });
    buffer.push({ code: "B", n: -2 }); // same key "": replaces the first
    buffer.push({ code: "A", n: 1 });
    assert.deepEqual(errors, [failure, failure]);
    assert.equal(buffer.size, 2);
    assert.deepEqual(buffer.shift(), { code: "B", n: -2 });
  });

  it('"error" refuses an event when full, counts it, and keeps what it holds', () => {
    const buffer = new RingBuffer<number>({ limit: 2, overflow: "error" });
    assert.equal(buffer.push(1), true);
    assert.equal(buffer.push(2), true);
    assert.equal(buffer.push(3), false);
    assert.equal(buffer.dropped, 1);
    assert.deepEqual([buffer.shift(), buffer.shift()], [1, 2]);
    assert.equal(buffer.push(4), true);
  });

  it("clear() empties the ring without counting drops, and it grows again afterwards", () => {
    const buffer = new RingBuffer<number>({ limit: 20, overflow: "latest" });
    buffer.push(1);
    buffer.clear();
    assert.equal(buffer.size, 0);
    assert.equal(buffer.dropped, 0);
    buffer.push(2);
    buffer.push(3); // same key "": replaces 2
    assert.equal(buffer.size, 1);
    assert.equal(buffer.shift(), 3);
    const plain = new RingBuffer<number>({ limit: 20, overflow: "drop-oldest" });
    plain.push(1);
    plain.clear();
    for (let i = 0; i < 25; i++) plain.push(i);
    assert.equal(plain.size, 20);
    assert.equal(plain.shift(), 5);
    assert.equal(plain.limit, 20);
  });
});
