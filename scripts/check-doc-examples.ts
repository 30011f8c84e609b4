/**
 * Checks every `@example` of the published entry points as a user would write it: each fenced
 * code block of an `@example` that `deno doc --json` shows for the four entry points (`mod.ts`,
 * `testing/mod.ts`, `cli/mod.ts`, `nats/mod.ts`: every exported symbol, its members, and the
 * module docs, wherever the symbol is declared) is written out as its own module and
 * type-checked with `deno check`, with `upbit-ws`, `upbit-ws/testing`, `upbit-ws/cli` and
 * `upbit-ws/nats` mapped to those entry points (as JSR's `@upbit-ws/core` is). An example may
 * import only the package's entry points, `node:` modules and the package's dependencies: an
 * import of a relative path (`"./x.ts"`) is refused, as a user cannot write it. Names the
 * package does not export fail the type-check. The examples of internal files (which `deno doc`
 * does not show) are checked too when they import only the package: what they claim a user
 * can write must be true. One that imports its own file by a relative path documents an internal
 * for the project's readers, not for users, and is left alone.
 *
 * Usage (Node 22): `node scripts/check-doc-examples.ts` prints one line per problem and exits 1
 * on any; `--list` prints where each example is.
 *
 * @module
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

/**
 * The repository's source files the entry points load (`deno info --json`), relative to `root`.
 *
 * @param root the repository root, with a trailing slash
 * @param deno the deno binary
 * @returns the files, sorted
 */
export function loadedFiles(root: string, deno: string): string[] {
  const files = new Set<string>();
  for (const entry of Object.values(ENTRY_POINTS)) {
    const json = execFileSync(deno, ["info", "--json", entry], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    const graph = JSON.parse(json) as { modules: { specifier: string; local?: string }[] };
    for (const m of graph.modules) {
      const rel = m.specifier.startsWith(`file://${root}`)
        ? m.specifier.slice(`file://${root}`.length)
        : undefined;
      if (rel !== undefined && !rel.startsWith("node_modules/") && rel.endsWith(".ts")) {
        files.add(rel);
      }
    }
  }
  return [...files].sort();
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
  // Examples of internal things that claim to be user code (they import the package).
  const seen = new Set(published.map((e) => e.code));
  const internal = loadedFiles(root, deno).flatMap((file) =>
    commentExamples(file, readFileSync(join(root, file), "utf8"))
  ).filter((e) =>
    !seen.has(e.code) && /(["'])upbit-ws(\/[a-z]+)?\1/.test(e.code) &&
    importProblems(e.code).length === 0
  );
  const examples = [...published, ...internal];
  if (process.argv.includes("--list")) {
    for (const e of examples) console.log(`${e.file}:${e.line}`);
  }
  const problems: string[] = [];
  for (const e of examples) {
    for (const p of importProblems(e.code)) problems.push(`${e.file}:${e.line}: ${p}`);
  }
  // Inside the repository (bare imports resolve through its package.json; `.tmp/` is ignored
  // by git), outside node_modules (Deno does not type-check files there); removed at the end.
  mkdirSync(join(root, ".tmp"), { recursive: true });
  const dir = mkdtempSync(join(root, ".tmp/doc-examples-"));
  try {
    const names = new Map<string, DocExample>();
    for (const e of examples) {
      const name = `${e.file.replaceAll("/", "__")}_line_${e.line}_${names.size}.ts`;
      names.set(name, e);
      writeFileSync(join(dir, name), mapEntryPoints(e.code, root));
    }
    const files = [...names.keys()].map((n) => join(dir, n));
    const r = spawnSync(deno, ["check", "--quiet", "--config", join(root, "deno.json"), ...files], {
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
  }
  for (const p of problems) console.log(p);
  console.log(
    `${examples.length} examples in ${new Set(examples.map((e) => e.file)).size} files: ${
      problems.length === 0 ? "all type-check against the entry points" : "problems above"
    }`,
  );
  process.exitCode = problems.length === 0 ? 0 : 1;
}
