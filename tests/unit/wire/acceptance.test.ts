/**
 * `RequestAcceptance` (`src/wire/acceptance.ts`) on a fake clock: when a request counts as
 * accepted (the grace period, or the first frame after a socket's first request), and when a
 * persisting `TOO_MANY_REQUEST` is read as a refusal of the request's content.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { RequestAcceptance } from "../../../src/wire/acceptance.ts";
import { fakeClock } from "../../_helpers/fake_clock.ts";

function setup() {
  const clock = fakeClock();
  const live = new Set<object>();
  let steps = 0;
  const acceptance = new RequestAcceptance({
    clock,
    acceptAfterMs: 1000,
    registry: { has: (c) => live.has(c), needsRequest: () => false },
    onAccepted: () => void steps++,
  });
  const consumer = () => {
    const c = {};
    live.add(c);
    return c;
  };
  return { clock, acceptance, consumer, steps: () => steps };
}

describe("RequestAcceptance", () => {
  it("accepts a request after acceptAfterMs without an error frame", () => {
    const { clock, acceptance, consumer } = setup();
    const a = consumer();
    const b = consumer();
    acceptance.newSocket();
    acceptance.sent(new Set([a]));
    clock.tick(999);
    acceptance.sent(new Set([a, b]));
    // `a` was not accepted yet: both are suspects, and the search splits them.
    assert.deepEqual(acceptance.refused(), { culprits: [], attributed: true });

    const t = setup();
    const c = t.consumer();
    const d = t.consumer();
    t.acceptance.newSocket();
    t.acceptance.sent(new Set([c]));
    t.clock.tick(1000);
    t.acceptance.sent(new Set([c, d]));
    // `c` was accepted: the newcomer alone is blamed.
    assert.deepEqual(t.acceptance.refused(), { culprits: [d], attributed: true });
  });

  it("accepts the first request of a socket on the first frame after it", () => {
    const { acceptance, consumer } = setup();
    const a = consumer();
    const b = consumer();
    acceptance.newSocket();
    acceptance.sent(new Set([a]));
    acceptance.frameArrived();
    acceptance.sent(new Set([a, b]));
    assert.deepEqual(acceptance.refused(), { culprits: [b], attributed: true });
  });

  it("does not take a frame after a socket's second request as its answer", () => {
    const { acceptance, consumer } = setup();
    const a = consumer();
    const b = consumer();
    acceptance.newSocket();
    acceptance.sent(new Set([a]));
    acceptance.frameArrived();
    acceptance.sent(new Set([a, b]));
    acceptance.frameArrived();
    assert.deepEqual(acceptance.refused(), { culprits: [b], attributed: true });
  });

  it("reads the third TOO_MANY_REQUEST in a row as a refusal, once a set was accepted", () => {
    const { clock, acceptance, consumer } = setup();
    const a = consumer();
    acceptance.newSocket();
    acceptance.sent(new Set([a]));
    assert.equal(acceptance.limitPersists("TOO_MANY_REQUEST"), false, "no set known good");
    clock.tick(1000);
    acceptance.sent(new Set([a, consumer()]));
    assert.equal(acceptance.limitPersists("TOO_MANY_REQUEST"), false);
    assert.equal(acceptance.limitPersists("TOO_MANY_REQUEST"), false);
    assert.equal(acceptance.limitPersists("Too Many Requests"), false, "the IP limit never is");
    assert.equal(acceptance.limitPersists("TOO_MANY_REQUEST"), true);
  });
});
