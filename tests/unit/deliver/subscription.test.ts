import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { OverflowError } from "../../../src/errors.ts";
import {
  createSubscriptionFinalizer,
  Subscription,
  type SubscriptionInit,
} from "../../../src/deliver/subscription.ts";
import { collectUntil, findGc } from "../../_helpers/gc.ts";

const gc = await findGc();
const hasUsingSyntax = ((): boolean => {
  try {
    new Function("d", "{ using x = d; }");
    return true;
  } catch {
    return false;
  }
})();

interface Tick {
  code: string;
  n: number;
}

/** A subscription whose onClose/onError are mocks; errors fail the test unless expected. */
function make<E>(init: Partial<SubscriptionInit<E>> = {}) {
  const onClose = mock.fn();
  const onError = mock.fn((_error: unknown) => {});
  const sub = new Subscription<E>({ onClose, onError, ...init });
  return { sub, onClose, onError };
}

async function drain<E>(sub: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const e of sub) out.push(e);
  return out;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

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

describe("Subscription: end, fail, close", () => {
  it("end() calls onClose at once, drains the buffer, then finishes", async () => {
    const { sub, onClose } = make<number>();
    sub.push(1);
    sub.push(2);
    sub.end();
    assert.equal(onClose.mock.callCount(), 1);
    assert.equal(sub.closed, true);
    sub.push(3); // ignored after end()
    assert.equal(sub.buffered, 2);
    assert.deepEqual(await drain(sub), [1, 2]);
    assert.equal(onClose.mock.callCount(), 1);
  });

  it("end() resolves a pending next() as done", async () => {
    const { sub } = make<number>();
    const pending = sub[Symbol.asyncIterator]().next();
    sub.end();
    assert.deepEqual(await pending, { value: undefined, done: true });
  });

  it("fail() drains the buffer, then next() rejects once, then done", async () => {
    const { sub, onClose, onError } = make<number>();
    sub.push(1);
    sub.push(2);
    const error = new Error("socket gone");
    sub.fail(error);
    assert.equal(onClose.mock.callCount(), 1);
    const it = sub[Symbol.asyncIterator]();
    assert.deepEqual(await it.next(), { value: 1, done: false });
    assert.deepEqual(await it.next(), { value: 2, done: false });
    await assert.rejects(it.next(), (e) => e === error);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
    assert.equal(onError.mock.callCount(), 0, "iterator mode reports through next()");
  });

  it("fail() rejects a pending next(); other pending calls resolve done", async () => {
    const { sub } = make<number>();
    const it = sub[Symbol.asyncIterator]();
    const a = it.next();
    const b = it.next();
    const error = new Error("boom");
    sub.fail(error);
    await assert.rejects(a, (e) => e === error);
    assert.deepEqual(await b, { value: undefined, done: true });
  });

  it("fail() after end() is ignored", async () => {
    const { sub, onClose } = make<number>();
    sub.push(1);
    sub.end();
    sub.fail(new Error("late"));
    assert.deepEqual(await drain(sub), [1]);
    assert.equal(onClose.mock.callCount(), 1);
  });

  it("close() during a pending next() resolves it done, drops the buffer, onClose once", async () => {
    const { sub, onClose } = make<number>();
    const it = sub[Symbol.asyncIterator]();
    const pending = it.next();
    sub.close();
    sub.close();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.equal(onClose.mock.callCount(), 1);
    sub.push(9);
    assert.equal(sub.buffered, 0);
    assert.deepEqual(await it.next(), { value: undefined, done: true });
  });

  it("close() drops what end() or fail() left buffered", async () => {
    const { sub } = make<number>();
    sub.push(1);
    sub.fail(new Error("x"));
    sub.close();
    assert.equal(sub.buffered, 0);
    assert.deepEqual(await drain(sub), []);
  });

  it("an onClose that throws is reported to onError, and close() does not throw", () => {
    const error = new Error("unsubscribe failed");
    const onError = mock.fn((_error: unknown) => {});
    const sub = new Subscription<number>({
      onClose: () => {
        throw error;
      },
      onError,
    });
    sub.close();
    assert.equal(onError.mock.callCount(), 1);
    assert.equal(onError.mock.calls[0]?.arguments[0], error);
  });

  it(
    hasUsingSyntax
      ? "using and await using call close()"
      : "using and await using call close() (runtime lacks `using` syntax: calls Symbol.dispose and Symbol.asyncDispose as the syntax would)",
    async () => {
      const a = make<number>();
      const b = make<number>();
      if (hasUsingSyntax) {
        const { leaveAwaitUsingBlock, leaveUsingBlock } = await import("../../_helpers/using.ts");
        leaveUsingBlock(a.sub);
        await leaveAwaitUsingBlock(b.sub);
      } else {
        a.sub[Symbol.dispose]();
        await b.sub[Symbol.asyncDispose]();
      }
      assert.equal(a.onClose.mock.callCount(), 1);
      assert.equal(a.sub.closed, true);
      assert.equal(b.onClose.mock.callCount(), 1);
      assert.equal(b.sub.closed, true);
    },
  );
});

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

  it("validates bufferSize with a RangeError that quotes the value", () => {
    for (const bad of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      assert.throws(() => new Subscription<number>({ onClose() {}, bufferSize: bad }), {
        name: "RangeError",
        message:
          `Cannot create a subscription as bufferSize must be an integer >= 1: current value is ${
            String(bad)
          }`,
      });
    }
    assert.throws(
      () => new Subscription<number>({ onClose() {}, bufferSize: "8" as unknown as number }),
      { name: "RangeError", message: /current value is "8"$/ },
    );
    assert.equal(new Subscription<number>({ onClose() {}, bufferSize: 1 }).buffered, 0);
  });

  it("validates overflow, onClose, callback, keyOf and signal with TypeErrors", () => {
    assert.throws(
      () => new Subscription({ onClose() {}, overflow: "newest" as "latest" }),
      {
        name: "TypeError",
        message:
          'Cannot create a subscription as overflow must be "drop-oldest", "latest" or "error": current value is "newest"',
      },
    );
    assert.throws(() => new Subscription({} as SubscriptionInit<number>), {
      name: "TypeError",
      message:
        "Cannot create a subscription as onClose must be a function: current value is undefined",
    });
    assert.throws(
      () => new Subscription({ onClose() {}, callback: 1 as unknown as () => void }),
      { name: "TypeError", message: /callback must be a function: current value is 1$/ },
    );
    assert.throws(
      () => new Subscription({ onClose() {}, keyOf: "code" as unknown as () => string }),
      { name: "TypeError", message: /keyOf must be a function: current value is "code"$/ },
    );
    assert.throws(
      () => new Subscription({ onClose() {}, signal: {} as AbortSignal }),
      { name: "TypeError", message: /signal must be an AbortSignal/ },
    );
  });
});

