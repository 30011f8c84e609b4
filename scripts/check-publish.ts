/**
 * Publish-readiness checks, run by Node 22: `node scripts/check-publish.ts [--no-build]`.
 *
 * 1. versions agree (package.json, deno.json, jsr.json, the CLI's `--version`);
 * 2. `deno publish --dry-run` (no slow types; needs no network);
 * 3. the build (`scripts/build.ts`), then `dist/` holds `.js` + `.d.ts` for every export and the
 *    bin, with no `.ts` import specifiers left in `.js` (in `.d.ts` they are only noted: TypeScript
 *    resolves them); `--no-build` checks the `dist/` already there;
 * 4. `npm pack`: the tarball holds `dist`, README and LICENSE and nothing else of the repo, and
 *    declares `sideEffects: false`;
 * 5. publint (`--strict`) and `@arethetypeswrong/cli` (`--profile esm-only`: the package is ESM
 *    only) on the tarball;
 * 6. a scratch project in a temp dir installs the tarball; on Node 22 and on Bun it imports
 *    `upbit-ws`, reads `health()` and takes a snapshot from an emulator started here; `tsc`
 *    type-checks a consumer with `moduleResolution: nodenext`; the `upbit-ws` bin answers
 *    `--version` and a `snapshot`; `upbit-ws dashboard --emulator` finds its page and chart
 *    library in the install; `upbit-ws/testing` imports.
 *
 * 7. a clean checkout (the files git tracks or would track, without `dist/`, as a fresh clone or a
 *    git install has them) packs into the real package: `npm pack` runs the `prepare` script,
 *    which builds `dist/`; the tarball installs and `upbit-ws` imports and answers from it.
 *
 * Prints one line per check and `N passed, N failed`; exits 1 on any failure.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startEmulator } from "../testing/mod.ts";
import { VERSION } from "../cli/help.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const node22 = `${root}node_modules/node22/bin/node`;
const bin = {
  node22,
  deno: `${root}node_modules/.bin/deno`,
  bun: `${root}node_modules/.bin/bun`,
  tsc: `${root}node_modules/.bin/tsc`,
  publint: `${root}node_modules/publint/src/cli.js`,
  attw: `${root}node_modules/@arethetypeswrong/cli/dist/index.js`,
  npm: "npm",
};
// npm, the bin's `#!/usr/bin/env node` and npm's scripts must find Node 22 first.
const PATH = `${dirname(node22)}:${process.env.PATH ?? ""}`;
const noBuild = process.argv.includes("--no-build");

interface Result {
  name: string;
  ok: boolean;
}
const results: Result[] = [];

async function check(name: string, fn: () => Promise<string | void>): Promise<boolean> {
  const started = performance.now();
  try {
    const note = await fn();
    const s = ((performance.now() - started) / 1000).toFixed(2);
    console.log(`ok    ${name} (${s} s)${note ? ` — ${note}` : ""}`);
    results.push({ name, ok: true });
    return true;
  } catch (e) {
    const s = ((performance.now() - started) / 1000).toFixed(2);
    const detail = e instanceof Error ? e.message : String(e);
    console.log(`FAIL  ${name} (${s} s)\n      ${detail.trim().replaceAll("\n", "\n      ")}`);
    results.push({ name, ok: false });
    return false;
  }
}

function skip(name: string, why: string): void {
  console.log(`FAIL  ${name} — not run: ${why}`);
  results.push({ name, ok: false });
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface Ran {
  code: number | string;
  stdout: string;
  stderr: string;
}

function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd ?? root,
      env: { ...process.env, PATH, NO_COLOR: "1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 180_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${String(e)}` });
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr });
    });
  });
}

function expectOk(what: string, r: Ran): Ran {
  if (r.code !== 0) {
    const tail = (s: string) => s.trim().split("\n").slice(-25).join("\n");
    throw new Error(`${what} exited ${r.code}\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  }
  return r;
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = `${prefix}${e.name}`;
    if (e.isDirectory()) out.push(...await listFiles(join(dir, e.name), `${rel}/`));
    else out.push(rel);
  }
  return out;
}

const pkg = JSON.parse(await readFile(`${root}package.json`, "utf8")) as {
  version: string;
  sideEffects?: unknown;
  bin?: Record<string, string>;
  exports: Record<string, { types: string; default: string }>;
};
const scratch = await mkdtemp(join(tmpdir(), "upbit-ws-publish-"));
const emu = await startEmulator();

try {
  await check("versions agree (package.json, deno.json, jsr.json, cli)", async () => {
    const deno = JSON.parse(await readFile(`${root}deno.json`, "utf8")) as { version: string };
    const jsr = JSON.parse(await readFile(`${root}jsr.json`, "utf8")) as { version: string };
    const all = {
      "package.json": pkg.version,
      "deno.json": deno.version,
      "jsr.json": jsr.version,
      cli: VERSION,
    };
    assert(new Set(Object.values(all)).size === 1, `versions differ: ${JSON.stringify(all)}`);
    return pkg.version;
  });

  await check("deno publish --dry-run (slow types, excluded modules)", async () => {
    expectOk(
      "deno publish --dry-run",
      await run(bin.deno, ["publish", "--dry-run", "--allow-dirty"]),
    );
  });

  let built = false;
  if (noBuild) {
    built = existsSync(`${root}dist`);
    console.log(`--no-build: using the dist/ already there (${built ? "present" : "missing"})`);
  } else if (existsSync(`${root}scripts/build.ts`)) {
    built = await check("build (node scripts/build.ts)", async () => {
      expectOk("scripts/build.ts", await run(bin.node22, ["scripts/build.ts"]));
    });
  } else {
    skip("build (node scripts/build.ts)", "scripts/build.ts does not exist yet");
  }

  const distOk = built &&
    await check("dist: .js + .d.ts per export, and the bin", async () => {
      const files = await listFiles(`${root}dist`);
      const missing: string[] = [];
      for (const [sub, target] of Object.entries(pkg.exports)) {
        for (const f of [target.default, target.types]) {
          if (!existsSync(join(root, f))) missing.push(`${sub}: ${f}`);
        }
      }
      for (const f of Object.values(pkg.bin ?? {})) {
        if (!existsSync(join(root, f))) missing.push(`bin: ${f}`);
        else {
          const head = (await readFile(join(root, f), "utf8")).slice(0, 40);
          assert(
            head.startsWith("#!/usr/bin/env node"),
            `the bin ${f} lacks a #!/usr/bin/env node line`,
          );
        }
      }
      assert(missing.length === 0, `missing: ${missing.join(", ")}`);
      return `${files.length} files`;
    });
  if (distOk) {
    await check("dist: no .ts import specifiers left in .js or .d.ts", async () => {
      const files = await listFiles(`${root}dist`);
      const leftovers: string[] = [];
      for (const f of files.filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))) {
        // Code lines only: doc comments quote `.ts` imports in their examples.
        const code = (await readFile(`${root}dist/${f}`, "utf8")).split("\n")
          .filter((l) => !/^\s*(\*|\/\/|\/\*)/.test(l));
        if (code.some((l) => /(?:from|import\()\s*["']\.{1,2}\/[^"']+\.ts["']/.test(l))) {
          leftovers.push(f);
        }
      }
      // tsc maps "./x.ts" in a declaration file to x.d.ts, but Deno checking a script that
      // imports the npm build does not: scripts/build.ts rewrites them, and this keeps it so.
      assert(leftovers.length === 0, `.ts import specifiers left in ${leftovers.join(", ")}`);
    });
  }

  let tarball: string | undefined;
  if (distOk) {
    await check("npm pack: dist + README + LICENSE only, sideEffects false", async () => {
      const r = expectOk(
        "npm pack",
        await run(bin.npm, ["pack", "--json", "--pack-destination", scratch, "--ignore-scripts"]),
      );
      const info = JSON.parse(r.stdout) as {
        filename: string;
        files: { path: string }[];
        size: number;
      }[];
      const first = info[0];
      assert(first, "npm pack printed nothing");
      tarball = join(scratch, first.filename);
      const paths = first.files.map((f) => f.path);
      const stray = paths.filter((p) =>
        !p.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(p)
      );
      assert(stray.length === 0, `unexpected files in the tarball: ${stray.join(", ")}`);
      for (const p of ["README.md", "LICENSE", "package.json"]) {
        assert(paths.includes(p), `no ${p}`);
      }
      assert(paths.some((p) => p.endsWith(".d.ts")), "no .d.ts files");
      assert(!paths.some((p) => p.endsWith(".ts") && !p.endsWith(".d.ts")), "raw .ts sources");
      assert(
        pkg.sideEffects === false,
        `sideEffects must be false: ${JSON.stringify(pkg.sideEffects)}`,
      );
      return `${first.filename}, ${paths.length} files, ${(first.size / 1024).toFixed(1)} KB`;
    });
  } else {
    skip("npm pack", "needs a complete dist/");
  }

  if (tarball) {
    const tgz = tarball;
    await check("publint --strict", async () => {
      const r = expectOk("publint", await run(bin.node22, [bin.publint, "run", tgz, "--strict"]));
      return r.stdout.trim().split("\n").at(-1);
    });
    await check("attw --profile esm-only", async () => {
      expectOk(
        "attw",
        await run(bin.node22, [bin.attw, tgz, "--profile", "esm-only", "--no-emoji"]),
      );
    });

    const installed = await check("scratch project: npm install <tarball>", async () => {
      await writeFile(
        join(scratch, "package.json"),
        JSON.stringify({ name: "scratch", private: true, type: "module" }),
      );
      expectOk(
        "npm install",
        await run(
          bin.npm,
          ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--prefer-offline", tgz],
          { cwd: scratch },
        ),
      );
    });
    if (installed) {
      await writeFile(
        join(scratch, "use.mjs"),
        `import { UpbitClient } from "upbit-ws";
const client = new UpbitClient({ url: process.env.UPBIT_WS_URL, reconnect: false });
const before = client.health().status;
const [t] = await client.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 5000 });
await client.close();
console.log(JSON.stringify({ before, code: t.code, price: t.tradePrice, after: client.health().status }));
`,
      );
      const use = async (cmd: string) => {
        const r = expectOk(
          "use.mjs",
          await run(cmd, ["use.mjs"], { cwd: scratch, env: { UPBIT_WS_URL: emu.url } }),
        );
        const out = JSON.parse(r.stdout.trim()) as { before: string; code: string; price: number };
        assert(out.before === "healthy" && out.code === "KRW-BTC" && out.price > 0, r.stdout);
        return r.stdout.trim();
      };
      await check(
        "packed upbit-ws on Node 22: health() + snapshot from the emulator",
        () => use(bin.node22),
      );
      await check(
        "packed upbit-ws on Bun: health() + snapshot from the emulator",
        () => use(bin.bun),
      );

      await check(
        "packed CLI on Node 22: dashboard --emulator finds its page and chart library",
        async () => {
          const cli = join(scratch, "node_modules", "upbit-ws", "dist", "cli", "mod.js");
          const r = expectOk(
            "upbit-ws dashboard",
            await run(bin.node22, [cli, "dashboard", "--emulator", "--duration", "1"], {
              cwd: scratch,
            }),
          );
          const url = /^upbit-ws dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/m.exec(
            r.stdout,
          );
          assert(url, r.stdout);
          return url[1]?.replace(/token=\S+/, "token=…");
        },
      );

      await check("packed types: tsc consumer (nodenext, strict)", async () => {
        await writeFile(
          join(scratch, "consumer.ts"),
          `import { UpbitClient, UpbitError, type TickerEvent } from "upbit-ws";
const client = new UpbitClient({ profile: "development" });
const price = (t: TickerEvent): number => t.tradePrice;
const [t] = await client.snapshot("ticker", ["KRW-BTC"]);
if (t) console.log(price(t), client.health().status, new UpbitError("TIMEOUT", "x").code);
await client.close();
`,
        );
        expectOk(
          "tsc",
          await run(bin.tsc, [
            "--noEmit",
            "--strict",
            "--target",
            "es2022",
            "--module",
            "nodenext",
            "--moduleResolution",
            "nodenext",
            "--lib",
            "es2022,esnext.disposable,dom",
            "--types",
            "",
            "consumer.ts",
          ], { cwd: scratch }),
        );
      });

      await check("packed types: deno check of a script importing the npm build", async () => {
        await writeFile(
          join(scratch, "deno_consumer.ts"),
          await readFile(join(scratch, "consumer.ts"), "utf8"),
        );
        expectOk(
          "deno check",
          await run(bin.deno, ["check", "--node-modules-dir=manual", "deno_consumer.ts"], {
            cwd: scratch,
          }),
        );
      });

      await check("packed bin: upbit-ws --version and snapshot", async () => {
        const cli = join(scratch, "node_modules/.bin/upbit-ws");
        const v = expectOk("upbit-ws --version", await run(cli, ["--version"], { cwd: scratch }));
        assert(v.stdout.trim() === pkg.version, `--version printed ${JSON.stringify(v.stdout)}`);
        const s = expectOk(
          "upbit-ws snapshot",
          await run(cli, ["snapshot", "ticker", "KRW-BTC", "--url", emu.url], { cwd: scratch }),
        );
        const t = JSON.parse(s.stdout.trim()) as { code: string };
        assert(t.code === "KRW-BTC", s.stdout);
        const b = expectOk(
          "bun upbit-ws --version",
          await run(bin.bun, [cli, "--version"], { cwd: scratch }),
        );
        assert(
          b.stdout.trim() === pkg.version,
          `bun: --version printed ${JSON.stringify(b.stdout)}`,
        );
      });

      await check(
        "packed upbit-ws/testing imports (the emulator needs ws at run time)",
        async () => {
          expectOk(
            "import upbit-ws/testing",
            await run(
              bin.node22,
              [
                "--input-type=module",
                "-e",
                'const m = await import("upbit-ws/testing"); console.log(typeof m.startEmulator)',
              ],
              { cwd: scratch },
            ),
          );
        },
      );
    }
  } else {
    skip("publint, attw and the scratch project", "no tarball");
  }

  await check("a clean checkout packs the real package (prepare builds dist/)", async () => {
    const clone = join(scratch, "clone");
    const listed = expectOk(
      "git ls-files",
      await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"]),
    );
    const files = listed.stdout.split("\0").filter((f) => f !== "" && existsSync(join(root, f)));
    assert(!files.some((f) => f.startsWith("dist/")), "git tracks dist/");
    for (const f of files) {
      await mkdir(dirname(join(clone, f)), { recursive: true });
      await cp(join(root, f), join(clone, f));
    }
    // The dependencies a clone gets from `npm ci` (a git install installs them too).
    await symlink(join(root, "node_modules"), join(clone, "node_modules"), "dir");
    const out = join(scratch, "clone-pack");
    await mkdir(out);
    const r = expectOk(
      "npm pack (with scripts)",
      await run(bin.npm, ["pack", "--json", "--pack-destination", out], { cwd: clone }),
    );
    const json = r.stdout.slice(r.stdout.indexOf("[\n"));
    const info = JSON.parse(json) as { filename: string; files: { path: string }[] }[];
    const paths = info[0]?.files.map((f) => f.path) ?? [];
    const needed = new Set<string>(Object.values(pkg.bin ?? {}).map((p) => p.replace(/^\.\//, "")));
    for (const t of Object.values(pkg.exports)) {
      needed.add(t.default.replace(/^\.\//, ""));
      needed.add(t.types.replace(/^\.\//, ""));
    }
    // The same build as scripts/build.ts: the dashboard's page files, and declarations whose
    // imports Deno can follow.
    needed.add("dist/cli/dashboard/page/index.html");
    const missing = [...needed].filter((p) => !paths.includes(p));
    assert(missing.length === 0, `the tarball lacks ${missing.join(", ")}:\n${r.stdout}`);
    const declarations = await readFile(join(clone, "dist/mod.d.ts"), "utf8");
    assert(!/from\s*["']\.{1,2}\/[^"']+\.ts["']/.test(declarations), "dist/mod.d.ts imports .ts");
    const project = join(scratch, "clone-use");
    await mkdir(project);
    await writeFile(
      join(project, "package.json"),
      JSON.stringify({ name: "clone-use", private: true, type: "module" }),
    );
    expectOk(
      "npm install <clone tarball>",
      await run(
        bin.npm,
        [
          "install",
          "--no-audit",
          "--no-fund",
          "--ignore-scripts",
          "--prefer-offline",
          join(out, info[0]!.filename),
        ],
        { cwd: project },
      ),
    );
    const use = expectOk(
      "import upbit-ws from the clone's tarball",
      await run(bin.node22, [
        "--input-type=module",
        "-e",
        `import { UpbitClient } from "upbit-ws";
const c = new UpbitClient({ url: process.env.UPBIT_WS_URL, reconnect: false });
const [t] = await c.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 5000 });
await c.close();
console.log(t.code);`,
      ], { cwd: project, env: { UPBIT_WS_URL: emu.url } }),
    );
    assert(use.stdout.trim() === "KRW-BTC", use.stdout);
    return `${paths.length} files, built by prepare`;
  });
} finally {
  await emu.close();
  await rm(scratch, { recursive: true, force: true });
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
