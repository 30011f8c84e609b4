/**
 * Checks every `@example` as it is written: each fenced code block of an `@example` in the
 * package's sources (`mod.ts`, `src/`, `testing/`, `cli/`, `nats/`) is written out as its own
 * module and type-checked with `deno check` (all in one call), with `upbit-ws`,
 * `upbit-ws/testing`, `upbit-ws/cli` and `upbit-ws/nats` mapped to the four entry points (as
 * JSR's `@upbit-ws/core` is).
 *
 * - The published examples (what `deno doc --json` shows for the entry points: every exported
 *   symbol, its members, and the module docs, wherever the symbol is declared) may import only
 *   the package's entry points, `node:` modules and the package's dependencies: an import of a
 *   relative path (`"./x.ts"`) is refused, as a user cannot write it.
 * - The examples of internal files (which `deno doc` does not show) document an internal for the
 *   project's readers: a relative import there resolves against the file that holds the example
 *   (the specifier is rewritten to that file's folder), so it is checked as the reader would run
 *   it next to its source.
 *
 * Names that are not exported fail the type-check either way.
 *
 * Usage (Node 22): `node scripts/check-doc-examples.ts` prints one line per problem and exits 1
 * on any; `--list` prints where each example is.
 *
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The entry points, by the specifier a user writes. */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  "upbit-ws": "mod.ts",
  "upbit-ws/testing": "testing/mod.ts",
  "upbit-ws/cli": "cli/mod.ts",
  "upbit-ws/nats": "nats/mod.ts",
};

/** Fences that hold code to check (a bare fence is TypeScript, as `deno test --doc` reads it). */
const CODE_FENCES: ReadonlySet<string> = new Set(["", "ts", "typescript", "js", "javascript"]);

/**
 * The strict options of the project's `tsconfig.json` that Deno's checker takes (its defaults
 * leave out all but `strict`): an example must type-check under them.
 */
export const STRICT_OPTIONS: Readonly<Record<string, boolean>> = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
};

/** One fenced block of an `@example`. */
export interface DocExample {
  /** The file of what it documents, relative to the repository root. */
  file: string;
  /** 1-based line of what it documents. */
  line: number;
  code: string;
}

/**
 * The fenced code blocks of one `@example` tag's text (a bare fence is TypeScript, as
 * `deno test --doc` reads it; `sh` and other languages are left alone).
 *
 * @param doc the tag's text
 * @returns each block's code
 */
export function codeBlocks(doc: string): string[] {
  const out: string[] = [];
  const lines = doc.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i]!);
    if (CODE_FENCES.has(open[1] ?? "")) out.push(body.join("\n") + "\n");
  }
  return out;
}

/**
 * Every `@example` code block in a `deno doc --json` output: on symbols, their members and the
 * module docs, each with the file and line of what it documents.
 *
 * @param doc the parsed output
 * @param root the repository root, with a trailing slash (file names are made relative to it)
 * @returns the blocks, deduplicated (a symbol re-exported by two entry points counts once)
 */
export function docExamples(doc: unknown, root: string): DocExample[] {
  const out = new Map<string, DocExample>();
  const visit = (value: unknown, where: { file: string; line: number }): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, where);
      return;
    }
    if (typeof value !== "object" || value === null) return;
    const record = value as Record<string, unknown>;
    const location = record["location"] as { filename?: string; line?: number } | undefined;
    const here = location?.filename !== undefined
      ? { file: location.filename.replace(`file://${root}`, ""), line: location.line ?? 0 }
      : where;
    const tags = (record["jsDoc"] as { tags?: { kind: string; doc?: string }[] } | undefined)?.tags;
    for (const tag of tags ?? []) {
      if (tag.kind !== "example" || tag.doc === undefined) continue;
      for (const code of codeBlocks(tag.doc)) {
        out.set(`${here.file}\0${code}`, { file: here.file, line: here.line, code });
      }
    }
    for (const [key, child] of Object.entries(record)) {
      if (key !== "jsDoc" && key !== "location") visit(child, here);
    }
  };
  const nodes = (doc as { nodes?: Record<string, unknown> }).nodes ?? {};
  for (const [url, node] of Object.entries(nodes)) {
    visit(node, { file: url.replace(`file://${root}`, ""), line: 1 });
  }
  return [...out.values()];
}

