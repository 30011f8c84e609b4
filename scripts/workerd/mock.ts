/**
 * The `mock` half of the workerd stand-in for `node:test`: `mock.fn()`, `mock.method()` and
 * `mock.timers` (fake `setTimeout`/`setInterval`/`setImmediate`/`Date`), following the behaviour
 * of Node's `MockTracker` closely enough for this project's tests.
 *
 * @module
 */

/** Every function is assignable to this; calls go through `Reflect.apply`. */
type Callable = (...args: never[]) => unknown;

/** One recorded call of a mock function, shaped like Node's `MockFunctionCall`. */
export interface MockCall {
  /** The arguments of the call. */
  arguments: unknown[];
  /** The thrown value, if the call threw. */
  error: unknown;
  /** The return value, if the call returned. */
  result: unknown;
  /** An `Error` whose stack shows where the call came from. */
  stack: Error;
  /** `new.target` of the call. */
  target: unknown;
  /** `this` of the call. */
  this: unknown;
}

/** The `.mock` property of a mock function, shaped like Node's `MockFunctionContext`. */
export interface MockFunctionContext {
  /** A copy of the recorded calls. */
  readonly calls: MockCall[];
  /** How many times the mock was called. */
  callCount(): number;
  /** Replaces the implementation. */
  mockImplementation(implementation: Callable): void;
  /** Uses `implementation` for one call only (the next call, or call number `onCall`). */
  mockImplementationOnce(implementation: Callable, onCall?: number): void;
  /** Forgets the recorded calls. */
  resetCalls(): void;
  /** Goes back to the original implementation (and, for `mock.method`, the original property). */
  restore(): void;
}

/** A mock function: the callable plus its `.mock` context. */
export type Mock<F extends Callable> = F & { mock: MockFunctionContext };

function createMock<F extends Callable>(
  original: Callable | undefined,
  implementation: Callable | undefined,
  times: number,
  onRestore: () => void,
): Mock<F> {
  const calls: MockCall[] = [];
  const once = new Map<number, Callable>();
  const fallback: Callable = original ?? (() => undefined);
  let current: Callable = implementation ?? fallback;
  const context: MockFunctionContext = {
    get calls(): MockCall[] {
      return calls.slice();
    },
    callCount: () => calls.length,
    mockImplementation(fn: Callable): void {
      current = fn;
    },
    mockImplementationOnce(fn: Callable, onCall?: number): void {
      once.set(onCall ?? calls.length, fn);
    },
    resetCalls(): void {
      calls.length = 0;
    },
    restore(): void {
      current = fallback;
      onRestore();
    },
  };
  function mocked(this: unknown, ...args: unknown[]): unknown {
    const index = calls.length;
    const onceImpl = once.get(index);
    once.delete(index);
    const impl = onceImpl ?? (index < times ? current : fallback);
    const target: unknown = new.target;
    const record = { arguments: args, error: undefined, result: undefined, stack: new Error() };
    try {
      const result = new.target === undefined
        ? Reflect.apply(impl, this, args)
        : Reflect.construct(impl, args, new.target);
      calls.push({ ...record, result, target, this: this });
      return result;
    } catch (error) {
      calls.push({ ...record, error, target, this: this });
      throw error;
    }
  }
  Object.defineProperty(mocked, "mock", { value: context, enumerable: false });
  return mocked as unknown as Mock<F>;
}

interface FakeTimer {
  id: number;
  runAt: number;
  interval: number | undefined;
  callback: Callable;
  args: unknown[];
}

const TIMER_APIS = ["setTimeout", "setInterval", "setImmediate", "Date"] as const;
type TimerApi = typeof TIMER_APIS[number];

/** Options of {@linkcode MockTimers.enable}. */
export interface MockTimersOptions {
  /** Which globals to replace (default: all of them). */
  apis?: readonly string[];
  /** The initial fake time in epoch milliseconds (default 0). */
  now?: number | Date;
}

