/**
 * Checks issue 11's failure cases where only a real process can show them: the `upbit-ws`
 * command on each runtime, run as a user would, against hosts that fail.
 *
 * - Node 20 (the machine's own `node`, which has no global `WebSocket`) running the built CLI
 *   against a closed port: `snapshot` and `watch --duration` say what failed and exit 1 (the
 *   client uses the `ws` package there, or fails at once with a `NotSupportedError` without it);
 *   the library with `compression: true` (which asks for the missing global) names both ways out.
 * - Node 22, Node 26, Deno and Bun against a closed loopback port: `snapshot`, `markets` and
 *   `watch --duration` say that the connection failed, to which URL and why, and exit 1.
 * - Deno without `--allow-net` / `--allow-env`: the missing permission is named with its flag
 *   (the emulator's too: no uncaught stack trace from Deno's `node:net`),
 *   also when the keys in the environment could not be read and when `--emulator` could not load
 *   its server (whose `ws` reads the environment), not blamed on the `ws` package.
 * - Keys only where the user pointed: `watch myAsset --url ws://127.0.0.1:PORT/websocket/v1` with
 *   `UPBIT_ACCESS_KEY`/`UPBIT_SECRET_KEY` set sends its one signed upgrade to that host's
 *   `/websocket/v1/private` (a local server records every upgrade's path, Host and
 *   Authorization), on Node 22, Bun, and Deno with `--allow-net` narrowed to that port (so any
 *   other host would have been a permission error).
 *
 * Run with Node 22: `node scripts/check-failures.ts`. Prints one line per check and
 * `N passed, N failed`; exits 1 on any failure.
 *
 * @module
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import process from "node:process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { WebSocketServer } from "ws";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = {
  node22: `${root}node_modules/node22/bin/node`,
  node26: `${root}node_modules/node26/bin/node`,
  deno: `${root}node_modules/.bin/deno`,
  bun: `${root}node_modules/.bin/bun`,
  tsc: `${root}node_modules/typescript/bin/tsc`,
};
/** Where the CLI is compiled for Node 20 (inside the repo, so `node_modules` resolves). */
const BUILT = `${root}node_modules/.cache/upbit-ws-check-failures`;

interface Result {
  name: string;
  ok: boolean;
}
const results: Result[] = [];

async function check(name: string, fn: () => Promise<string | void>): Promise<void> {
  const started = performance.now();
  try {
    const note = await fn();
    const s = ((performance.now() - started) / 1000).toFixed(2);
    results.push({ name, ok: true });
    console.log(`ok    ${name} (${s} s)${note ? ` — ${note}` : ""}`);
  } catch (e) {
    const s = ((performance.now() - started) / 1000).toFixed(2);
    results.push({ name, ok: false });
    const detail = e instanceof Error ? e.message : String(e);
    console.log(`FAIL  ${name} (${s} s)\n      ${detail.replaceAll("\n", "\n      ")}`);
  }
}

function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

interface Ran {
  code: number | string;
  stdout: string;
  stderr: string;
  ms: number;
}

const BASE_ENV: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter((e): e is [string, string] =>
    e[1] !== undefined && !e[0].startsWith("UPBIT_")
  ),
);

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const started = performance.now();
  const child = spawn(cmd, args, {
    cwd: root,
    env: { ...BASE_ENV, NO_COLOR: "1", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => {
    child.on("error", (e) => {
      stderr += String(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code: code ?? signal ?? -1, stdout, stderr, ms: performance.now() - started });
    });
  });
}

