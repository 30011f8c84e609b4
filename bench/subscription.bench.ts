/**
 * push → consumer throughput of {@linkcode Subscription}, in events per second, on any runtime:
 *
 * ```sh
 * node_modules/node22/bin/node bench/subscription.bench.ts
 * node_modules/.bin/deno run bench/subscription.bench.ts
 * node_modules/.bin/bun bench/subscription.bench.ts
 * ```
 *
 * Scenarios: a consumer that is already waiting in `next()` when each event arrives (the router's
 * fast path: push resolves the pending promise directly), the same with a finalizer (pinning
 * while waiting), a `for await` loop draining 1,000-event bursts from the buffer, synchronous and
 * async callbacks, and a bare `Promise.withResolvers` hand-off as the floor to compare with.
 *
 * @module
 */

import { createSubscriptionFinalizer } from "../src/deliver/finalizer.ts";
import { Subscription } from "../src/deliver/subscription.ts";

const EVENTS = 1_000_000;
const ROUNDS = 5;

interface Scenario {
  name: string;
  run(events: number): Promise<void>;
}

const scenarios: Scenario[] = [
  {
    name: "baseline: Promise.withResolvers hand-off",
    async run(events) {
      let sum = 0;
      for (let i = 0; i < events; i++) {
        const waiter = Promise.withResolvers<IteratorResult<number>>();
        waiter.resolve({ value: i, done: false });
        sum += (await waiter.promise).value as number;
      }
      check(sum, events);
    },
  },
  {
    name: "iterator, consumer waiting (next() then push)",
    async run(events) {
      const sub = new Subscription<number>({ onClose() {} });
      const it = sub[Symbol.asyncIterator]();
      let sum = 0;
      for (let i = 0; i < events; i++) {
        const next = it.next();
        sub.push(i);
        sum += (await next).value as number;
      }
      sub.close();
      check(sum, events);
    },
  },
  {
    name: "iterator, consumer waiting, with finalizer",
    async run(events) {
      const finalizer = createSubscriptionFinalizer();
      const sub = new Subscription<number>({ onClose() {}, finalizer });
      const it = sub[Symbol.asyncIterator]();
      let sum = 0;
      for (let i = 0; i < events; i++) {
        const next = it.next();
        sub.push(i);
        sum += (await next).value as number;
      }
      sub.close();
      check(sum, events);
    },
  },
  {
    name: "iterator, for await draining bursts of 1,000",
    async run(events) {
      const sub = new Subscription<number>({ onClose() {} });
      const it = sub[Symbol.asyncIterator]();
      let sum = 0;
      for (let i = 0; i < events;) {
        const end = i + 1000;
        for (let j = i; j < end; j++) sub.push(j);
        for (; i < end; i++) sum += (await it.next()).value as number;
      }
      sub.close();
      check(sum, events);
    },
  },
  {
    name: 'iterator, "latest": 1,000 pushes over 5 keys, drain',
    async run(events) {
      const keys = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE"];
      const sub = new Subscription<{ code: string; n: number }>({
        onClose() {},
        overflow: "latest",
        keyOf: (e) => e.code,
      });
      const it = sub[Symbol.asyncIterator]();
      for (let i = 0; i < events; i += 1000) {
        for (let j = i; j < i + 1000; j++) sub.push({ code: keys[j % 5] as string, n: j });
        while (sub.buffered !== 0) await it.next();
      }
      sub.close();
    },
  },
  {
    name: "callback, synchronous",
    run(events) {
      let sum = 0;
      const sub = new Subscription<number>({ onClose() {}, callback: (n) => void (sum += n) });
      for (let i = 0; i < events; i++) sub.push(i);
      sub.close();
      check(sum, events);
      return Promise.resolve();
    },
  },
  {
    name: "callback returning a resolved promise, bursts of 1,000",
    async run(events) {
      let sum = 0;
      let delivered = 0;
      let target = 0;
      let idle = Promise.withResolvers<void>();
      const sub = new Subscription<number>({
        onClose() {},
        bufferSize: 1000,
        callback: (n) => {
          sum += n;
          if (++delivered === target) idle.resolve();
          return Promise.resolve();
        },
      });
      for (let i = 0; i < events;) {
        target = i + 1000;
        for (; i < target; i++) sub.push(i);
        await idle.promise;
        idle = Promise.withResolvers<void>();
      }
      if (sub.dropped !== 0) throw new Error("Dropped events");
      sub.close();
      check(sum, events);
    },
  },
];

function check(sum: number, events: number): void {
  if (sum !== (events * (events - 1)) / 2) throw new Error(`Wrong sum ${sum}`);
}

const runtime = "Bun" in globalThis
  ? "Bun"
  : "Deno" in globalThis
  ? "Deno"
  : `Node ${(globalThis as { process?: { version: string } }).process?.version}`;
console.log(`${runtime}: ${EVENTS.toLocaleString("en")} events, median of ${ROUNDS} rounds`);
for (const scenario of scenarios) {
  await scenario.run(EVENTS / 10); // warm up
  const rates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now();
    await scenario.run(EVENTS);
    rates.push(EVENTS / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  const median = rates[Math.floor(ROUNDS / 2)] as number;
  console.log(
    `${scenario.name.padEnd(52)} ${(median / 1e6).toFixed(2).padStart(7)} M events/s`,
  );
}
