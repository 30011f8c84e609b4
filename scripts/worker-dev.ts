/**
 * Runs `examples/worker.ts` locally as Cloudflare would: bundled by esbuild
 * (`--platform=browser --format=esm`, as wrangler does) and served by workerd through Miniflare
 * on `127.0.0.1`.
 *
 * Usage (Node 22, from a clone after `npm ci`):
 *
 * ```sh
 * node scripts/worker-dev.ts --emulator        # with a built-in emulator: no network, no keys
 * node scripts/worker-dev.ts                   # against Upbit itself
 * node scripts/worker-dev.ts --url ws://127.0.0.1:9000/websocket/v1 --port 8787
 * ```
 *
 * then `curl 'http://127.0.0.1:8787/?codes=KRW-BTC,KRW-ETH'`. Prints
 * `worker listening on http://127.0.0.1:<port>` once it serves; Ctrl-C stops it.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { Miniflare } from "miniflare";
import { startEmulator } from "../testing/mod.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const rawPort = option("--port") ?? "8787";
const port = Number(rawPort);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `Cannot start the Worker as --port must be 0..65535: current value is "${rawPort}"`,
  );
  process.exit(2);
}
const emu = process.argv.includes("--emulator") ? await startEmulator() : undefined;
const url = option("--url") ?? emu?.url;

const bundle = spawnSync(
  `${root}node_modules/.bin/esbuild`,
  ["examples/worker.ts", "--bundle", "--platform=browser", "--format=esm", "--log-level=warning"],
  { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
);
if (bundle.status !== 0) {
  console.error(`Cannot bundle examples/worker.ts: ${bundle.stderr}`);
  await emu?.close();
  process.exit(1);
}
const mf = new Miniflare({
  modules: true,
  script: bundle.stdout,
  compatibilityDate: "2025-09-01",
  host: "127.0.0.1",
  port,
  bindings: url === undefined ? {} : { UPBIT_WS_URL: url },
});
const ready = await mf.ready;
console.log(`worker listening on ${ready.origin}${url ? ` (UPBIT_WS_URL=${url})` : ""}`);

const stop = async () => {
  await mf.dispose();
  await emu?.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
