import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { createSubscriptionFinalizer } from "../../../src/deliver/finalizer.ts";
import { Subscription } from "../../../src/deliver/subscription.ts";
import { countingSignal, drain, make } from "./_subscription.ts";

const hasUsingSyntax = ((): boolean => {
  try {
    new Function("d", "{ using x = d; }");
    return true;
  } catch {
    return false;
  }
})();

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