/**
 * The `@example` code blocks written in the doc comments (`/** … *\/`) of a source text, for
 * the files behind the entry points whose symbols `deno doc` does not show (internal ones): an
 * example there that imports the package must still be true of it.
 *
 * @param file the file, relative to the repository root
 * @param text its source
 * @returns the blocks, each with the line of its opening fence
 */
export function commentExamples(file: string, text: string): DocExample[] {
  const out: DocExample[] = [];
  const lines = text.split("\n");
  let inDoc = false;
  let inExample = false;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (!inDoc) {
      inDoc = /^\s*\/\*\*/.test(raw) && !/\*\/\s*$/.test(raw);
      inExample = false;
      continue;
    }
    if (/\*\/\s*$/.test(raw)) {
      inDoc = false;
      continue;
    }
    const line = raw.replace(/^\s*\* ?/, "");
    const tag = /^@(\w+)/.exec(line);
    if (tag) inExample = tag[1] === "example";
    const open = /^```(\w*)\s*$/.exec(line);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length; i++) {
      if (/\*\/\s*$/.test(lines[i] ?? "")) break;
      const inner = (lines[i] ?? "").replace(/^\s*\* ?/, "");
      if (/^```\s*$/.test(inner)) break;
      body.push(inner);
    }
    if (inExample && CODE_FENCES.has(open[1] ?? "")) {
      out.push({ file, line: start + 1, code: body.join("\n") + "\n" });
    }
  }
  return out;
}

/** The folders whose `.ts` files are the package's sources (besides the root `mod.ts`). */
export const SOURCE_DIRS: readonly string[] = ["src", "testing", "cli", "nats"];

/**
 * The package's source files: the root `mod.ts` and every `.ts` file under {@link SOURCE_DIRS}
 * (tests live in `tests/`, so none is among them).
 *
 * @param root the repository root, with a trailing slash
 * @returns the files, relative to `root`, sorted
 */
export function sourceFiles(root: string): string[] {
  const files = ["mod.ts"];
  for (const dir of SOURCE_DIRS) {
    const names = readdirSync(join(root, dir), { recursive: true, encoding: "utf8" });
    for (const name of names) if (name.endsWith(".ts")) files.push(`${dir}/${name}`);
  }
  return files.sort();
}

/**
 * The module specifiers an example imports (static, `export … from`, and `import("…")`).
 *
 * @param code the example
 * @returns the specifiers, in order
 */
