/**
 * Builds the npm package: compiles `mod.ts`, `src/`, `testing/`, `cli/` and `nats/` to `dist/` (`.js` +
 * `.d.ts`, relative `.ts` imports rewritten to `.js`) with `tsc -p tsconfig.build.json`, so the
 * `exports` and `bin` of package.json resolve (`./dist/mod.js`, `./dist/testing/mod.js`,
 * `./dist/cli/mod.js`; the mapping rule is checked by `scripts/check-exports.ts`).
 *
 * Usage (Node 22): `node scripts/build.ts`. Exits with tsc's status.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, rmSync } from "node:fs";
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
const cli = `${dist}/cli/mod.js`;
if (existsSync(cli)) chmodSync(cli, 0o755);
const files = readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith(".js"));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`✔ built ${files.length} modules into dist/ in ${seconds} s`);
