/**
 * A stand-in for `node:test` on workerd, where a Worker cannot import it. The workerd runner
 * (`scripts/workerd/run.ts`) bundles each test file with `node:test` aliased to this module; the
 * Worker's fetch handler then calls {@linkcode run}, which loads the test file, runs what it
 * registered and returns the results as JSON-friendly data.
 *
 * Covered surface: `describe`/`suite`, `it`/`test` (`name?, options?, fn?`, `.skip`, `.todo`,
 * `.only`), nested describes, `before`/`after`/`beforeEach`/`afterEach` (root level and per
 * describe, inherited by nested describes, in Node's order), async and `done`-callback tests,
 * per-test `timeout`, the test context (`t.name`, `t.fullName`, `t.signal`, `t.mock`,
 * `t.after`, `t.diagnostic`, `t.skip`, `t.todo`, subtests with `t.test`) and `mock` (`fn`,
 * `method`, `timers`, `reset`, `restoreAll`).
 *
 * Not covered: `describe` bodies that register tests after an `await`, `only` filtering, `plan`,
 * snapshots, and Node's own `run()` (this module's {@linkcode run} runs the registered tests).
 *
 * Like `node:test` itself, this module keeps one registry per module instance: every test file
 * is bundled into its own Worker, so each file gets its own registry.
 *
 * @module
 */

import { MockTracker } from "./mock.ts";

export { MockTimers, MockTracker } from "./mock.ts";
export type { Mock, MockCall, MockFunctionContext } from "./mock.ts";

/** Captured before any test can replace them with fakes. */
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realClearTimeout = globalThis.clearTimeout.bind(globalThis);
const now = (): number => performance.now();

/** Options of a test or suite, as in `node:test`. */
export interface TestOptions {
  /** Fail the test after this many milliseconds. */
  timeout?: number;
  /** Skip the test (a string gives the reason). */
  skip?: boolean | string;
  /** Mark the test as to-do; it is not run. */
  todo?: boolean | string;
  /** Accepted for compatibility; every test runs. */
  only?: boolean;
  /** Accepted for compatibility; tests run one at a time. */
  concurrency?: boolean | number;
  /** Accepted for compatibility. */
  signal?: AbortSignal;
}

/** The body of a test or hook: async, sync, or `done`-callback style. */
export type TestFn = (t: TestContext, done: (error?: unknown) => void) => unknown;
/** The body of a describe block. */
export type SuiteFn = (s: SuiteContext) => unknown;

/** The outcome of one test, as returned by {@linkcode run}. */
export interface TestResult {
  /** Full name: describe names and the test name joined by `" > "`. */
  name: string;
  /** What happened. */
  status: "pass" | "fail" | "skip" | "todo";
  /** Wall time in milliseconds (workerd's clock only advances on I/O). */
  durationMs: number;
  /** The failure, when `status` is `"fail"`. */
  error?: { name: string; message: string; stack: string };
}

/** What {@linkcode run} returns. */
export interface RunResult {
  /** Tests that passed. */
  passed: number;
  /** Tests that failed, plus failing hooks and load errors. */
  failed: number;
  /** Tests skipped or marked to-do. */
  skipped: number;
  /** Every test in order. */
  tests: TestResult[];
}

/** Options of {@linkcode run}. */
export interface RunOptions {
  /** Imports the test file, which registers its tests. */
  load?: () => Promise<unknown>;
  /** Timeout for tests that set none, in milliseconds (default: none). */
  defaultTimeout?: number;
}

interface Hook {
  fn: TestFn;
  timeout: number | undefined;
}

interface Suite {
  kind: "suite";
  name: string;
  options: TestOptions;
  parent: Suite | undefined;
  children: (Suite | Case)[];
  before: Hook[];
  after: Hook[];
  beforeEach: Hook[];
  afterEach: Hook[];
  building: Promise<unknown> | undefined;
  buildError: unknown;
}

interface Case {
  kind: "test";
  name: string;
  options: TestOptions;
  fn: TestFn | undefined;
}

/** The context a `describe` body receives. */
export interface SuiteContext {
  /** The suite's name. */
  readonly name: string;
  /** Never aborted before the suite ends. */
  readonly signal: AbortSignal;
}

function newSuite(name: string, options: TestOptions, parent: Suite | undefined): Suite {
  return {
    kind: "suite",
    name,
    options,
    parent,
    children: [],
    before: [],
    after: [],
    beforeEach: [],
    afterEach: [],
    building: undefined,
    buildError: undefined,
  };
}

type Args = [unknown?, unknown?, unknown?];

