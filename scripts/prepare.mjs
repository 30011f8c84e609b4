// Builds dist/: compiles `mod.ts`, `src/`, `testing/`, `cli/` and `nats/` with
// `tsc -p tsconfig.build.json` (`.js` + `.d.ts`, relative `.ts` imports rewritten to `.js`), rewrites
// the `.ts` specifiers tsc leaves in `.d.ts` files, copies the dashboard's page files beside the
// compiled server, and marks the bin executable.
//
// npm runs it as `prepare` whenever it prepares the package: `npm ci`/`npm install` in a clone,
// `npm pack`, `npm publish`, and a git install (npm installs the devDependencies of a git
// dependency, runs `prepare`, then packs). `scripts/build.ts` runs it too, so there is one build.
// Plain JavaScript, because npm may run it with any Node (the repository itself needs Node 22+).
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = `${root}dist`;
const started = performance.now();
const tsc = `${root}node_modules/typescript/bin/tsc`;
if (!existsSync(tsc)) {
  console.error(
    "Cannot build upbit-ws as typescript is not installed: install the devDependencies first",
  );
  process.exit(1);
}
rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`], {
  cwd: root,
  stdio: "inherit",
});
if (r.status !== 0) {
  console.error(`Cannot build upbit-ws as tsc exited with ${r.status ?? r.signal}`);
  process.exit(r.status ?? 1);
}
// tsc rewrites relative `.ts` imports to `.js` in the emitted JavaScript but not in the `.d.ts`
// files. TypeScript maps a `.ts` specifier to its `.d.ts` on its own; Deno (checking a script that
// imports the npm build) does not, and reports every re-export as missing. Rewrite them here.
const relativeTs = /((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\.ts\2/g;
for (const file of readdirSync(dist, { recursive: true })) {
  const path = `${dist}/${String(file)}`;
  if (!path.endsWith(".d.ts")) continue;
  const text = readFileSync(path, "utf8");
  const rewritten = text.replace(relativeTs, "$1$2$3.js$2");
  if (rewritten !== text) writeFileSync(path, rewritten);
}
// The dashboard's page (HTML, CSS, browser JS) is served from files, not compiled: copy it.
const page = `${root}cli/dashboard/page`;
if (existsSync(page)) {
  cpSync(page, `${dist}/cli/dashboard/page`, {
    recursive: true,
    filter: (src) => !src.endsWith(".d.ts"),
  });
}
if (existsSync(`${dist}/cli/mod.js`)) chmodSync(`${dist}/cli/mod.js`, 0o755);
const files = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith(".js"));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`✔ built ${files.length} modules into dist/ in ${seconds} s`);
