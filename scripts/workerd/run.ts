/**
 * Runs the test suite on workerd: each test file is bundled by esbuild (`platform: "browser"`,
 * ESM, `node:test` aliased to our shim `scripts/workerd/node_test.ts`, `ws` to a throwing stub,
 * other `node:*` modules left to workerd's `nodejs_compat`) into its own Worker, and each Worker
 * runs under its own Miniflare instance. The Worker's fetch handler loads the file, runs its
 * tests and answers with JSON results.
 *
 * Tests that need a server get one through the emulator spawner (`scripts/emulator-spawner.ts`),
 * started here in the Node driver; its URL reaches the Worker as the `UPBIT_EMULATOR_SPAWNER`
 * binding and is set on `globalThis.UPBIT_EMULATOR_SPAWNER` before the test file loads.
 *
 * A test file whose first line is `// @workerd-skip-bundle: <reason>` is not run here (only for
 * tests of the server itself); it is listed with its reason.
 *
 * Usage (Node 22): `node scripts/workerd/run.ts [tests/a.test.ts ...]`. Prints each test, then
 * `excluded: <file> (<reason>)` lines and, last, `N passed, N failed`. Exits 1 on any failure.
 *
 * @module
 */

import { readdir, readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, relative, resolve } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";
import { Log, LogLevel, Miniflare } from "miniflare";
import type { RunResult } from "./node_test.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHIM = fileURLToPath(new URL("./node_test.ts", import.meta.url));
const WS_STUB = fileURLToPath(new URL("./ws_stub.ts", import.meta.url));
const SPAWNER = join(ROOT, "scripts", "emulator-spawner.ts");
const SKIP_MARK = /^\/\/\s*@workerd-skip-bundle:\s*(.+)$/;

/** Worker settings: the same for every file. */
export const COMPATIBILITY_DATE = "2026-07-01";
/** Per-test timeout inside the Worker for tests that set none. */
const DEFAULT_TEST_TIMEOUT_MS = 30_000;
/** A whole file (load + every test) must finish within this. */
const FILE_TIMEOUT_MS = 120_000;

/** One test file's outcome. */
interface FileOutcome {
  file: string;
  result: RunResult | undefined;
  error: string | undefined;
  seconds: number;
}

/** Lists `tests/**\/*.test.ts` (helpers under `tests/_helpers/` are not tests). */
export async function findTestFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith(".test.ts")) {
      out.push(relative(ROOT, join(entry.parentPath, entry.name)));
    }
  }
  return out.sort();
}

/** The `// @workerd-skip-bundle: reason` mark of a file, if any. */
export async function skipReason(file: string): Promise<string | undefined> {
  const text = await readFile(resolve(ROOT, file), "utf8");
  const first = text.split("\n", 1)[0] ?? "";
  return SKIP_MARK.exec(first.trim())?.[1]?.trim();
}

const aliasPlugin: esbuild.Plugin = {
  name: "workerd-aliases",
  setup(build) {
    build.onResolve({ filter: /^node:test$/ }, () => ({ path: SHIM }));
    build.onResolve({ filter: /^ws$/ }, () => ({ path: WS_STUB }));
  },
};

/** A bundled Worker: its ESM source and the source map to read its stack traces with. */
export interface Bundle {
  /** The Worker module. */
  script: string;
  /** Maps `worker.js:line:column` back to the TypeScript sources. */
  map: SourceMap | undefined;
}

/** Bundles one test file into a Worker module (ESM source). */
export async function bundle(file: string): Promise<Bundle> {
  const entry = [
    `import { run } from ${JSON.stringify(SHIM)};`,
    "export default {",
    "  async fetch(request, env) {",
    '    if (typeof env.UPBIT_EMULATOR_SPAWNER === "string") {',
    "      globalThis.UPBIT_EMULATOR_SPAWNER = env.UPBIT_EMULATOR_SPAWNER;",
    "    }",
    "    const result = await run({",
    `      load: () => import(${JSON.stringify(resolve(ROOT, file))}),`,
    `      defaultTimeout: ${DEFAULT_TEST_TIMEOUT_MS},`,
    "    });",
    "    return Response.json(result);",
    "  },",
    "};",
  ].join("\n");
  const built = await esbuild.build({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: "workerd-entry.js", loader: "js" },
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    target: "es2023",
    outfile: join(ROOT, "worker.js"),
    sourcemap: "external",
    sourcesContent: false,
    conditions: ["workerd", "worker", "browser"],
    external: ["node:*"],
    plugins: [aliasPlugin],
    logLevel: "silent",
  });
  const output = built.outputFiles.find((f) => f.path.endsWith(".js"));
  if (output === undefined) throw new Error(`esbuild produced no output for ${file}`);
  const map = built.outputFiles.find((f) => f.path.endsWith(".js.map"));
  return { script: output.text, map: map && new SourceMap(JSON.parse(map.text)) };
}

