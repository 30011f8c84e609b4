/**
 * Checks that the npm and JSR export maps describe the same package.
 *
 * The rule: JSR (`jsr.json` and `deno.json`, which must be identical) maps each subpath to a
 * TypeScript source, `"./<path>.ts"`. `package.json` must have exactly the same subpaths, and
 * each must map to what `scripts/build.ts` (tsc, `rootDir: "."`, `outDir: "dist"`) emits for
 * that source: `{ "types": "./dist/<path>.d.ts", "default": "./dist/<path>.js" }`. So
 * `"./testing": "./testing/mod.ts"` ↔ `"./testing": { "types": "./dist/testing/mod.d.ts",
 * "default": "./dist/testing/mod.js" }`. Every `bin` target must likewise be
 * `./dist/<path>.js` of an existing `<path>.ts`, and the three versions must agree.
 *
 * Usage (Node 22): `node scripts/check-exports.ts [--dist]`. With `--dist` (after
 * `scripts/build.ts`) it also checks that every mapped file exists under `dist/`, that Node
 * can import each entry point, and that no entry point but `./nats` reaches a `@nats-io/*`
 * package through its static imports (a user who never imports `upbit-ws/nats` loads none of
 * NATS; the CLI's `relay` command loads it with a dynamic `import()` when it runs). Prints every problem and exits 1 if there is one.
 *
 * @module
 */

/** The JS and declaration files the build emits for a source file. */
export interface DistTarget {
  /** `./dist/<path>.js` */
  js: string;
  /** `./dist/<path>.d.ts` */
  dts: string;
}

/** What {@linkcode checkExportMaps} compares: the parsed JSON of each manifest. */
export interface Manifests {
  /** `package.json` */
  packageJson: unknown;
  /** `jsr.json`, when the project has one. */
  jsrJson?: unknown;
  /** `deno.json`, when the project has one. */
  denoJson?: unknown;
}

const SOURCE = /^\.\/((?:[\w.-]+\/)*[\w.-]+)\.ts$/;

/**
 * Maps a JSR export target (`./<path>.ts`) to the files the build emits for it.
 *
 * @example
 * ```ts
 * sourceToDist("./testing/mod.ts"); // { js: "./dist/testing/mod.js", dts: "./dist/testing/mod.d.ts" }
 * ```
 */
