import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  parseBun,
  parseChecklist,
  parseDenoJunit,
  parseDenoSummary,
  parseNodeSpec,
  parseWorkerd,
} from "../../scripts/_parse.ts";

describe("test output parsers (scripts/_parse.ts)", () => {
  it("Node spec: pass, fail + cancelled, and the failing test names", () => {
    const output = [
      "✔ ok (1ms)",
      "ℹ tests 6",
      "ℹ suites 1",
      "ℹ pass 3",
      "ℹ fail 2",
      "ℹ cancelled 1",
      "",
      "✖ failing tests:",
      "",
      "test at tests/a.test.ts:3:1",
      "✖ assert fails (0.6ms)",
      "  AssertionError [ERR_ASSERTION]: boom",
      "✖ tests/b.test.ts (56.4ms)",
    ].join("\n");
    assert.deepEqual(parseNodeSpec(output), {
      passed: 3,
      failed: 3,
      failures: ["assert fails", "tests/b.test.ts"],
      notes: [],
    });
  });

  it("Bun: pass, fail + errors between tests", () => {
    const output =
      "(pass) a [0.1ms]\n(fail) s > b [2.00ms]\n\n 4 pass\n 1 skip\n 5 fail\n 3 errors\n";
    assert.deepEqual(parseBun(output), { passed: 4, failed: 8, failures: ["s > b"], notes: [] });
  });

  it("Deno JUnit: leaves only, hook failures once, uncaught module errors from the console", () => {
    const xml = `<testsuites>
      <testsuite name="./a.test.ts">
        <testcase name="suite" classname="./a.test.ts"><failure message="x"/></testcase>
        <testcase name="plain" classname="./a.test.ts"></testcase>
        <testcase name="after fails" classname="./a.test.ts"><failure message="y"/></testcase>
      </testsuite>
      <testsuite name="ext:deno_node/testing.ts">
        <testcase name="suite &gt; ok" classname="x"></testcase>
        <testcase name="suite &gt; bad" classname="x"><failure message="z"></failure></testcase>
        <testcase name="after fails &gt; c" classname="x"></testcase>
      </testsuite>
    </testsuites>`;
    const console =
      "ERRORS\n./b.test.ts (uncaught error)\nFAILURES\n./b.test.ts (uncaught error)\n";
    assert.deepEqual(parseDenoJunit(xml, console), {
      passed: 3,
      failed: 3,
      failures: ["after fails", "suite > bad", "./b.test.ts (uncaught error)"],
      notes: [],
    });
  });

  it("Deno summary line, steps counted as tests", () => {
    const counts = parseDenoSummary("FAILED | 3 passed (2 steps) | 1 failed (1 step) (9ms)\n");
    assert.equal(counts.passed, 5);
    assert.equal(counts.failed, 2);
    assert.deepEqual(parseDenoSummary("ok | 8 passed | 0 failed (1ms)"), {
      passed: 8,
      failed: 0,
      failures: [],
      notes: [],
    });
  });

  it("workerd runner: the last totals line, failures and excluded files", () => {
    const output = [
      "tests/a.test.ts (0.2 s)",
      "  ✔ a (1.0 ms)",
      "  ✖ s > b (2.0 ms)",
      "    Error: boom",
      "excluded: tests/server.test.ts (tests the server itself)",
      "workerd: 2 files, 0 skipped",
      "1 passed, 1 failed",
    ].join("\n");
    assert.deepEqual(parseWorkerd(output), {
      passed: 1,
      failed: 1,
      failures: ["s > b"],
      notes: ["excluded: tests/server.test.ts (tests the server itself)"],
    });
  });

  it("check scripts: ok/FAIL lines and the totals line", () => {
    const output = [
      "ok    versions agree (0.00 s) — 0.1.0",
      "FAIL  npm pack: dist only (0.43 s)",
      "      tarball holds src/",
      "FAIL  publint --strict — not run: no tarball",
      "1 passed, 2 failed",
    ].join("\n");
    assert.deepEqual(parseChecklist(output), {
      passed: 1,
      failed: 2,
      failures: ["npm pack: dist only", "publint --strict"],
      notes: [],
    });
  });
});