export function importsOf(code: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(["'])([^"']+)\1/gm;
  for (const m of code.matchAll(pattern)) found.push(m[2]!);
  return found;
}

/**
 * What is wrong with an example's imports (empty: nothing).
 *
 * @param code the example
 * @returns one message per refused specifier
 */
export function importProblems(code: string): string[] {
  return importsOf(code)
    .filter((s) => s.startsWith(".") || s.startsWith("/") || s.startsWith("file:"))
    .map((s) =>
      `imports ${JSON.stringify(s)}, which a user cannot: import it from ${
        Object.keys(ENTRY_POINTS).map((e) => JSON.stringify(e)).join(", ")
      }, or drop the example`
    );
}

/**
 * The example as Deno type-checks it: the package's specifiers pointed at its sources.
 *
 * @param code the example
 * @param root the repository root, with a trailing slash
 * @returns the rewritten module
 */
export function mapEntryPoints(code: string, root: string): string {
  return code.replace(
    /(["'])(upbit-ws(?:\/testing|\/cli|\/nats)?)\1/g,
    (whole, _q: string, spec: string) => {
      const target = ENTRY_POINTS[spec];
      return target === undefined ? whole : JSON.stringify(`${root}${target}`);
    },
  );
}

/**
 * The example as its own file would resolve it: each relative specifier (`"./x.ts"`,
 * `"../y.ts"`) pointed at the folder of the file that holds the example, so the scratch copy
 * can live elsewhere.
 *
 * @param code the example
 * @param file the file that holds it, relative to `root`
 * @param root the repository root, with a trailing slash
 * @returns the rewritten module
 */
export function mapRelative(code: string, file: string, root: string): string {
  const base = new URL(file, `file://${root}`);
  return code.replace(
    /(\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(["'])(\.\.?\/[^"']+)\2/gm,
    (_whole, lead: string, _q: string, spec: string) =>
      `${lead}${JSON.stringify(fileURLToPath(new URL(spec, base)))}`,
  );
}

if (import.meta.main) {
  const root = fileURLToPath(new URL("..", import.meta.url));
  const deno = join(root, "node_modules/.bin/deno");
  const json = execFileSync(deno, ["doc", "--json", ...Object.values(ENTRY_POINTS)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const published = docExamples(JSON.parse(json), root);
  // Every other example in the sources (internal files, and blocks deno doc does not attach).
  const seen = new Set(published.map((e) => `${e.file}\0${e.code}`));
  const internal = sourceFiles(root).flatMap((file) =>
    commentExamples(file, readFileSync(join(root, file), "utf8"))
  ).filter((e) => !seen.has(`${e.file}\0${e.code}`));
  const examples = [...published, ...internal];
  if (process.argv.includes("--list")) {
    for (const e of examples) console.log(`${e.file}:${e.line}`);
  }
  const problems: string[] = [];
  for (const e of published) {
    for (const p of importProblems(e.code)) problems.push(`${e.file}:${e.line}: ${p}`);
  }
  // Inside the repository (bare imports resolve through its package.json; `.tmp/` is ignored
  // by git), outside node_modules (Deno does not type-check files there); removed at the end.
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(root, ".tmp/doc-examples-"));
  const configFile = join(root, `.doc-examples-${dir.slice(-6)}.deno.json`);
  try {
    const names = new Map<string, DocExample>();
    for (const e of examples) {
      const name = `${e.file.replaceAll("/", "__")}_line_${e.line}_${names.size}.ts`;
      names.set(name, e);
      writeFileSync(join(dir, name), mapRelative(mapEntryPoints(e.code, root), e.file, root));
    }
    const files = [...names.keys()].map((n) => join(dir, n));
    // The project's deno.json with the strict options of its tsconfig.json: an example holds
    // for a user who compiles as strictly as the package does.
    // It sits in the root (a unique name, removed below) so Deno finds node_modules from it.
    const config = JSON.parse(readFileSync(join(root, "deno.json"), "utf8")) as object;
    writeFileSync(configFile, JSON.stringify({ ...config, compilerOptions: STRICT_OPTIONS }));
    const r = spawnSync(deno, ["check", "--quiet", "--config", configFile, ...files], {
      cwd: root,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1" },
    });
    if (r.status !== 0) {
      // Each diagnostic names the scratch file: point at the example's file and line instead.
      const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const text = `${r.stdout}${r.stderr}`.replace(
        new RegExp(`(?:file://)?${escaped}/([\\w.-]+?):(\\d+):(\\d+)`, "g"),
        (whole, name: string, line: string) => {
          const e = names.get(name);
          return e === undefined ? whole : `${e.file}:${e.line} (the example's line ${line})`;
        },
      );
      problems.push(`deno check refused examples:\n${text.trim()}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(configFile, { force: true });
  }
  for (const p of problems) console.log(p);
  console.log(
    `${examples.length} examples in ${new Set(examples.map((e) => e.file)).size} files: ${
      problems.length === 0 ? "all type-check" : "problems above"
    }`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
