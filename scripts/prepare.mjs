// Builds dist/ whenever npm prepares the package: `npm ci`/`npm install` in a clone, `npm pack`,
// `npm publish`, and a git install (npm installs the devDependencies of a git dependency, runs
// `prepare`, then packs). Plain JavaScript, because npm may run it with any Node (the repository
// itself needs Node 22+, which runs scripts/build.ts). Same steps as scripts/build.ts.
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, readdirSync, rmSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = `${root}node_modules/typescript/bin/tsc`;
if (!existsSync(tsc)) {
  console.error(
    "Cannot build upbit-ws as typescript is not installed: install the devDependencies first",
  );
  process.exit(1);
}
rmSync(`${root}dist`, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, "-p", `${root}tsconfig.build.json`], {
  cwd: root,
  stdio: "inherit",
});
if (r.status !== 0) {
  console.error(`Cannot build upbit-ws as tsc exited with ${r.status ?? r.signal}`);
  process.exit(r.status ?? 1);
}
if (existsSync(`${root}dist/cli/mod.js`)) chmodSync(`${root}dist/cli/mod.js`, 0o755);
const files = readdirSync(`${root}dist`, { recursive: true }).filter((f) =>
  String(f).endsWith(".js")
);
console.log(`upbit-ws: built ${files.length} modules into dist/`);
