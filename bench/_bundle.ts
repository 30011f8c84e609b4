/**
 * Bundle size of an edge function that imports upbit-ws, measured with esbuild (minified,
 * gzip level 9): one app that uses only public streams and one that also opens a private
 * stream. Each is built twice: with `splitting: true, format: "esm"` (what loads at start-up —
 * the entry chunk and the chunks it imports statically — versus the lazy chunks behind dynamic
 * `import()`, where `./jwt.ts` and jose should land), and as one file without splitting (what a
 * Worker upload without code splitting ships, dynamic imports inlined).
 *
 * @module
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

/** One app's sizes, bytes. */
export interface BundleSize {
  app: string;
  /** Splitting: the entry chunk alone, minified / gzipped. */
  entry: { min: number; gzip: number };
  /** Splitting: everything loaded at start-up (entry + static imports). */
  startup: { min: number; gzip: number };
  /** Splitting: every output file. */
  total: { min: number; gzip: number; files: number };
  /** Without splitting: the single file. */
  single: { min: number; gzip: number };
  /** Whether any jose module is in the start-up chunks. */
  joseAtStartup: boolean;
  /** Whether `src/auth/jwt.ts` is in the start-up chunks. */
  jwtAtStartup: boolean;
  /** The biggest inputs of the start-up chunks: path and minified bytes in the output. */
  top: [string, number][];
}

const APPS: Record<string, string> = {
  "public streams only": `
import { UpbitClient } from "MOD";
const client = new UpbitClient({ name: "edge" });
const [btc] = await client.snapshot("ticker", ["KRW-BTC"]);
for await (const t of client.trade(["KRW-BTC"])) { console.log(t.tradePrice); break; }
console.log(btc);
await client.close();
`,
  "public + private streams": `
import { UpbitClient } from "MOD";
const client = new UpbitClient({ name: "edge", accessKey: "a", secretKey: "b" });
for await (const o of client.myOrder(["KRW-BTC"])) { console.log(o.state); break; }
for await (const t of client.ticker(["KRW-BTC"])) { console.log(t.tradePrice); break; }
await client.close();
`,
};

function sizes(bytes: Uint8Array): { min: number; gzip: number } {
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/**
 * Builds each app and measures it.
 *
 * @param root the repository root (where `mod.ts` is)
 * @returns one entry per app
 */
export async function measureBundles(root: string): Promise<BundleSize[]> {
  const dir = mkdtempSync(join(tmpdir(), "upbit-ws-bundle-"));
  const out: BundleSize[] = [];
  try {
    for (const [app, source] of Object.entries(APPS)) {
      const entry = join(dir, `${app.replace(/\W+/g, "_")}.ts`);
      writeFileSync(entry, source.replace("MOD", resolve(root, "mod.ts")));
      const common = {
        entryPoints: [entry],
        bundle: true,
        minify: true,
        format: "esm" as const,
        platform: "browser" as const,
        target: "es2022",
        write: false,
        metafile: true,
        outdir: join(dir, "out"),
        logLevel: "silent" as const,
      };
      const split = await esbuild.build({ ...common, splitting: true });
      const single = await esbuild.build({ ...common, splitting: false });
      if (!split.outputFiles || !split.metafile || !single.outputFiles) {
        throw new Error("esbuild returned no output");
      }
      const files = new Map(split.outputFiles.map((f) => [f.path, f.contents]));
      const outputs = split.metafile.outputs;
      const entryPath = Object.keys(outputs).find((p) => outputs[p]!.entryPoint !== undefined)!;
      // The start-up closure: the entry and every chunk it imports statically.
      const startup = new Set<string>();
      const visit = (p: string) => {
        if (startup.has(p)) return;
        startup.add(p);
        for (const imp of outputs[p]!.imports) {
          if (imp.kind === "import-statement" && imp.path in outputs) visit(imp.path);
        }
      };
      visit(entryPath);
      const bytesOf = (p: string) => files.get(resolve(p)) ?? new Uint8Array();
      const concat = (paths: string[]) => {
        const parts = paths.map(bytesOf);
        const all = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
        let at = 0;
        for (const b of parts) {
          all.set(b, at);
          at += b.length;
        }
        return all;
      };
      const sum = (paths: string[]) => {
        let min = 0;
        let gzip = 0;
        for (const p of paths) {
          const s = sizes(bytesOf(p));
          min += s.min;
          gzip += s.gzip;
        }
        return { min, gzip };
      };
      const inputs = new Map<string, number>();
      for (const p of startup) {
        for (const [input, info] of Object.entries(outputs[p]!.inputs)) {
          inputs.set(input, (inputs.get(input) ?? 0) + info.bytesInOutput);
        }
      }
      const names = [...inputs.keys()];
      const jsFiles = Object.keys(outputs).filter((p) => p.endsWith(".js"));
      out.push({
        app,
        entry: sizes(bytesOf(entryPath)),
        startup: sizes(concat([...startup])),
        total: { ...sum(jsFiles), files: jsFiles.length },
        single: sizes(single.outputFiles[0]!.contents),
        joseAtStartup: names.some((n) => n.includes("node_modules/jose/")),
        jwtAtStartup: names.some((n) => n.endsWith("src/auth/jwt.ts")),
        top: [...inputs.entries()]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 6)
          .map(([n, b]) => [shorten(root, n), b]),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await esbuild.stop();
  }
  return out;
}

function shorten(root: string, path: string): string {
  const rel = relative(root, resolve(path));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(rel);
  return pkg ? `${pkg[1]} (${rel.split("/").pop()})` : rel;
}
