import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Readiness } from "../../../src/deliver/ready.ts";

/** A Readiness whose hold calls are recorded. */
function make(): { readiness: Readiness; holds: boolean[] } {
  const holds: boolean[] = [];
  return { readiness: new Readiness((held) => holds.push(held)), holds };
}

describe("Readiness", () => {
  it("markReady() before anyone reads: resolves, and nothing was held", async () => {
    const { readiness, holds } = make();
    readiness.markReady();
    await readiness.promise;
    assert.deepEqual(holds, []);
  });

  it("read while pending: held until markReady(), then released and resolved", async () => {
    const { readiness, holds } = make();
    const promise = readiness.promise;
    assert.equal(readiness.promise, promise, "one promise");
    assert.deepEqual(holds, [true]);
    readiness.markReady();
    assert.deepEqual(holds, [true, false]);
    await promise;
    readiness.markReady();
    assert.deepEqual(holds, [true, false]);
  });

  it("runs confirm only once someone reads the promise, and resolves after it", async () => {
    const { readiness } = make();
    let confirmed = 0;
    let finish = (): void => {};
    readiness.markReady(() => {
      confirmed++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    assert.equal(confirmed, 0, "nobody asked: no round trip");
    let resolved = false;
    const promise = readiness.promise.then(() => (resolved = true));
    assert.equal(confirmed, 1);
    await Promise.resolve();
    assert.equal(resolved, false);
    finish();
    await promise;
    assert.equal(resolved, true);
  });

  it("runs confirm at once when the promise was already read", async () => {
    const { readiness, holds } = make();
    const promise = readiness.promise;
    let confirmed = 0;
    readiness.markReady(() => {
      confirmed++;
      return Promise.resolve();
    });
    assert.equal(confirmed, 1);
    await promise;
    assert.deepEqual(holds, [true, false]);
  });

  it("fail() rejects (never unhandled), drops a waiting confirm, and is ignored once ready", async () => {
    const { readiness } = make();
    let confirmed = 0;
    readiness.markReady(() => {
      confirmed++;
      return Promise.resolve();
    });
    const error = new Error("closed first");
    readiness.fail(error);
    await assert.rejects(readiness.promise, (reason) => reason === error);
    assert.equal(confirmed, 0);
    readiness.markReady();
    await assert.rejects(readiness.promise, (reason) => reason === error);

    const ready = make().readiness;
    ready.markReady();
    ready.fail(new Error("late"));
    await ready.promise;
  });

  it("fail() while read releases the hold", async () => {
    const { readiness, holds } = make();
    const promise = readiness.promise;
    readiness.fail(new Error("x"));
    assert.deepEqual(holds, [true, false]);
    await assert.rejects(promise);
  });
});
