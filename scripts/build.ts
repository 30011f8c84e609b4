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
import { chmodSync, cpSync, existsSync, readdirSync, rmSync } from "node:fs";
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
