import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { createSubscriptionFinalizer } from "../../../src/deliver/finalizer.ts";
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