function parseArgs<F>(args: Args): { name: string; options: TestOptions; fn: F | undefined } {
  let name: string | undefined;
  let options: TestOptions = {};
  let fn: F | undefined;
  for (const arg of args) {
    if (typeof arg === "string") name = arg;
    else if (typeof arg === "function") fn = arg as F;
    else if (typeof arg === "object" && arg !== null) options = arg as TestOptions;
  }
  const fallback = typeof fn === "function" ? (fn as { name?: string }).name : undefined;
  return { name: name ?? (fallback || "<anonymous>"), options, fn };
}

function serializeError(error: unknown): { name: string; message: string; stack: string } {
  if (error instanceof Error) {
    const cause = error.cause === undefined ? "" : `\n[cause]: ${String(error.cause)}`;
    return { name: error.name, message: error.message, stack: (error.stack ?? "") + cause };
  }
  return { name: "NonError", message: String(error), stack: "" };
}

/** A test's context (`t`), shaped like Node's `TestContext`. */
export class TestContext {
  #name: string;
  #fullName: string;
  #controller = new AbortController();
  #mock = new MockTracker();
  #after: TestFn[] = [];
  #skipped: string | undefined;
  #subtests: (name: string, options: TestOptions, fn: TestFn | undefined) => Promise<void>;

  /** @internal */
  constructor(
    name: string,
    fullName: string,
    subtest: (name: string, options: TestOptions, fn: TestFn | undefined) => Promise<void>,
  ) {
    this.#name = name;
    this.#fullName = fullName;
    this.#subtests = subtest;
  }

  /** The test's own name. */
  get name(): string {
    return this.#name;
  }

  /** Describe names and the test name joined by `" > "`. */
  get fullName(): string {
    return this.#fullName;
  }

  /** Aborted when the test ends (passes, fails or times out), as in Node. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** A mock tracker reset when the test ends. */
  get mock(): MockTracker {
    return this.#mock;
  }

  /** Prints a diagnostic line. */
  diagnostic(message: string): void {
    console.log(`# ${this.#fullName}: ${message}`);
  }

  /** Runs `fn` after the test, after its `afterEach` hooks. */
  after(fn: TestFn): void {
    this.#after.push(fn);
  }

  /** Marks the running test as skipped. */
  skip(message = ""): void {
    this.#skipped = message;
  }

  /** Marks the running test as to-do (reported as skipped). */
  todo(message = ""): void {
    this.#skipped = message;
  }

  /** Accepted for compatibility; plans are not checked. */
  plan(_count: number): void {}

  /** Runs a subtest now; it is reported as `"<test> > <name>"`. */
  test(...args: Args): Promise<void> {
    const { name, options, fn } = parseArgs<TestFn>(args);
    return this.#subtests(name, options, fn);
  }

  /** @internal The callbacks registered with `t.after`. */
  takeAfter(): TestFn[] {
    return this.#after.splice(0);
  }

  /** @internal Whether the test called `t.skip()`. */
  get skipped(): boolean {
    return this.#skipped !== undefined;
  }

  /** @internal Ends the test: resets its mocks and aborts its signal. */
  finish(reason: unknown): void {
    this.#mock.reset();
    this.#controller.abort(reason);
  }
}

function callWithTimeout(
  fn: TestFn,
  t: TestContext,
  timeout: number | undefined,
  what: string,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = timeout !== undefined && Number.isFinite(timeout)
      ? realSetTimeout(() => reject(new Error(`${what} timed out after ${timeout}ms`)), timeout)
      : undefined;
    const settle = (error: unknown, failed: boolean): void => {
      if (timer !== undefined) realClearTimeout(timer);
      if (failed) reject(error);
      else resolve();
    };
    try {
      if (fn.length >= 2) {
        fn(t, (error?: unknown) => settle(error, error !== undefined && error !== null));
      } else {
        Promise.resolve(fn(t, () => {})).then(
          () => settle(undefined, false),
          (e) => settle(e, true),
        );
      }
    } catch (error) {
      settle(error, true);
    }
  });
}

