/**
 * Reads each test runner's output into counts for the summary of `scripts/test.ts`. Counts are
 * of leaf tests (a `describe` is not a test) so the runtimes can be compared.
 *
 * @module
 */

/** What one runner reported. */
export interface Counts {
  /** Tests that passed. */
  passed: number;
  /** Tests that failed (timeouts, cancellations and load errors included). */
  failed: number;
  /** Names of the failing tests, when the output names them. */
  failures: string[];
  /** Anything else worth printing in the summary (e.g. files excluded from workerd). */
  notes: string[];
}

function lastNumber(output: string, pattern: RegExp): number | undefined {
  let value: number | undefined;
  for (const match of output.matchAll(pattern)) value = Number(match[1]);
  return value;
}

/**
 * Node's spec reporter: the `ℹ pass N`, `ℹ fail N` and `ℹ cancelled N` lines at the end, and
 * the `✖ failing tests:` section.
 *
 * @example
 * ```ts
 * parseNodeSpec("ℹ tests 3\nℹ pass 2\nℹ fail 1\nℹ cancelled 0\n", 1).failed; // 1
 * ```
 */
export function parseNodeSpec(output: string, _exitCode = 0): Counts {
  const passed = lastNumber(output, /^ℹ pass (\d+)$/gm) ?? 0;
  const failed = (lastNumber(output, /^ℹ fail (\d+)$/gm) ?? 0) +
    (lastNumber(output, /^ℹ cancelled (\d+)$/gm) ?? 0);
  const section = output.lastIndexOf("✖ failing tests:");
  const failures = section < 0 ? [] : [
    ...new Set(
      output.slice(section).split("\n").slice(1)
        .filter((l) => /^✖ /.test(l))
        .map((l) => l.slice(2).replace(/ \([\d.]+m?s\)$/, "")),
    ),
  ];
  return { passed, failed, failures, notes: [] };
}

/**
 * Bun: ` N pass`, ` N fail` and ` N error(s)` (errors outside tests, e.g. a file that failed to
 * load), and the `(fail) name` lines.
 *
 * @example
 * ```ts
 * parseBun(" 4 pass\n 1 fail\nRan 5 tests across 2 files.", 1).passed; // 4
 * ```
 */
export function parseBun(output: string, _exitCode = 0): Counts {
  const passed = lastNumber(output, /^\s*(\d+) pass$/gm) ?? 0;
  const failed = (lastNumber(output, /^\s*(\d+) fail$/gm) ?? 0) +
    (lastNumber(output, /^\s*(\d+) errors?$/gm) ?? 0);
  const failures = [
    ...new Set(
      [...output.matchAll(/^\(fail\) (.+?)(?: \[[\d.]+m?s\])?$/gm)].map((m) => m[1] ?? ""),
    ),
  ];
  return { passed, failed, failures, notes: [] };
}

function unescapeXml(text: string): string {
  return text.replace(
    /&(lt|gt|quot|apos|amp);/g,
    (_, e: string) => ({ lt: "<", gt: ">", quot: '"', apos: "'", amp: "&" })[e] ?? e,
  );
}

/**
 * Deno's JUnit report (`--junit-path`) plus its console output. Deno reports a `describe` as a
 * test and each `it` as a step named `"describe > it"`; counted here are the leaves (names no
 * other name extends), and failures that no failing descendant explains (e.g. a failing `after`
 * hook). A module that throws while loading appears only in the console output, as
 * `./tests/x.test.ts (uncaught error)`; each such file counts as one failure.
 *
 * @example
 * ```ts
 * const xml = '<testcase name="a"></testcase><testcase name="a &gt; b"><failure/></testcase>';
 * parseDenoJunit(xml, ""); // { passed: 0, failed: 1, failures: ["a > b"], notes: [] }
 * ```
 */
export function parseDenoJunit(xml: string, output: string): Counts {
  const cases: { name: string; failed: boolean }[] = [];
  for (const match of xml.matchAll(/<testcase\b([^>]*?)(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const name = unescapeXml(/\bname="([^"]*)"/.exec(match[1] ?? "")?.[1] ?? "");
    const body = match[3] ?? "";
    cases.push({ name, failed: /<(failure|error)\b/.test(body) });
  }
  const hasChild = (name: string, failedOnly: boolean): boolean =>
    cases.some((c) => c.name.startsWith(`${name} > `) && (!failedOnly || c.failed));
  const passed = cases.filter((c) => !c.failed && !hasChild(c.name, false)).length;
  const failures = cases.filter((c) => c.failed && !hasChild(c.name, true)).map((c) => c.name);
  const uncaught = new Set(
    [...output.matchAll(/^(\S+) \(uncaught error\)$/gm)].map((m) => `${m[1]} (uncaught error)`),
  );
  failures.push(...uncaught);
  return { passed, failed: failures.length, failures, notes: [] };
}

/**
 * Deno's console summary, `ok | 5 passed (3 steps) | 0 failed`, when there is no JUnit file
 * (e.g. the type check failed before any test ran). Steps are counted as tests.
 *
 * @example
 * ```ts
 * parseDenoSummary("FAILED | 3 passed (2 steps) | 1 failed (1 step)", 1); // passed 5, failed 2
 * ```
 */
export function parseDenoSummary(output: string, _exitCode = 0): Counts {
  const line = [...output.matchAll(/^(?:ok|FAILED) \| (.+)$/gm)].at(-1)?.[1] ?? "";
  const sum = (re: RegExp): number => {
    const m = re.exec(line);
    return m === null ? 0 : Number(m[1]) + Number(m[2] ?? 0);
  };
  return {
    passed: sum(/(\d+) passed(?: \((\d+) steps?\))?/),
    failed: sum(/(\d+) failed(?: \((\d+) steps?\))?/),
    failures: [],
    notes: [],
  };
}

/**
 * `scripts/workerd/run.ts`: the final `N passed, N failed`, the `  ✖ name` lines and the
 * `excluded: file (reason)` lines.
 *
 * @example
 * ```ts
 * parseWorkerd("excluded: tests/x.test.ts (server)\n3 passed, 0 failed", 0).notes;
 * // ["excluded: tests/x.test.ts (server)"]
 * ```
 */
export function parseWorkerd(output: string, _exitCode = 0): Counts {
  const last = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
  const failures = [...output.matchAll(/^ {2}✖ (.+?)(?: \([\d.]+ ms\))?$/gm)].map((m) =>
    m[1] ?? ""
  );
  const notes = [...output.matchAll(/^(excluded: .+)$/gm)].map((m) => m[1] ?? "");
  return {
    passed: Number(last?.[1] ?? 0),
    failed: Number(last?.[2] ?? 0),
    failures,
    notes,
  };
}

/**
 * The project's check scripts (`scripts/check-examples.ts`, `scripts/check-publish.ts`): one
 * `ok    name` or `FAIL  name` line per check, then `N passed, N failed`.
 *
 * @example
 * ```ts
 * parseChecklist("ok    a (0.1 s)\nFAIL  b (0.2 s)\n1 passed, 1 failed", 1).failures; // ["b"]
 * ```
 */
export function parseChecklist(output: string, _exitCode = 0): Counts {
  const last = [...output.matchAll(/^(\d+) passed, (\d+) failed$/gm)].at(-1);
  const failures = [...output.matchAll(/^FAIL {2}(.+?)(?: \([\d.]+ s\))?(?: — .*)?$/gm)]
    .map((m) => m[1] ?? "");
  return { passed: Number(last?.[1] ?? 0), failed: Number(last?.[2] ?? 0), failures, notes: [] };
}
