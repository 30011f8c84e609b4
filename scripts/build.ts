/**
 * Builds the npm package: compiles `mod.ts`, `src/`, `testing/`, `cli/` and `nats/` to `dist/` (`.js` +
 * `.d.ts`, relative `.ts` imports rewritten to `.js`) with `tsc -p tsconfig.build.json`, so the
 * `exports` and `bin` of package.json resolve (`./dist/mod.js`, `./dist/testing/mod.js`,
 * `./dist/cli/mod.js`; the mapping rule is checked by `scripts/check-exports.ts`), and copies the
 * dashboard's page files (`cli/dashboard/page/`, served as they are) beside the compiled server.
 *
 * Usage (Node 22): `node scripts/build.ts`. Exits with tsc's status.
 *
 * @module
 */

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

rmSync(dist, { recursive: true, force: true });
const tsc = spawnSync(
  process.execPath,
  [`${root}node_modules/typescript/bin/tsc`, "-p", `${root}tsconfig.build.json`],
  { cwd: root, stdio: "inherit" },
);
if (tsc.status !== 0) {
  console.error(`✖ build failed: tsc exited with ${tsc.status ?? tsc.signal}`);
  process.exit(tsc.status ?? 1);
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
const cli = `${dist}/cli/mod.js`;
if (existsSync(cli)) chmodSync(cli, 0o755);
const files = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith(".js"));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`✔ built ${files.length} modules into dist/ in ${seconds} s`);
