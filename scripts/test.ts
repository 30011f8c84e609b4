/**
 * The project's test command (`npm test`). Runs, one after another and without stopping at the
 * first failure:
 *
 * 1. checks: `tsc -p tsconfig.json` (src, no Node types), `tsc -p tsconfig.node.json`
 *    (everything), `deno check` (mod.ts, testing/mod.ts, tests/), `deno lint`,
 *    `deno fmt --check`, the build (`scripts/build.ts`), the export-map check
 *    (`scripts/check-exports.ts --dist`), and, where they exist, `scripts/check-examples.ts`
 *    (examples type-check and run on their runtimes), `scripts/check-failures.ts` (issue 11's
 *    failure cases as real processes: the CLI on Node 20, closed ports, Deno without permissions,
 *    keys only to the named host) and `scripts/check-publish.ts` (publish
 *    readiness: JSR dry-run, npm pack, publint, attw, a packed-install smoke test);
 * 2. the whole suite on Node 22, Node 26, Deno (sanitizers on), Bun and workerd (Miniflare,
 *    `scripts/workerd/run.ts`). The `upbit-ws/nats` tests (`tests/nats/nats.test.ts`, and the NATS
 *    examples) start a real `nats-server` (Debian package; `.ci/run` installs it): without it they
 *    are skipped with a loud message saying how to install it, and FAIL under `CI=true`.
 *
 * Then it prints a table (step, runtime, passed, failed, seconds), the failing tests, and as
 * the very last line `N passed, N failed`: tests over every runtime, plus the checks (one per
 * check step; the examples and publish scripts count each of their own checks).
 * Exits 1 if anything failed.
 *
 * Options (after `npm test --`):
 * - `--only=node22,deno` run only these steps (ids below), `--skip=bun` leave some out
 * - `--skip-checks` run only the test steps
 * - `tests/a.test.ts ...` run only these test files (on every selected runtime)
 *
 * Step ids: `tsc-src`, `tsc-node`, `deno-check`, `lint`, `fmt`, `doc-lint`, `layout`, `api-names`,
 * `doc-examples`, `build`, `exports`, `examples`,
 * `failures`, `publish` (checks);
 * `node22`, `node26`, `deno`, `bun`, `workerd` (tests).
 *
 * @module
 */

import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import {
  type Counts,
  parseBun,
  parseChecklist,
  parseDenoJunit,
  parseDenoSummary,
  parseNodeSpec,
  parseWorkerd,
} from "./_parse.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = {
  node22: join(ROOT, "node_modules/node22/bin/node"),
  node26: join(ROOT, "node_modules/node26/bin/node"),
  deno: join(ROOT, "node_modules/.bin/deno"),
  bun: join(ROOT, "node_modules/.bin/bun"),
  tsc: join(ROOT, "node_modules/typescript/bin/tsc"),
};
/** Per-test timeout where the runner has a flag for it (Deno has none). */
const TEST_TIMEOUT_MS = 30_000;
/** Node applies `--test-timeout` to each file as a whole too, so it gets more room. */
const NODE_TEST_TIMEOUT_MS = 60_000;
const CHECK_TIMEOUT_MS = 180_000;
const RUNTIME_TIMEOUT_MS = 420_000;
/**
 * The whole run's budget: steps are cut short so the summary still prints within it. CI allows a
 * run 90 minutes; the project keeps it well under 30 (a quiet 2-core machine takes a few minutes).
 */
const TOTAL_BUDGET_MS = 1_500_000;

interface Step {
  id: string;
  kind: "check" | "test";
  title: string;
  runtime: string;
  cmd: string[];
  timeoutMs: number;
  parse?: (output: string, exitCode: number) => Promise<Counts> | Counts;
  after?: () => Promise<void>;
}

interface Outcome {
  step: Step;
  counts: Counts;
  exitCode: number;
  seconds: number;
  notes: string[];
}

interface Options {
  only: Set<string> | undefined;
  skip: Set<string>;
  skipChecks: boolean;
  files: string[];
}