/** Fake timers shaped like Node's `MockTimers`: `enable`, `tick`, `runAll`, `setTime`, `reset`. */
export class MockTimers {
  #enabled = false;
  #now = 0;
  #nextId = 1;
  #timers = new Map<number, FakeTimer>();
  #restorers: (() => void)[] = [];

  /** Replaces the chosen globals with fakes driven by {@linkcode MockTimers.tick}. */
  enable(options: MockTimersOptions = {}): void {
    if (this.#enabled) throw new Error("Cannot enable mock timers as they are already enabled");
    const apis = options.apis ?? TIMER_APIS;
    for (const api of apis) {
      if (!(TIMER_APIS as readonly string[]).includes(api)) {
        throw new TypeError(
          `Cannot enable mock timers as apis must be one of ${TIMER_APIS.join(", ")}: ` +
            `current value is "${api}"`,
        );
      }
    }
    const now = options.now;
    this.#now = now instanceof Date ? now.getTime() : now ?? 0;
    this.#enabled = true;
    for (const api of new Set(apis as readonly TimerApi[])) this.#install(api);
  }

  /** Advances fake time by `ms`, running every timer that falls due, in order. */
  tick(ms = 1): void {
    this.#assertEnabled("tick");
    if (!(ms >= 0)) {
      throw new RangeError(
        `Cannot tick mock timers as ms must be a non-negative number: current value is "${ms}"`,
      );
    }
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#now = Math.max(this.#now, next.runAt);
      if (next.interval === undefined) this.#timers.delete(next.id);
      else next.runAt += next.interval;
      Reflect.apply(next.callback, globalThis, next.args);
    }
    this.#now = target;
  }

  /** Runs every pending timer, advancing fake time to the latest one. */
  runAll(): void {
    this.#assertEnabled("runAll");
    let latest = this.#now;
    for (const timer of this.#timers.values()) latest = Math.max(latest, timer.runAt);
    this.tick(latest - this.#now);
  }

  /** Sets the fake clock without running timers. */
  setTime(ms: number): void {
    this.#assertEnabled("setTime");
    this.#now = ms;
  }

  /** Restores the real globals and forgets every pending fake timer. */
  reset(): void {
    for (const restore of this.#restorers.splice(0).reverse()) restore();
    this.#timers.clear();
    this.#enabled = false;
  }

  /** Same as {@linkcode MockTimers.reset}. */
  [Symbol.dispose](): void {
    this.reset();
  }

  #assertEnabled(what: string): void {
    if (!this.#enabled) {
      throw new Error(`Cannot call mock.timers.${what}() as mock timers are not enabled`);
    }
  }

  #nextDue(target: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.runAt > target) continue;
      if (best === undefined || timer.runAt < best.runAt) best = timer;
    }
    return best;
  }

  #schedule(callback: unknown, delay: unknown, args: unknown[], repeat: boolean): number {
    if (typeof callback !== "function") {
      throw new TypeError(
        `Cannot schedule a mock timer as callback must be a function: current value is "${
          String(callback)
        }"`,
      );
    }
    const ms = Math.max(0, Number(delay) || 0);
    const id = this.#nextId++;
    this.#timers.set(id, {
      id,
      runAt: this.#now + ms,
      interval: repeat ? Math.max(1, ms) : undefined,
      callback: callback as Callable,
      args,
    });
    return id;
  }

  #clear = (id: unknown): void => {
    if (typeof id === "number") this.#timers.delete(id);
  };

  #replace(name: string, value: unknown): void {
    const previous = Object.getOwnPropertyDescriptor(globalThis, name);
    Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
    this.#restorers.push(() => {
      if (previous === undefined) Reflect.deleteProperty(globalThis, name);
      else Object.defineProperty(globalThis, name, previous);
    });
  }

  #install(api: TimerApi): void {
    if (api === "setTimeout") {
      this.#replace(
        "setTimeout",
        (cb: unknown, ms?: unknown, ...args: unknown[]) => this.#schedule(cb, ms, args, false),
      );
      this.#replace("clearTimeout", this.#clear);
    } else if (api === "setInterval") {
      this.#replace(
        "setInterval",
        (cb: unknown, ms?: unknown, ...args: unknown[]) => this.#schedule(cb, ms, args, true),
      );
      this.#replace("clearInterval", this.#clear);
    } else if (api === "setImmediate") {
      this.#replace(
        "setImmediate",
        (cb: unknown, ...args: unknown[]) => this.#schedule(cb, 0, args, false),
      );
      this.#replace("clearImmediate", this.#clear);
    } else {
      const RealDate = Date;
      const clock = (): number => this.#now;
      const FakeDate = new Proxy(RealDate, {
        construct(target, args, newTarget): object {
          return Reflect.construct(target, args.length === 0 ? [clock()] : args, newTarget);
        },
        apply(): string {
          return new RealDate(clock()).toString();
        },
        get(target, key, receiver): unknown {
          return key === "now" ? clock : Reflect.get(target, key, receiver);
        },
      });
      this.#replace("Date", FakeDate);
    }
  }
}