describe("Subscription: signal", () => {
  it("an already-aborted signal closes at once", async () => {
    const onClose = mock.fn();
    const sub = new Subscription<number>({ onClose, signal: AbortSignal.abort() });
    assert.equal(sub.closed, true);
    assert.equal(onClose.mock.callCount(), 1);
    sub.push(1);
    assert.deepEqual(await drain(sub), []);
  });

  it("aborting later closes, resolving a pending next() as done", async () => {
    const controller = new AbortController();
    const { sub, onClose } = make<number>({ signal: controller.signal });
    const pending = sub[Symbol.asyncIterator]().next();
    controller.abort();
    assert.deepEqual(await pending, { value: undefined, done: true });
    assert.equal(onClose.mock.callCount(), 1);
    controller.abort();
    sub.close();
    assert.equal(onClose.mock.callCount(), 1);
  });

  for (const withFinalizer of [false, true]) {
    it(
      `10,000 subscriptions on one signal leave no listener behind${
        withFinalizer ? " (with a finalizer)" : ""
      }`,
      () => {
        const controller = new AbortController();
        const { signal, live, added } = countingSignal(controller);
        const finalizer = createSubscriptionFinalizer();
        const subs: Subscription<number>[] = [];
        for (let i = 0; i < 10_000; i++) {
          subs.push(
            new Subscription<number>({
              onClose() {},
              signal,
              ...(withFinalizer ? { finalizer } : {}),
            }),
          );
        }
        assert.equal(added(), 10_000);
        assert.equal(live(), 10_000);
        for (const sub of subs) sub.close();
        assert.equal(live(), 0);
        assert.equal(finalizer.registered, 0);
        controller.abort(); // nothing left to call
        assert.equal(added(), 10_000);
      },
    );
  }
});

