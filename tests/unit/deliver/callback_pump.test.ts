import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { OverflowError } from "../../../src/errors.ts";
import { Subscription } from "../../../src/deliver/subscription.ts";
import { CallbackPump } from "../../../src/deliver/callback_pump.ts";
import { RingBuffer } from "../../../src/deliver/ring_buffer.ts";
import { make, tick } from "./_subscription.ts";

describe("Subscription: callback mode", () => {
  it("calls a synchronous callback inside push(), in order, without buffering", () => {
    const seen: number[] = [];
    const { sub } = make<number>({ callback: (n) => void seen.push(n) });
    sub.push(1);
    assert.deepEqual(seen, [1]);
    sub.push(2);
    sub.push(3);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(sub.buffered, 0);
  });

  it("buffers while an async callback runs and delivers in order after it settles", async () => {
    const seen: number[] = [];
    const gates: (() => void)[] = [];
    const { sub } = make<number>({
      callback: (n) => {
        seen.push(n);
        return new Promise<void>((resolve) => gates.push(resolve));
      },
    });
    sub.push(1);
    sub.push(2);
    sub.push(3);
    assert.deepEqual(seen, [1]);
    assert.equal(sub.buffered, 2);
    gates.shift()?.();
    await tick();
    assert.deepEqual(seen, [1, 2]);
    gates.shift()?.();
    await tick();
    gates.shift()?.();
    await tick();
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(sub.buffered, 0);
    sub.push(4);
    assert.deepEqual(seen, [1, 2, 3, 4], "idle again: delivered synchronously");
  });

  it("applies the overflow policy while an async callback is busy", async () => {
    const seen: number[] = [];
    let release = (): void => {};
    const { sub } = make<number>({
      bufferSize: 2,
      callback: (n) => {
        seen.push(n);
        return n === 1 ? new Promise<void>((resolve) => (release = resolve)) : undefined;
      },
    });
    for (let i = 1; i <= 6; i++) sub.push(i);
    assert.equal(sub.dropped, 3);
    release();
    await tick();
    assert.deepEqual(seen, [1, 5, 6]);
  });

  it("reports a throwing callback to onError and goes on with the next event", () => {
    const seen: number[] = [];
    const { sub, onError } = make<number>({
      callback: (n) => {
        if (n === 2) throw new Error("bad 2");
        seen.push(n);
      },
    });
    sub.push(1);
    assert.doesNotThrow(() => sub.push(2));
    sub.push(3);
    assert.deepEqual(seen, [1, 3]);
    assert.equal(onError.mock.callCount(), 1);
    assert.equal((onError.mock.calls[0]?.arguments[0] as Error).message, "bad 2");
    assert.equal(sub.closed, false);
  });

  it("reports a rejecting callback to onError and goes on with the next event", async () => {
    const seen: number[] = [];
    const { sub, onError } = make<number>({
      callback: async (n) => {
        seen.push(n);
        await Promise.resolve();
        if (n === 1) throw new Error("bad 1");
      },
    });
    sub.push(1);
    sub.push(2);
    await tick();
    assert.deepEqual(seen, [1, 2]);
    assert.equal(onError.mock.callCount(), 1);
    assert.equal((onError.mock.calls[0]?.arguments[0] as Error).message, "bad 1");
  });

  it("fail() closes (onClose once), then calls onError(error) with closed already true", () => {
    const order: string[] = [];
    const error = new Error("fatal");
    const sub: Subscription<number> = new Subscription<number>({
      callback() {},
      onError: (e) => order.push(`${e === error ? "onError" : "other"} closed=${sub.closed}`),
      onClose: () => order.push("onClose"),
    });
    sub.fail(error);
    sub.close();
    assert.deepEqual(order, ["onClose", "onError closed=true"]);
    assert.equal(sub.closed, true);
  });

  it('"error" overflow fails a busy callback subscription with OverflowError', () => {
    const { sub, onError, onClose } = make<number>({
      bufferSize: 1,
      overflow: "error",
      callback: () => new Promise<void>(() => {}),
    });
    sub.push(1);
    sub.push(2);
    sub.push(3);
    assert.equal(sub.closed, true);
    assert.equal(onClose.mock.callCount(), 1);
    assert.ok(onError.mock.calls[0]?.arguments[0] instanceof OverflowError);
    assert.equal(sub.buffered, 0);
  });

  it("end() lets an async callback finish the buffer, then closes", async () => {
    const seen: number[] = [];
    let release = (): void => {};
    const { sub, onClose } = make<number>({
      callback: (n) => {
        seen.push(n);
        return n === 1 ? new Promise<void>((resolve) => (release = resolve)) : undefined;
      },
    });
    sub.push(1);
    sub.push(2);
    sub.end();
    assert.equal(onClose.mock.callCount(), 1);
    sub.push(3);
    release();
    await tick();
    assert.deepEqual(seen, [1, 2]);
  });

  it("close() stops delivery of buffered events", async () => {
    const seen: number[] = [];
    let release = (): void => {};
    const { sub } = make<number>({
      callback: (n) => {
        seen.push(n);
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    sub.push(1);
    sub.push(2);
    sub.close();
    release();
    await tick();
    assert.deepEqual(seen, [1]);
  });

  it("cannot be iterated", () => {
    const { sub } = make<number>({ callback() {} });
    assert.throws(() => sub[Symbol.asyncIterator](), {
      name: "TypeError",
      message: "Cannot iterate a subscription as its events go to a callback",
    });
  });
});

describe("CallbackPump", () => {
  it("drains the buffer synchronously after a synchronous callback", () => {
    const seen: number[] = [];
    const buffer = new RingBuffer<number>({ limit: 8, overflow: "drop-oldest" });
    const pump = new CallbackPump<number>((n) => void seen.push(n), buffer, (e) => {
      throw e;
    });
    buffer.push(2);
    buffer.push(3);
    pump.deliver(1);
    assert.deepEqual(seen, [1, 2, 3]);
    assert.equal(buffer.size, 0);
    assert.equal(pump.busy, false);
  });

  it("is busy while a returned thenable (not only a Promise) is pending", async () => {
    const seen: number[] = [];
    let settle = (): void => {};
    const thenable = {
      then(onFulfilled: () => void): void {
        settle = onFulfilled;
      },
    };
    const buffer = new RingBuffer<number>({ limit: 8, overflow: "drop-oldest" });
    const pump = new CallbackPump<number>(
      (n) => {
        seen.push(n);
        return n === 1 ? thenable : undefined;
      },
      buffer,
      () => {},
    );
    pump.deliver(1);
    assert.equal(pump.busy, true);
    buffer.push(2);
    assert.deepEqual(seen, [1]);
    settle();
    assert.equal(pump.busy, false);
    assert.deepEqual(seen, [1, 2]);
    await tick();
  });

  it("reports a throw and goes on with the buffer", () => {
    const reported: unknown[] = [];
    const seen: number[] = [];
    const buffer = new RingBuffer<number>({ limit: 8, overflow: "drop-oldest" });
    const pump = new CallbackPump<number>(
      (n) => {
        if (n === 1) throw new Error("bad 1");
        seen.push(n);
      },
      buffer,
      (e) => reported.push(e),
    );
    buffer.push(2);
    pump.deliver(1);
    assert.equal(reported.length, 1);
    assert.deepEqual(seen, [2]);
  });
});