export function sourceToDist(source: string): DistTarget {
  const path = SOURCE.exec(source)?.[1];
  if (path === undefined || path.startsWith("dist/") || path.includes("..")) {
    throw new TypeError(
      `Cannot map an export to dist as its target must be "./<path>.ts": current value is "${source}"`,
    );
  }
  return { js: `./dist/${path}.js`, dts: `./dist/${path}.d.ts` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** The JSR export map of a `jsr.json`/`deno.json`, normalised (`"exports": "./mod.ts"` → `"."`). */
function jsrExports(name: string, manifest: unknown, problems: string[]): Map<string, string> {
  const map = new Map<string, string>();
  const exports = isRecord(manifest) ? manifest["exports"] : undefined;
  if (typeof exports === "string") {
    map.set(".", exports);
    return map;
  }
  if (!isRecord(exports)) {
    problems.push(`${name}: "exports" must be an object: current value is ${show(exports)}`);
    return map;
  }
  for (const [subpath, target] of Object.entries(exports)) {
    if (typeof target !== "string") {
      problems.push(
        `${name}: exports["${subpath}"] must be a string: current value is ${show(target)}`,
      );
    } else map.set(subpath, target);
  }
  return map;
}

/**
 * Compares the export maps (and versions) of `package.json` with `jsr.json`/`deno.json`.
 *
 * @returns one message per problem; empty when they agree
 *
 * @example
 * ```ts
 * const problems = checkExportMaps({
 *   packageJson: { version: "1.0.0", exports: { ".": { types: "./dist/mod.d.ts", default: "./dist/mod.js" } } },
 *   jsrJson: { version: "1.0.0", exports: { ".": "./mod.ts" } },
 * });
 * console.log(problems); // []
 * ```
 */
export function checkExportMaps(manifests: Manifests): string[] {
  const problems: string[] = [];
  const jsrs: [string, unknown][] = [];
  if (manifests.jsrJson !== undefined) jsrs.push(["jsr.json", manifests.jsrJson]);
  if (manifests.denoJson !== undefined) jsrs.push(["deno.json", manifests.denoJson]);
  if (jsrs.length === 0) return ["neither jsr.json nor deno.json was given"];
  const [first, ...others] = jsrs.map(([name, m]) =>
    [name, jsrExports(name, m, problems)] as const
  );
  if (first === undefined) return problems;
  const [refName, ref] = first;
  for (const [name, map] of others) {
    for (const [subpath, target] of ref) {
      if (map.get(subpath) !== target) {
        problems.push(
          `${name}: exports["${subpath}"] must equal ${refName}'s "${target}": current value is ${
            show(map.get(subpath))
          }`,
        );
      }
    }
    for (const subpath of map.keys()) {
      if (!ref.has(subpath)) {
        problems.push(`${name}: exports["${subpath}"] is missing from ${refName}`);
      }
    }
  }

  const pkg = manifests.packageJson;
  const pkgExports = isRecord(pkg) ? pkg["exports"] : undefined;
  if (!isRecord(pkgExports)) {
    problems.push(
      `package.json: "exports" must be an object: current value is ${show(pkgExports)}`,
    );
    return problems;
  }
  for (const [subpath, source] of ref) {
    let expected: DistTarget;
    try {
      expected = sourceToDist(source);
    } catch (e) {
      problems.push(`${refName}: exports["${subpath}"]: ${(e as Error).message}`);
      continue;
    }
    const entry = pkgExports[subpath];
    if (entry === undefined) {
      problems.push(
        `package.json: exports["${subpath}"] is missing (${refName} maps it to "${source}")`,
      );
      continue;
    }
    const want = { types: expected.dts, default: expected.js };
    if (!isRecord(entry) || Object.keys(entry).join() !== "types,default") {
      problems.push(
        `package.json: exports["${subpath}"] must be ${
          show(want)
        } (types first): current value is ${show(entry)}`,
      );
      continue;
    }
    if (entry["types"] !== want.types || entry["default"] !== want.default) {
      problems.push(
        `package.json: exports["${subpath}"] must be ${
          show(want)
        } to match ${refName}'s "${source}"` +
          `: current value is ${show(entry)}`,
      );
    }
  }
  for (const subpath of Object.keys(pkgExports)) {
    if (!ref.has(subpath)) {
      problems.push(`package.json: exports["${subpath}"] is not exported by ${refName}`);
    }
  }

  const bin = isRecord(pkg) ? pkg["bin"] : undefined;
  const bins = typeof bin === "string" ? { bin } : isRecord(bin) ? bin : {};
  for (const [name, target] of Object.entries(bins)) {
    if (typeof target !== "string" || !/^\.\/dist\/.+\.js$/.test(target)) {
      problems.push(
        `package.json: bin["${name}"] must be "./dist/<path>.js": current value is ${show(target)}`,
      );
    }
  }

  const versions = [["package.json", pkg], ...jsrs].map(([name, m]) =>
    [name, isRecord(m) ? m["version"] : undefined] as const
  );
  const [, version] = versions[0] ?? [];
  for (const [name, v] of versions) {
    if (v !== version) {
      problems.push(
        `${name}: "version" must equal package.json's ${show(version)}: current value is ${
          show(v)
        }`,
      );
    }
  }
  return problems;
}

/**
 * The bare (package) specifiers that a JS file reaches through its static imports, following
 * relative ones transitively (a dynamic `import()` loads only when it runs, so it is not followed).
 *
 * @param file an absolute path of a `.js` file
 * @param read reads a file's text
 * @returns bare specifiers, e.g. `["jose", "@nats-io/nats-core"]`
 */
export function reachedPackages(file: string, read: (path: string) => string): string[] {
  const seen = new Set<string>();
  const bare = new Set<string>();
  const todo = [file];
  const spec = /(?:\bfrom\s*|^\s*import\s+|^\s*export\s+\*\s+from\s*)["']([^"']+)["']/gm;
  while (todo.length > 0) {
    const current = todo.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    let text: string;
    try {
      text = read(current);
    } catch {
      continue;
    }
    // Code only: doc comments quote imports in their examples.
    const code = text.split("\n").filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l)).join("\n");
    for (const m of code.matchAll(spec)) {
      const s = m[1]!;
      if (s.startsWith(".")) todo.push(new URL(s, `file://${current}`).pathname);
      else if (!s.startsWith("node:")) bare.add(s);
    }
  }
  return [...bare].sort();
}