/** Rewrites `worker.js:line:column` in a stack trace to the original `file:line:column`. */
export function mapStack(stack: string, map: SourceMap | undefined): string {
  if (map === undefined) return stack;
  return stack.replace(/(?:file:\/\/[^\s()]*\/)?worker\.js:(\d+):(\d+)/g, (whole, l, c) => {
    const entry = map.findEntry(Number(l) - 1, Number(c) - 1);
    if (!("originalSource" in entry) || entry.originalSource === undefined) return whole;
    const source = entry.originalSource.replace(/^file:\/\//, "");
    const path = relative(ROOT, resolve(ROOT, source));
    return `${path}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runFile(file: string, spawnerUrl: string | undefined): Promise<FileOutcome> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  let built: Bundle;
  try {
    built = await bundle(file);
  } catch (e) {
    const errors = (e as { errors?: esbuild.Message[] }).errors;
    const text = errors !== undefined
      ? (await esbuild.formatMessages(errors, { kind: "error" })).join("\n")
      : String(e);
    return { file, result: undefined, error: `bundling failed:\n${text}`, seconds: seconds() };
  }
  let mf: Miniflare | undefined;
  try {
    mf = new Miniflare({
      modules: [{ type: "ESModule", path: "worker.js", contents: built.script }],
      compatibilityDate: COMPATIBILITY_DATE,
      compatibilityFlags: ["nodejs_compat"],
      bindings: spawnerUrl === undefined ? {} : { UPBIT_EMULATOR_SPAWNER: spawnerUrl },
      log: new Log(LogLevel.WARN),
      cf: false,
    });
    const res = await withTimeout(
      mf.dispatchFetch("http://localhost/run"),
      FILE_TIMEOUT_MS,
      `${file} on workerd`,
    );
    const body = await res.text();
    if (!res.ok) throw new Error(`the Worker answered ${res.status}: ${body.slice(0, 2000)}`);
    const result = JSON.parse(body) as RunResult;
    for (const t of result.tests) {
      if (t.error !== undefined) t.error.stack = mapStack(t.error.stack, built.map);
    }
    return { file, result, error: undefined, seconds: seconds() };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { file, result: undefined, error: message, seconds: seconds() };
  } finally {
    await mf?.dispose().catch(() => {});
  }
}

function indent(text: string, prefix = "    "): string {
  return text.split("\n").map((l) => prefix + l).join("\n");
}

async function main(args: string[]): Promise<number> {
  const files = args.length > 0 ? args : await findTestFiles(join(ROOT, "tests"));
  let spawner: { url: string; close(): Promise<void> } | undefined;
  if (existsSync(SPAWNER)) {
    try {
      const mod = await import(SPAWNER) as {
        startSpawner(): Promise<{ url: string; close(): Promise<void> }>;
      };
      spawner = await mod.startSpawner();
    } catch (e) {
      // Tests that need an emulator will fail and say so; the others still run.
      console.log(`✖ could not start the emulator spawner: ${(e as Error).stack ?? String(e)}`);
    }
  }
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const excluded: string[] = [];
  try {
    for (const file of files) {
      const reason = await skipReason(file);
      if (reason !== undefined) {
        excluded.push(`excluded: ${file} (${reason})`);
        continue;
      }
      const outcome = await runFile(file, spawner?.url);
      console.log(`\n${file} (${outcome.seconds.toFixed(2)} s)`);
      if (outcome.result === undefined) {
        failed++;
        console.log(`  ✖ ${file} could not run on workerd\n${indent(outcome.error ?? "")}`);
        continue;
      }
      for (const t of outcome.result.tests) {
        const ms = `(${t.durationMs.toFixed(1)} ms)`;
        if (t.status === "pass") console.log(`  ✔ ${t.name} ${ms}`);
        else if (t.status === "fail") {
          console.log(`  ✖ ${t.name} ${ms}`);
          console.log(indent(t.error?.stack || `${t.error?.name}: ${t.error?.message}`));
        } else console.log(`  ﹣ ${t.name} # ${t.status}`);
      }
      passed += outcome.result.passed;
      failed += outcome.result.failed;
      skipped += outcome.result.skipped;
    }
  } finally {
    await spawner?.close();
  }
  console.log("");
  for (const line of excluded) console.log(line);
  console.log(`workerd: ${files.length - excluded.length} files, ${skipped} skipped`);
  console.log(`${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

if (import.meta.main) {
  const code = await main(process.argv.slice(2));
  await esbuild.stop();
  process.exit(code);
}
