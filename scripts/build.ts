/**
 * Builds the npm package: compiles `mod.ts`, `src/`, `testing/`, `cli/` and `nats/` to `dist/` (`.js` +
 * `.d.ts`, relative `.ts` imports rewritten to `.js`, in the declarations too) with
 * `tsc -p tsconfig.build.json`, so the `exports` and `bin` of package.json resolve
 * (`./dist/mod.js`, `./dist/testing/mod.js`, `./dist/cli/mod.js`; the mapping rule is checked by
 * `scripts/check-exports.ts`), and copies the dashboard's page files (`cli/dashboard/page/`, served
 * as they are) beside the compiled server.
 *
 * The steps live in `scripts/prepare.mjs`, which npm runs as `prepare` (plain JavaScript, so npm
 * can run it with any Node): one build, whether it starts here, in `npm ci` or in `npm pack`.
 *
 * Usage (Node 22): `node scripts/build.ts`. Exits with the build's status.
 *
 * @module
 */

import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const prepare = fileURLToPath(new URL("./prepare.mjs", import.meta.url));
const r = spawnSync(process.execPath, [prepare], { stdio: "inherit" });
if (r.status !== 0) console.error(`✖ build failed: ${r.status ?? r.signal}`);
process.exit(r.status ?? 1);