/** The source file a `./dist/<path>.js` (or `.d.ts`) target was built from. */
export function distToSource(target: string): string {
  return target.replace(/^\.\/dist\//, "./").replace(/\.(d\.ts|js)$/, ".ts");
}

async function main(args: string[]): Promise<number> {
  const { existsSync, readFileSync } = await import("node:fs");
  const { fileURLToPath, pathToFileURL } = await import("node:url");
  const root = fileURLToPath(new URL("..", import.meta.url));
  const read = (name: string): unknown => {
    const path = `${root}${name}`;
    return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined;
  };
  const manifests: Manifests = { packageJson: read("package.json") };
  const jsr = read("jsr.json");
  const deno = read("deno.json");
  if (jsr !== undefined) manifests.jsrJson = jsr;
  if (deno !== undefined) manifests.denoJson = deno;
  const problems = checkExportMaps(manifests);

  const pkg = manifests.packageJson as Record<string, unknown>;
  const exports = isRecord(pkg["exports"]) ? pkg["exports"] : {};
  const targets = Object.values(exports).flatMap((e) => isRecord(e) ? Object.values(e) : []);
  const bin = pkg["bin"];
  const bins = typeof bin === "string" ? [bin] : isRecord(bin) ? Object.values(bin) : [];
  for (const target of [...targets, ...bins]) {
    if (typeof target !== "string") continue;
    const source = distToSource(target);
    if (!existsSync(`${root}${source}`)) {
      problems.push(
        `package.json: "${target}" would be built from "${source}", which does not exist`,
      );
    }
  }
  if (args.includes("--dist")) {
    for (const target of [...targets, ...bins]) {
      if (typeof target === "string" && !existsSync(`${root}${target}`)) {
        problems.push(`dist: "${target}" does not exist after the build`);
      }
    }
    for (const [subpath, entry] of Object.entries(exports)) {
      const file = isRecord(entry) ? entry["default"] : undefined;
      if (typeof file !== "string" || !existsSync(`${root}${file}`)) continue;
      if (subpath !== "./nats") {
        const nats = reachedPackages(`${root}${file}`, (p) => readFileSync(p, "utf8"))
          .filter((p) => p.startsWith("@nats-io/"));
        if (nats.length > 0) {
          problems.push(`dist: "${subpath}" reaches ${nats.join(", ")}; only "./nats" may`);
        }
      }
      try {
        await import(pathToFileURL(`${root}${file}`).href);
      } catch (e) {
        problems.push(`dist: importing "${subpath}" (${file}) failed: ${(e as Error).message}`);
      }
    }
  }
  for (const problem of problems) console.error(`✖ ${problem}`);
  const subpaths = Object.keys(exports).join(", ");
  if (problems.length === 0) console.log(`✔ export maps agree (${subpaths})`);
  return problems.length === 0 ? 0 : 1;
}

if (import.meta.main) {
  const { default: process } = await import("node:process");
  process.exitCode = await main(process.argv.slice(2));
}