function expect(r: Ran, code: number, stderr: RegExp, what: string): void {
  if (r.code !== code || !stderr.test(r.stderr)) {
    throw new Error(
      `${what}: expected exit ${code} and stderr matching ${stderr}\n` +
        `got exit ${r.code}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`,
    );
  }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** One recorded upgrade request. */
interface Upgrade {
  path: string;
  host: string;
  authorization: string | undefined;
}

/** A WebSocket server on 127.0.0.1 that records every upgrade, accepts it and stays silent. */
async function recorder(): Promise<{ port: number; upgrades: Upgrade[]; close(): Promise<void> }> {
  const upgrades: Upgrade[] = [];
  const server = createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrades.push({
      path: req.url ?? "",
      host: req.headers.host ?? "",
      authorization: req.headers.authorization,
    });
    wss.handleUpgrade(req, socket, head, (ws) => ws.on("error", () => {}));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    upgrades,
    async close() {
      for (const c of wss.clients) c.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The JWT payload of a `Bearer` header. */
function jwtPayload(authorization: string | undefined): Record<string, unknown> {
  const token = authorization?.replace(/^Bearer /, "") ?? "";
  const part = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8")) as Record<string, unknown>;
}

/** A Node older than 22 (the machine's own), or undefined. */
function oldNode(): { path: string; version: string } | undefined {
  const candidates = ["/usr/local/bin/node", "/usr/bin/node"];
  const which = spawnSync("sh", ["-c", "command -v -a node"], { encoding: "utf8" }).stdout ?? "";
  for (const path of [...candidates, ...which.split("\n").map((l) => l.trim())]) {
    if (path === "" || !existsSync(path) || path.includes("node_modules")) continue;
    const version = spawnSync(path, ["--version"], { encoding: "utf8" }).stdout?.trim() ?? "";
    if (/^v(1\d|2[01])\./.test(version)) return { path, version };
  }
  return undefined;
}

const CLIS: Array<[string, string, string[]]> = [
  ["Node 22", bin.node22, ["cli/mod.ts"]],
  ["Node 26", bin.node26, ["cli/mod.ts"]],
  ["Deno", bin.deno, ["run", "-A", "cli/mod.ts"]],
  ["Bun", bin.bun, ["cli/mod.ts"]],
];

const closed = await closedPort();
const deadUrl = `ws://127.0.0.1:${closed}/websocket/v1`;

await check(
  "Node 20 (no global WebSocket): snapshot and watch say what failed, exit 1; compression: true names both ways out",
  async () => {
    const node = oldNode();
    assert(
      node !== undefined,
      "no Node older than 22 on this machine (expected the system Node 20)",
    );
    const tsc = spawnSync(
      bin.node22,
      [bin.tsc, "-p", "tsconfig.build.json", "--outDir", BUILT],
      { cwd: root, encoding: "utf8" },
    );
    assert(tsc.status === 0, `tsc failed:\n${tsc.stdout}${tsc.stderr}`);
    const cli = `${BUILT}/cli/mod.js`;
    // Node 20 has no global WebSocket; the client then uses the "ws" package (a dependency) or,
    // without it, fails at once with a NotSupportedError. Either way: no silent timeout, no exit 0.
    const failed = new RegExp(
      `no global WebSocket \\(Node before 22 has none\\)|Cannot open a WebSocket to "${
        escape(deadUrl)
      }"`,
    );
    const snap = await run(node.path, [cli, "snapshot", "ticker", "KRW-BTC", "--url", deadUrl]);
    expect(snap, 1, failed, `${node.version} snapshot`);
    const watch = await run(node.path, [
      cli,
      "watch",
      "ticker",
      "KRW-BTC",
      "--url",
      deadUrl,
      "--duration",
      "2",
    ]);
    expect(watch, 1, failed, `${node.version} watch --duration`);
    // compression: true asks for the missing global: the message names both ways out.
    const mod = JSON.stringify(pathToFileURL(`${BUILT}/mod.js`).href);
    const compressed = await run(node.path, [
      "--input-type=module",
      "-e",
      `import { UpbitClient } from ${mod};
const client = new UpbitClient({ compression: true, url: ${JSON.stringify(deadUrl)} });
await client.snapshot("ticker", ["KRW-BTC"]).catch((e) => {
  console.error(\`\${e.name}: \${e.message}\`);
  process.exitCode = 1;
});
await client.close();`,
    ]);
    expect(
      compressed,
      1,
      /^NotSupportedError: Cannot open a WebSocket with compression: true as this runtime has no global WebSocket \(Node before 22 has none\): leave compression unset or false to use the "ws" package, or pass a constructor as the WebSocket option\n$/,
      `${node.version} new UpbitClient({ compression: true })`,
    );
    return `${node.path} ${node.version}`;
  },
);

for (const [name, cmd, pre] of CLIS) {
  await check(
    `${name}: snapshot, markets and watch against a closed port say what failed`,
    async () => {
      const [snap, markets, watch] = await Promise.all([
        run(cmd, [...pre, "snapshot", "ticker", "KRW-BTC", "--url", deadUrl, "--timeout", "2"]),
        run(cmd, [...pre, "markets", "--url", deadUrl]),
        run(cmd, [...pre, "watch", "ticker", "KRW-BTC", "--url", deadUrl, "--duration", "2"]),
      ]);
      expect(
        snap,
        1,
        new RegExp(
          `as the connection failed: Cannot open a WebSocket to "${escape(deadUrl)}": \\S`,
        ),
        "snapshot",
      );
      expect(
        markets,
        1,
        new RegExp(
          `${escape(`http://127.0.0.1:${closed}/v1/market/all`)} could not be reached: \\S`,
        ),
        "markets",
      );
      expect(
        watch,
        1,
        new RegExp(`the connection to ${escape(deadUrl)} never opened \\(last error: CONNECTION_`),
        "watch --duration",
      );
    },
  );
}

await check(
  "Deno without --allow-net / --allow-env: the permission and its flag are named",
  async () => {
    const deno = [bin.deno, "run", "--no-prompt"];
    const host = `127.0.0.1:${closed}`;
    const [snap, markets, keys, emulator, emulatorNet] = await Promise.all([
      run(deno[0]!, [
        ...deno.slice(1),
        "cli/mod.ts",
        "snapshot",
        "ticker",
        "KRW-BTC",
        "--url",
        deadUrl,
      ]),
      run(deno[0]!, [...deno.slice(1), "cli/mod.ts", "markets", "--url", deadUrl]),
      run(
        deno[0]!,
        [
          ...deno.slice(1),
          "--allow-net=127.0.0.1",
          "cli/mod.ts",
          "watch",
          "myAsset",
          "--url",
          deadUrl,
        ],
        { UPBIT_ACCESS_KEY: "ak", UPBIT_SECRET_KEY: "sk" },
      ),
      run(deno[0]!, [
        ...deno.slice(1),
        "--allow-net=127.0.0.1",
        "cli/mod.ts",
        "snapshot",
        "ticker",
        "KRW-BTC",
        "--emulator",
      ]),
      // Deno's node:net throws a missing net permission from a later tick, uncaught.
      run(deno[0]!, [
        ...deno.slice(1),
        "--allow-env",
        "--allow-read",
        "cli/mod.ts",
        "snapshot",
        "ticker",
        "KRW-BTC",
        "--emulator",
      ]),
    ]);
    expect(
      snap,
      1,
      new RegExp(`net permission is missing: run with --allow-net=${escape(host)}`),
      "snapshot",
    );
    assert(snap.ms < 10_000, `snapshot took ${snap.ms} ms: not at once`);
    expect(
      markets,
      1,
      new RegExp(`net permission is missing: run with --allow-net=${escape(host)}`),
      "markets",
    );
    expect(
      keys,
      1,
      /could not be read as Deno's env permission is missing: run with --allow-env=UPBIT_ACCESS_KEY,UPBIT_SECRET_KEY/,
      "watch myAsset",
    );
    expect(
      emulator,
      1,
      /^upbit-ws: Cannot start the emulator as Deno denied a permission it needs: run with --allow-env \(Requires env access/,
      "snapshot --emulator",
    );
    assert(!/"ws" package/.test(emulator.stderr), `blamed the ws package: ${emulator.stderr}`);
    expect(
      emulatorNet,
      1,
      /^upbit-ws: Cannot start the emulator as Deno denied it the network: run with --allow-net=127\.0\.0\.1\n$/,
      "snapshot --emulator without --allow-net",
    );
  },
);

const KEY = `check-failures-${crypto.randomUUID()}`;
const keysEnv = { UPBIT_ACCESS_KEY: KEY, UPBIT_SECRET_KEY: `secret-${crypto.randomUUID()}` };
const PRIVATE_RUNS: Array<[string, string, (port: number) => string[]]> = [
  ["Node 22", bin.node22, () => ["cli/mod.ts"]],
  ["Bun", bin.bun, () => ["cli/mod.ts"]],
  [
    "Deno (--allow-net narrowed to the one port)",
    bin.deno,
    (port) => [
      "run",
      "--no-prompt",
      `--allow-net=127.0.0.1:${port}`,
      "--allow-env=UPBIT_ACCESS_KEY,UPBIT_SECRET_KEY,UPBIT_WS_PROFILE,NO_COLOR",
      "cli/mod.ts",
    ],
  ],
];
for (const [name, cmd, pre] of PRIVATE_RUNS) {
  await check(
    `${name}: watch myAsset --url with keys in the env signs only for that host`,
    async () => {
      const rec = await recorder();
      try {
        const url = `ws://127.0.0.1:${rec.port}/websocket/v1`;
        const r = await run(
          cmd,
          [...pre(rec.port), "watch", "myAsset", "--url", url, "--json", "--duration", "1.5"],
          keysEnv,
        );
        expect(r, 0, /^(?![\s\S]*upbit\.com)[\s\S]*$/, "watch myAsset");
        assert(rec.upgrades.length >= 1, "no upgrade reached the local server");
        const host = `127.0.0.1:${rec.port}`;
        assert(
          rec.upgrades.every((u) => u.host === host),
          `an upgrade named another host: ${JSON.stringify(rec.upgrades)}`,
        );
        const signed = rec.upgrades.filter((u) => u.authorization !== undefined);
        assert(signed.length >= 1, `no signed upgrade: ${JSON.stringify(rec.upgrades)}`);
        assert(
          signed.every((u) => u.path === "/websocket/v1/private"),
          `a signed upgrade went to another path: ${JSON.stringify(signed.map((u) => u.path))}`,
        );
        assert(
          signed.every((u) => jwtPayload(u.authorization).access_key === KEY),
          "the token does not carry the environment's access key",
        );
        // A private URL on another host is refused before any key is used (exit 2, no upgrade).
        const before = rec.upgrades.length;
        const half = await run(
          cmd,
          [
            ...pre(rec.port),
            "watch",
            "myAsset",
            "--url",
            url,
            "--private-url",
            "wss://api.upbit.com/websocket/v1/private",
            "--duration",
            "1",
          ],
          keysEnv,
        );
        expect(half, 2, /--private-url must be on the scheme and host of --url/, "half-overridden");
        assert(rec.upgrades.length === before, "a refused command line still connected");
        return `${signed.length} signed upgrade(s), all to ${host}/websocket/v1/private`;
      } finally {
        await rec.close();
      }
    },
  );
}

const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