/** The registry behind the exported functions; one per module instance (one per Worker). */
function createHarness() {
  const root = newSuite("", {}, undefined);
  let current = root;
  let defaultTimeout: number | undefined;
  const uncaught: unknown[] = [];
  const results: TestResult[] = [];

  const record = (name: string, started: number, error: unknown, status?: "skip" | "todo") => {
    const durationMs = Math.round((now() - started) * 1000) / 1000;
    if (status !== undefined) results.push({ name, status, durationMs });
    else if (error === undefined) results.push({ name, status: "pass", durationMs });
    else results.push({ name, status: "fail", durationMs, error: serializeError(error) });
  };

  const suiteChain = (suite: Suite): Suite[] => {
    const chain: Suite[] = [];
    for (let s: Suite | undefined = suite; s !== undefined; s = s.parent) chain.unshift(s);
    return chain;
  };

  const fullName = (suite: Suite, name: string): string =>
    [...suiteChain(suite).map((s) => s.name).filter((n) => n !== ""), name].join(" > ");

  async function runCase(
    name: string,
    options: TestOptions,
    fn: TestFn | undefined,
    suite: Suite,
    prefix: string,
  ): Promise<void> {
    const full = prefix === "" ? fullName(suite, name) : `${prefix} > ${name}`;
    const started = now();
    if (options.todo !== undefined && options.todo !== false) {
      return record(full, started, undefined, "todo");
    }
    if (options.skip !== undefined && options.skip !== false) {
      return record(full, started, undefined, "skip");
    }
    if (fn === undefined) return record(full, started, undefined);
    const t = new TestContext(
      name,
      full,
      (subName, subOptions, subFn) => runCase(subName, subOptions, subFn, suite, full),
    );
    const chain = prefix === "" ? suiteChain(suite) : [];
    const uncaughtBefore = uncaught.length;
    let error: unknown;
    try {
      for (const s of chain) {
        for (const hook of s.beforeEach) {
          await callWithTimeout(hook.fn, t, hook.timeout, `beforeEach hook of "${full}"`);
        }
      }
      await callWithTimeout(fn, t, options.timeout ?? defaultTimeout, `test "${full}"`);
    } catch (e) {
      error = e ?? new Error("test failed with undefined");
    }
    for (const s of chain.slice().reverse()) {
      for (const hook of s.afterEach) {
        try {
          await callWithTimeout(hook.fn, t, hook.timeout, `afterEach hook of "${full}"`);
        } catch (e) {
          error ??= e;
        }
      }
    }
    for (const after of t.takeAfter()) {
      try {
        await callWithTimeout(after, t, undefined, `t.after() of "${full}"`);
      } catch (e) {
        error ??= e;
      }
    }
    t.finish(error ?? new Error(`test "${full}" finished`));
    if (uncaught.length > uncaughtBefore) error ??= uncaught[uncaughtBefore];
    record(full, started, error, error === undefined && t.skipped ? "skip" : undefined);
  }

  function failAll(suite: Suite, error: unknown): void {
    for (const child of suite.children) {
      if (child.kind === "suite") failAll(child, error);
      else record(fullName(suite, child.name), now(), error);
    }
  }

  async function runSuite(suite: Suite): Promise<void> {
    const started = now();
    const label = fullName(suite, "").replace(/ > $/, "") || "<file>";
    if (suite.building !== undefined) {
      try {
        await suite.building;
      } catch (e) {
        suite.buildError ??= e;
      }
    }
    if (suite.buildError !== undefined) return record(label, started, suite.buildError);
    const skip = suite.options.skip ?? suite.options.todo;
    if (skip !== undefined && skip !== false) {
      for (const child of suite.children) {
        if (child.kind === "test") record(fullName(suite, child.name), started, undefined, "skip");
        else child.options = { ...child.options, skip: true };
      }
      for (const child of suite.children) if (child.kind === "suite") await runSuite(child);
      return;
    }
    const ctx = new TestContext(suite.name, label, () => Promise.resolve());
    let beforeError: unknown;
    for (const hook of suite.before) {
      try {
        await callWithTimeout(hook.fn, ctx, hook.timeout, `before hook of "${label}"`);
      } catch (e) {
        beforeError = e ?? new Error("before hook failed with undefined");
        break;
      }
    }
    if (beforeError !== undefined) {
      failAll(suite, beforeError);
    } else {
      for (const child of suite.children) {
        if (child.kind === "suite") await runSuite(child);
        else await runCase(child.name, child.options, child.fn, suite, "");
      }
    }
    for (const hook of suite.after) {
      try {
        await callWithTimeout(hook.fn, ctx, hook.timeout, `after hook of "${label}"`);
      } catch (e) {
        record(`${label} (after hook)`, started, e ?? new Error("after hook failed"));
      }
    }
    ctx.finish(new Error(`suite "${label}" finished`));
  }

  const addTest = (args: Args, extra: TestOptions): Promise<void> => {
    const { name, options, fn } = parseArgs<TestFn>(args);
    current.children.push({ kind: "test", name, options: { ...options, ...extra }, fn });
    return Promise.resolve();
  };

  const addSuite = (args: Args, extra: TestOptions): Promise<void> => {
    const { name, options, fn } = parseArgs<SuiteFn>(args);
    const suite = newSuite(name, { ...options, ...extra }, current);
    current.children.push(suite);
    if (fn === undefined) return Promise.resolve();
    const parent = current;
    current = suite;
    try {
      const built = fn({ name, signal: new AbortController().signal });
      if (built instanceof Promise) suite.building = built;
    } catch (e) {
      suite.buildError = e ?? new Error("describe body threw undefined");
    } finally {
      current = parent;
    }
    return Promise.resolve();
  };

  const addHook =
    (kind: "before" | "after" | "beforeEach" | "afterEach") =>
    (fn: TestFn, options: { timeout?: number } = {}): void => {
      current[kind].push({ fn, timeout: options.timeout });
    };

  async function runAll(options: RunOptions): Promise<RunResult> {
    defaultTimeout = options.defaultTimeout;
    const onRejection = (event: Event): void => {
      uncaught.push((event as PromiseRejectionEvent).reason);
      event.preventDefault();
    };
    const onError = (event: Event): void => {
      uncaught.push((event as ErrorEvent).error ?? (event as ErrorEvent).message);
      event.preventDefault();
    };
    globalThis.addEventListener?.("unhandledrejection", onRejection);
    globalThis.addEventListener?.("error", onError);
    try {
      const started = now();
      try {
        await options.load?.();
      } catch (e) {
        record("<load test file>", started, e ?? new Error("import failed with undefined"));
      }
      await runSuite(root);
      const late = uncaught.length;
      await new Promise<void>((resolve) => realSetTimeout(resolve, 0));
      for (const e of uncaught.slice(late)) record("<unhandled error after tests>", started, e);
    } finally {
      globalThis.removeEventListener?.("unhandledrejection", onRejection);
      globalThis.removeEventListener?.("error", onError);
    }
    const count = (s: TestResult["status"]): number => results.filter((r) => r.status === s).length;
    return {
      passed: count("pass"),
      failed: count("fail"),
      skipped: count("skip") + count("todo"),
      tests: results.slice(),
    };
  }

  return {
    addTest,
    addSuite,
    before: addHook("before"),
    after: addHook("after"),
    beforeEach: addHook("beforeEach"),
    afterEach: addHook("afterEach"),
    runAll,
  };
}