/** Options of {@linkcode MockTracker.fn} and {@linkcode MockTracker.method}. */
export interface MockFunctionOptions {
  /** After this many calls the mock falls back to the original (default: unlimited). */
  times?: number;
}

/** A mock tracker shaped like Node's `MockTracker` (`fn`, `method`, `timers`, `reset`). */
export class MockTracker {
  #restorers: (() => void)[] = [];
  #timers = new MockTimers();

  /** The fake timers of this tracker. */
  get timers(): MockTimers {
    return this.#timers;
  }

  /** Creates a mock function that records its calls (`original` and `implementation` optional). */
  fn<F extends Callable = (...args: unknown[]) => undefined>(
    original?: F | MockFunctionOptions,
    implementation?: Callable | MockFunctionOptions,
    options?: MockFunctionOptions,
  ): Mock<F> {
    const fns = [original, implementation].filter((v) => typeof v === "function") as Callable[];
    const opts = [original, implementation, options].find((v) => typeof v === "object");
    const times = (opts as MockFunctionOptions | undefined)?.times ?? Infinity;
    const mocked = createMock<F>(fns[0], fns[1], times, () => {});
    this.#restorers.push(() => mocked.mock.restore());
    return mocked;
  }

  /** Replaces `object[methodName]` with a mock; `restore()` puts the original back. */
  method<O extends object>(
    object: O,
    methodName: keyof O & PropertyKey,
    implementation?: Callable | MockFunctionOptions,
    options?: MockFunctionOptions,
  ): Mock<Callable> {
    const original: unknown = Reflect.get(object, methodName);
    if (typeof original !== "function") {
      throw new TypeError(
        `Cannot mock method as ${String(methodName)} must be a function: current value is "${
          String(original)
        }"`,
      );
    }
    const own = Object.getOwnPropertyDescriptor(object, methodName);
    const impl = typeof implementation === "function" ? implementation : undefined;
    const opts = typeof implementation === "object" ? implementation : options;
    let restored = false;
    const mocked = createMock<Callable>(
      original as Callable,
      impl,
      opts?.times ?? Infinity,
      () => {
        if (restored) return;
        restored = true;
        if (own === undefined) Reflect.deleteProperty(object, methodName);
        else Object.defineProperty(object, methodName, own);
      },
    );
    Object.defineProperty(object, methodName, {
      value: mocked,
      writable: true,
      configurable: true,
      enumerable: own?.enumerable ?? false,
    });
    this.#restorers.push(() => mocked.mock.restore());
    return mocked;
  }

  /** Restores every mock created by this tracker. */
  restoreAll(): void {
    for (const restore of this.#restorers.splice(0).reverse()) restore();
  }

  /** Restores every mock and the timers. */
  reset(): void {
    this.restoreAll();
    this.#timers.reset();
  }
}