function parseOptions(args: string[]): Options {
  const options: Options = { only: undefined, skip: new Set(), skipChecks: false, files: [] };
  const list = (value: string): string[] => value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const arg of args) {
    if (arg.startsWith("--only=")) options.only = new Set(list(arg.slice(7)));
    else if (arg.startsWith("--skip=")) {
      for (const id of list(arg.slice(7))) options.skip.add(id);
    } else if (arg === "--skip-checks") options.skipChecks = true;
    else if (arg === "--help" || arg === "-h") {
      console.log(
        "usage: npm test -- [--only=ids] [--skip=ids] [--skip-checks] [tests/x.test.ts ...]",
      );
      process.exit(0);
    } else if (arg.startsWith("-")) {
      throw new TypeError(`Cannot run tests as the option is unknown: current value is "${arg}"`);
    } else options.files.push(arg);
  }
  return options;
}

/** Deno and Node treat any `FORCE_COLOR` as "colour on"; colours would break the parsers. */
function withoutForceColor(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy["FORCE_COLOR"];
  return copy;
}

/** Runs a command, echoing its output live and returning it with the exit code. */
function run(
  cmd: string[],
  timeoutMs: number,
): Promise<{ output: string; exitCode: number; timedOut: boolean }> {
  const [file, ...args] = cmd;
  if (file === undefined) throw new TypeError("Cannot run an empty command");
  return new Promise((resolve) => {
    const child = spawn(file, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...withoutForceColor(process.env),
        NO_COLOR: "1",
        PATH: `${join(ROOT, "node_modules/.bin")}:${process.env["PATH"] ?? ""}`,
      },
    });
    let output = "";
    child.stdout.on("data", (chunk: Uint8Array) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Uint8Array) => {
      process.stderr.write(chunk);
      output += chunk.toString();
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on("error", (error) => {
      output += `\n${error.message}\n`;
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (timedOut) output += `\n✖ killed after ${timeoutMs / 1000} s (step timeout)\n`;
      resolve({ output, exitCode: code ?? (signal === null ? 1 : 128), timedOut });
    });
  });
}

/** The suite on one Node version: both run the same command with their own binary. */
function nodeStep(runtime: "node22" | "node26", files: string[]): Step {
  return {
    id: runtime,
    kind: "test",
    title: "test",
    runtime,
    cmd: [
      BIN[runtime],
      "--test",
      "--test-reporter=spec",
      `--test-timeout=${NODE_TEST_TIMEOUT_MS}`,
      ...(files.length > 0 ? files : ["tests/**/*.test.ts"]),
    ],
    timeoutMs: RUNTIME_TIMEOUT_MS,
    parse: parseNodeSpec,
  };
}

