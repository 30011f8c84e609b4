import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import {
  closeOnAbort,
  closeOnAbortWeakly,
  collector,
  createSubscriptionFinalizer,
} from "../../../src/deliver/finalizer.ts";
import { Subscription } from "../../../src/deliver/subscription.ts";
import { collectUntil, findGc } from "../../_helpers/gc.ts";
import { countingSignal } from "./_subscription.ts";

const gc = await findGc();

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

describe("createSubscriptionFinalizer: retain and release", () => {
  it("counts each held object once, whatever the order of calls", () => {
    const finalizer = createSubscriptionFinalizer();
    const a = {};
    const b = {};
    finalizer.release(a); // never held: nothing to undo
    finalizer.retain(a);
    finalizer.retain(a);
    finalizer.retain(b);
    assert.equal(finalizer.retained, 2);
    finalizer.release(a);
    finalizer.release(a);
    assert.equal(finalizer.retained, 1);
    finalizer.unregister(b); // not registered: still held
    assert.equal(finalizer.retained, 1);
    finalizer.release(b);
    assert.equal(finalizer.retained, 0);
    finalizer.retain(b); // released and unregistered: can be held again
    assert.equal(finalizer.retained, 1);
  });

  it("churning one subscription among 1,000 held ones keeps every count right", () => {
    const finalizer = createSubscriptionFinalizer();
    const held = Array.from({ length: 1000 }, () => {
      const sub = new Subscription<number>({ onClose() {}, finalizer, callback() {} });
      return sub;
    });
    const sub = new Subscription<number>({ onClose() {}, finalizer });
    const it = sub[Symbol.asyncIterator]();
    for (let i = 0; i < 10_000; i++) {
      void it.next();
      assert.equal(finalizer.retained, 1001);
      sub.push(i);
      assert.equal(finalizer.retained, 1000);
    }
    assert.equal(finalizer.registered, 1);
    sub.close();
    for (const other of held) other.close();
    assert.equal(finalizer.retained, 0);
    assert.equal(finalizer.registered, 0);
  });

  it("register() after unregister() is allowed; unregister() while held keeps the hold", () => {
    const finalizer = createSubscriptionFinalizer();
    const token = {};
    finalizer.register(token, () => {});
    finalizer.retain(token);
    finalizer.unregister(token);
    assert.equal(finalizer.registered, 0);
    assert.equal(finalizer.retained, 1);
    finalizer.register(token, () => {});
    assert.equal(finalizer.registered, 1);
    finalizer.release(token);
    finalizer.unregister(token);
    assert.deepEqual([finalizer.registered, finalizer.retained], [0, 0]);
  });

  it("a subscription awaiting ready and a pending next() is held once, released when both end", async () => {
    const finalizer = createSubscriptionFinalizer();
    const sub = new Subscription<number>({ onClose() {}, finalizer });
    const ready = sub.ready;
    assert.equal(finalizer.retained, 1);
    const pending = sub[Symbol.asyncIterator]().next();
    assert.equal(finalizer.retained, 1);
    sub.push(1);
    assert.equal(finalizer.retained, 1, "still held for ready");
    sub.markReady();
    assert.equal(finalizer.retained, 0);
    await ready;
    assert.deepEqual(await pending, { value: 1, done: false });
  });
});

describe("abort listeners and the collector", () => {
  it("closeOnAbort and closeOnAbortWeakly close their subscription", () => {
    let closed = 0;
    const target = { close: () => closed++ };
    closeOnAbort(target)();
    closeOnAbortWeakly(new WeakRef(target))();
    assert.equal(closed, 2);
  });

  it("the collector removes the abort listener, then calls onClose", () => {
    const controller = new AbortController();
    const { signal, live } = countingSignal(controller);
    const onAbort = (): void => {};
    signal.addEventListener("abort", onAbort);
    const onClose = mock.fn();
    collector(onClose, undefined, signal, onAbort)();
    assert.equal(live(), 0);
    assert.equal(onClose.mock.callCount(), 1);
  });

  it("the collector hands a throwing onClose to onError, or throws without one", () => {
    const error = new Error("unsubscribe failed");
    const onError = mock.fn((_error: unknown) => {});
    const throwing = (): void => {
      throw error;
    };
    collector(throwing, onError, undefined, undefined)();
    assert.equal(onError.mock.calls[0]?.arguments[0], error);
    assert.throws(() => collector(throwing, undefined, undefined, undefined)(), (e) => e === error);
  });
});