// The one registry of this module instance, as node:test has one per process.
const harness = createHarness();

/** Defines a test or a suite entry point: `name?`, `options?`, `fn?`. */
export interface TestApi {
  /** Registers a test. */
  (name?: unknown, options?: unknown, fn?: unknown): Promise<void>;
  /** Registers a skipped test. */
  skip(name?: unknown, options?: unknown, fn?: unknown): Promise<void>;
  /** Registers a to-do test (not run). */
  todo(name?: unknown, options?: unknown, fn?: unknown): Promise<void>;
  /** Registers a test (`only` is not enforced). */
  only(name?: unknown, options?: unknown, fn?: unknown): Promise<void>;
}

function api(add: (args: Args, extra: TestOptions) => Promise<void>): TestApi {
  const fn = (...args: Args): Promise<void> => add(args, {});
  return Object.assign(fn, {
    skip: (...args: Args): Promise<void> => add(args, { skip: true }),
    todo: (...args: Args): Promise<void> => add(args, { todo: true }),
    only: (...args: Args): Promise<void> => add(args, {}),
  });
}

/** Registers a test. */
export const test: TestApi = api(harness.addTest);
/** Registers a test (alias of {@linkcode test}). */
export const it: TestApi = test;
/** Registers a suite whose body registers tests and hooks. */
export const describe: TestApi = api(harness.addSuite);
/** Alias of {@linkcode describe}. */
export const suite: TestApi = describe;
/** Runs once before the tests of the enclosing suite (or file). */
export const before: (fn: TestFn, options?: { timeout?: number }) => void = harness.before;
/** Runs once after the tests of the enclosing suite (or file). */
export const after: (fn: TestFn, options?: { timeout?: number }) => void = harness.after;
/** Runs before each test of the enclosing suite and of nested suites. */
export const beforeEach: (fn: TestFn, options?: { timeout?: number }) => void = harness.beforeEach;
/** Runs after each test of the enclosing suite and of nested suites. */
export const afterEach: (fn: TestFn, options?: { timeout?: number }) => void = harness.afterEach;
/** The module-wide mock tracker, as `mock` from `node:test`. */
export const mock: MockTracker = new MockTracker();
/** Loads the test file (`options.load`), runs every registered test and returns the results. */
export const run: (options?: RunOptions) => Promise<RunResult> = (options = {}) =>
  harness.runAll(options);

export default test;