/** Wraps a real AbortSignal's add/removeEventListener to count live "abort" listeners. */
function countingSignal(controller: AbortController) {
  const signal = controller.signal;
  const listeners = new Set<unknown>();
  let added = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((type: string, listener: () => void, options?: unknown) => {
    if (type === "abort") {
      added++;
      listeners.add(listener);
    }
    add(type, listener, options as AddEventListenerOptions);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((type: string, listener: () => void, options?: unknown) => {
    if (type === "abort") listeners.delete(listener);
    remove(type, listener, options as EventListenerOptions);
  }) as typeof signal.removeEventListener;
  return { signal, live: () => listeners.size, added: () => added };
}

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

  it("fail() calls onError(error), then closes (onClose once)", () => {
    const order: string[] = [];
    const error = new Error("fatal");
    const sub = new Subscription<number>({
      callback() {},
      onError: (e) => order.push(e === error ? "onError" : "other"),
      onClose: () => order.push("onClose"),
    });
    sub.fail(error);
    sub.close();
    assert.deepEqual(order, ["onError", "onClose"]);
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

describe("Subscription: garbage collection", () => {
  it("register/unregister are balanced by close(), end() and fail()", () => {
    const finalizer = createSubscriptionFinalizer();
    assert.equal(finalizer.supported, true);
    const subs = [0, 1, 2].map(() => new Subscription<number>({ onClose() {}, finalizer }));
    assert.equal(finalizer.registered, 3);
    subs[0]?.close();
    subs[1]?.end();
    subs[2]?.fail(new Error("x"));
    assert.equal(finalizer.registered, 0);
  });

  it("register() refuses a second registration and a non-function", () => {
    const finalizer = createSubscriptionFinalizer();
    const token = {};
    finalizer.register(token, () => {});
    assert.throws(() => finalizer.register(token, () => {}), { name: "TypeError" });
    assert.throws(() => finalizer.register({}, 1 as unknown as () => void), {
      name: "TypeError",
      message: /current value is 1$/,
    });
  });

  it("retains a callback subscription and a waiting iterator until they stop", async () => {
    const finalizer = createSubscriptionFinalizer();
    const cb = new Subscription<number>({ onClose() {}, finalizer, callback() {} });
    assert.equal(finalizer.retained, 1);
    assert.equal(finalizer.registered, 0);
    cb.close();
    assert.equal(finalizer.retained, 0);
    const sub = new Subscription<number>({ onClose() {}, finalizer });
    const it = sub[Symbol.asyncIterator]();
    const pending = it.next();
    assert.equal(finalizer.retained, 1);
    sub.push(1);
    assert.equal(finalizer.retained, 0);
    await pending;
    const again = it.next();
    assert.equal(finalizer.retained, 1);
    sub.close();
    assert.equal(finalizer.retained, 0);
    assert.deepEqual(await again, { value: undefined, done: true });
  });

  if (gc !== undefined) {
    const forceGc = gc;

    it("an unreachable subscription calls onClose and removes its signal listener (forced GC)", async () => {
      const finalizer = createSubscriptionFinalizer();
      const onClose = mock.fn();
      const controller = new AbortController();
      const { signal, live } = countingSignal(controller);
      ((): void => {
        const sub = new Subscription<number>({ onClose, finalizer, signal });
        sub.push(1);
        sub[Symbol.asyncIterator]();
      })();
      assert.equal(live(), 1);
      await collectUntil(forceGc, () => onClose.mock.callCount() > 0);
      assert.equal(onClose.mock.callCount(), 1);
      assert.equal(finalizer.registered, 0);
      assert.equal(live(), 0);
    });

    it("a pending next() keeps an otherwise unreachable subscription alive (forced GC)", async () => {
      const finalizer = createSubscriptionFinalizer();
      const onClose = mock.fn();
      const { ref, pending } = ((): {
        ref: WeakRef<Subscription<number>>;
        pending: Promise<IteratorResult<number>>;
      } => {
        const sub = new Subscription<number>({ onClose, finalizer });
        return { ref: new WeakRef(sub), pending: sub[Symbol.asyncIterator]().next() };
      })();
      await collectUntil(forceGc, () => onClose.mock.callCount() > 0, 10);
      assert.equal(onClose.mock.callCount(), 0, "collected while a consumer was waiting");
      ref.deref()?.push(42);
      assert.deepEqual(await pending, { value: 42, done: false });
      await collectUntil(forceGc, () => onClose.mock.callCount() > 0);
      assert.equal(onClose.mock.callCount(), 1, "not collected once nobody waits");
      assert.equal(ref.deref(), undefined);
      assert.equal(finalizer.retained, 0);
    });
  } else {
    it("registers an unclosed subscription for collection (GC cannot be forced on this runtime: asserts registration instead)", () => {
      const finalizer = createSubscriptionFinalizer();
      ((): void => {
        new Subscription<number>({ onClose() {}, finalizer });
      })();
      assert.equal(finalizer.registered, finalizer.supported ? 1 : 0);
    });
  }
});