function steps(options: Options, tmp: string): Step[] {
  const files = options.files;
  const isSelected = (id: string): boolean =>
    (options.only === undefined || options.only.has(id)) && !options.skip.has(id) &&
    !options.skipChecks;
  const selectedBuild = isSelected("build");
  const junit = join(tmp, "deno-junit.xml");
  const denoCheckTargets = ["mod.ts", "testing/mod.ts", "nats/mod.ts", "tests/"].filter((p) =>
    existsSync(join(ROOT, p))
  );
  const all: Step[] = [
    {
      id: "tsc-src",
      kind: "check",
      title: "tsc -p tsconfig.json",
      runtime: "tsc",
      cmd: [BIN.node22, BIN.tsc, "-p", "tsconfig.json"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "tsc-node",
      kind: "check",
      title: "tsc -p tsconfig.node.json",
      runtime: "tsc",
      cmd: [BIN.node22, BIN.tsc, "-p", "tsconfig.node.json"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "deno-check",
      kind: "check",
      title: `deno check ${denoCheckTargets.join(" ")}`,
      runtime: "deno",
      cmd: [BIN.deno, "check", "--quiet", ...denoCheckTargets],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "lint",
      kind: "check",
      title: "deno lint",
      runtime: "deno",
      cmd: [BIN.deno, "lint", "--quiet"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "fmt",
      kind: "check",
      title: "deno fmt --check",
      runtime: "deno",
      cmd: [BIN.deno, "fmt", "--check", "--quiet"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      // Every export of every published entry point documented, with no private types leaking.
      id: "doc-lint",
      kind: "check",
      title: "deno doc --lint mod.ts testing/mod.ts cli/mod.ts nats/mod.ts",
      runtime: "deno",
      cmd: [BIN.deno, "doc", "--lint", "mod.ts", "testing/mod.ts", "cli/mod.ts", "nats/mod.ts"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      // Issue 12's shape rules: no import cycle in src/, testing/, cli/, nats/, and every file
      // over 250 lines says why in its opening comment.
      id: "layout",
      kind: "check",
      title: "no import cycle, long files say why (scripts/check-layout.ts)",
      runtime: "node22",
      cmd: [BIN.node22, "scripts/check-layout.ts"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      // The public names (exports, and their classes' and interfaces' members) as kept in
      // docs/api-names.txt: a refactor inside src/ must not change what a user can name.
      id: "api-names",
      kind: "check",
      title: "public names as in docs/api-names.txt",
      runtime: "node22",
      cmd: [BIN.node22, "scripts/api-names.ts", "--check"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      // Every @example of the published docs (and every internal one that imports the package)
      // type-checks as a user would write it, against the entry points.
      id: "doc-examples",
      kind: "check",
      title: "@examples type-check against the entry points",
      runtime: "deno",
      cmd: [BIN.node22, "scripts/check-doc-examples.ts"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "build",
      kind: "check",
      title: "build (tsc -p tsconfig.build.json)",
      runtime: "node22",
      cmd: [BIN.node22, "scripts/build.ts"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "exports",
      kind: "check",
      title: "check-exports --dist",
      runtime: "node22",
      cmd: [BIN.node22, "scripts/check-exports.ts", "--dist"],
      timeoutMs: CHECK_TIMEOUT_MS,
    },
    {
      id: "examples",
      kind: "check",
      title: "scripts/check-examples.ts (examples type-check and run on their runtimes)",
      runtime: "all",
      cmd: [BIN.node22, "scripts/check-examples.ts"],
      timeoutMs: CHECK_TIMEOUT_MS,
      parse: parseChecklist,
    },
    {
      id: "failures",
      kind: "check",
      title:
        "scripts/check-failures.ts (the CLI on Node 20, closed ports, Deno permissions, keys' host)",
      runtime: "all",
      cmd: [BIN.node22, "scripts/check-failures.ts"],
      timeoutMs: CHECK_TIMEOUT_MS,
      parse: parseChecklist,
    },
    {
      id: "publish",
      kind: "check",
      title: "scripts/check-publish.ts (JSR dry-run, npm pack, publint, attw, packed smoke)",
      runtime: "node22+bun",
      cmd: [
        BIN.node22,
        "scripts/check-publish.ts",
        // The build step above already filled dist/.
        ...(selectedBuild ? ["--no-build"] : []),
      ],
      timeoutMs: CHECK_TIMEOUT_MS,
      parse: parseChecklist,
    },
    nodeStep("node22", files),
    nodeStep("node26", files),
    {
      id: "deno",
      kind: "test",
      title: "test",
      runtime: "deno",
      cmd: [
        BIN.deno,
        "test",
        "--allow-net=127.0.0.1",
        "--allow-env",
        "--allow-read",
        // tests/_helpers/nats.ts starts a real nats-server (its config and store in a temp dir).
        "--allow-run=nats-server,/usr/sbin/nats-server,/usr/local/bin/nats-server,/usr/bin/nats-server",
        `--allow-write=${tmpdir()}`,
        `--junit-path=${junit}`,
        ...(files.length > 0 ? files : ["tests/"]),
      ],
      timeoutMs: RUNTIME_TIMEOUT_MS,
      parse: async (output, exitCode) => {
        const xml = await readFile(junit, "utf8").catch(() => undefined);
        return xml === undefined ? parseDenoSummary(output, exitCode) : parseDenoJunit(xml, output);
      },
      after: () => rm(junit, { force: true }),
    },
    {
      id: "bun",
      kind: "test",
      title: "test",
      runtime: "bun",
      cmd: [
        BIN.bun,
        "test",
        "--timeout",
        String(TEST_TIMEOUT_MS),
        ...(files.length > 0 ? files.map((f) => f.startsWith(".") ? f : `./${f}`) : ["./tests/"]),
      ],
      timeoutMs: RUNTIME_TIMEOUT_MS,
      parse: parseBun,
    },
    {
      id: "workerd",
      kind: "test",
      title: "test",
      runtime: "workerd",
      cmd: [BIN.node22, "scripts/workerd/run.ts", ...files],
      timeoutMs: RUNTIME_TIMEOUT_MS,
      parse: parseWorkerd,
    },
  ];
  const present = all.filter((s) =>
    !(s.id === "examples" || s.id === "failures" || s.id === "publish") ||
    existsSync(join(ROOT, s.cmd[1] ?? ""))
  );
  const known = new Set(present.map((s) => s.id));
  for (const id of [...(options.only ?? []), ...options.skip]) {
    if (!known.has(id)) {
      throw new TypeError(
        `Cannot select steps as the id must be one of ${[...known].join(", ")}: ` +
          `current value is "${id}"`,
      );
    }
  }
  return present.filter((s) =>
    (options.only === undefined || options.only.has(s.id)) && !options.skip.has(s.id) &&
    !(options.skipChecks && s.kind === "check")
  );
}

function table(outcomes: Outcome[]): string {
  const rows = [
    ["step", "runtime", "passed", "failed", "seconds"],
    ...outcomes.map((o) => [
      o.step.kind === "test" ? `test (${o.step.id})` : o.step.id,
      o.step.runtime,
      String(o.counts.passed),
      String(o.counts.failed),
      o.seconds.toFixed(1),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) =>
    r.map((cell, i) => i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)).join("  ")
  ).join("\n");
}

async function main(): Promise<number> {
  let options: Options;
  let selected: Step[];
  const tmp = await mkdtemp(join(tmpdir(), "upbit-ws-test-"));
  try {
    options = parseOptions(process.argv.slice(2));
    selected = steps(options, tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    console.error(`✖ ${(e as Error).message}`);
    return 2;
  }
  const outcomes: Outcome[] = [];
  const started = performance.now();
  try {
    for (const step of selected) {
      console.log(`\n━━━ ${step.id}: ${step.title} ━━━`);
      const t0 = performance.now();
      const left = TOTAL_BUDGET_MS - (t0 - started);
      const { output, exitCode, timedOut } = await run(
        step.cmd,
        Math.min(step.timeoutMs, Math.max(10_000, left)),
      );
      const seconds = (performance.now() - t0) / 1000;
      let counts: Counts = exitCode === 0
        ? { passed: 1, failed: 0, failures: [], notes: [] }
        : { passed: 0, failed: 1, failures: [`${step.id} exited with ${exitCode}`], notes: [] };
      if (step.parse !== undefined) counts = await step.parse(output, exitCode);
      await step.after?.();
      const notes = [...counts.notes];
      if (timedOut) {
        notes.push(`${step.id} was killed after ${seconds.toFixed(0)} s (step timeout)`);
      }
      if (exitCode !== 0 && counts.failed === 0) {
        counts = { ...counts, failed: 1 };
        if (!timedOut) {
          notes.push(`${step.id} exited with ${exitCode} but reported no failing test`);
        }
      }
      if (exitCode === 0 && counts.failed > 0) {
        notes.push(`${step.id} reported ${counts.failed} failures but exited with 0`);
      }
      outcomes.push({ step, counts, exitCode, seconds, notes });
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }

  const failedSteps = outcomes.filter((o) => o.exitCode !== 0 || o.counts.failed > 0);
  console.log("\n━━━ summary ━━━");
  console.log(table(outcomes));
  for (const o of outcomes) {
    for (const note of o.notes) console.log(`${o.step.id}: ${note}`);
  }
  for (const o of failedSteps) {
    const shown = o.counts.failures.slice(0, 30);
    console.log(`\n✖ ${o.step.id} failed${shown.length > 0 ? ":" : ""}`);
    for (const name of shown) console.log(`  ✖ ${name}`);
    if (o.counts.failures.length > shown.length) {
      console.log(`  … and ${o.counts.failures.length - shown.length} more`);
    }
  }
  const total = (outcomes.reduce((s, o) => s + o.seconds, 0)).toFixed(1);
  const wall = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${outcomes.length} steps in ${wall} s (${total} s in steps)`);
  const passed = outcomes.reduce((s, o) => s + o.counts.passed, 0);
  const failed = outcomes.reduce((s, o) => s + o.counts.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  return failedSteps.length > 0 ? 1 : 0;
}

process.exitCode = await main();
