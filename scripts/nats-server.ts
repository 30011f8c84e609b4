/**
 * Starts and stops a real `nats-server` (Debian package `nats-server`, 2.9.10 here) for tests,
 * examples and benchmarks: JetStream on, a WebSocket listener, both on free loopback ports, the
 * store in a fresh temp directory. Node APIs only (`node:child_process`), so it runs on Node, Deno
 * (`--allow-run=nats-server --allow-write=<tmp>`) and Bun; workerd reaches it through the emulator
 * spawner (`scripts/emulator-spawner.ts`, `POST /nats/spawn`).
 *
 * - The config says `listen: "127.0.0.1:-1"` and `websocket { listen: "127.0.0.1:-1" }`; the ports
 *   the server picked are read from its stderr ("Listening for client connections on …",
 *   "Listening for websocket clients on ws://…", then "Server is ready").
 * - `stop()` sends SIGINT (2.9.10 exits 0 on SIGINT, 1 on SIGTERM) and removes the store.
 * - `restart()` stops it (keeping the store) and starts it again on the SAME ports, so clients
 *   reconnect to the URLs they had; the file store keeps the streams across the restart.
 *
 * Where the binary is: `$NATS_SERVER_BIN`, else `nats-server` on `PATH`, else `/usr/sbin`,
 * `/usr/local/bin`, `/usr/bin`. {@linkcode natsServerMissing} says how to install it.
 *
 * Usage standalone: `node scripts/nats-server.ts` prints the URLs and runs until Ctrl-C.
 *
 * @module
 */

import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";

/** How to install the server, quoted wherever it is missing. */
export const INSTALL_HINT =
  "install it as root with: apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nats-server";

/** A running nats-server. */
export interface NatsServer {
  /** `ws://127.0.0.1:PORT` (WebSocket: every runtime, workerd included). */
  readonly url: string;
  /** `nats://127.0.0.1:PORT` (TCP: Node, Deno, Bun). */
  readonly natsUrl: string;
  /** The server's process id (changes on restart). */
  readonly pid: number;
  /** Stops (SIGINT) and starts again on the same ports with the same store. */
  restart(): Promise<void>;
  /** Stops with SIGINT and removes the temp directory; idempotent. */
  stop(): Promise<void>;
  /** Kills the process at once (SIGKILL), as a crash would; the store stays. */
  kill(): Promise<void>;
}

/** The path of the `nats-server` binary, or `undefined` when there is none. */
export function findNatsServer(): string | undefined {
  const fromEnv = process.env["NATS_SERVER_BIN"];
  if (fromEnv !== undefined && fromEnv !== "") return existsSync(fromEnv) ? fromEnv : undefined;
  const dirs = [
    ...(process.env["PATH"] ?? "").split(delimiter),
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/bin",
  ];
  for (const dir of dirs) {
    if (dir === "") continue;
    const candidate = join(dir, "nats-server");
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The message to show when the binary is missing (what did not run, how to install it). */
export function natsServerMissing(what: string): string {
  return `nats-server was not found, so ${what} did not run; ${INSTALL_HINT}`;
}

function config(store: string, port: number, wsPort: number): string {
  return [
    `listen: "127.0.0.1:${port === 0 ? -1 : port}"`,
    `jetstream { store_dir: ${JSON.stringify(store)} }`,
    `websocket { listen: "127.0.0.1:${wsPort === 0 ? -1 : wsPort}", no_tls: true }`,
    "",
  ].join("\n");
}

interface Started {
  child: ChildProcess;
  port: number;
  wsPort: number;
  exited: Promise<number | null>;
}

function launch(bin: string, confPath: string, timeoutMs: number): Promise<Started> {
  const child = spawn(bin, ["-c", confPath], { stdio: ["ignore", "ignore", "pipe"] });
  const exited = new Promise<number | null>((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", () => resolve(-1));
  });
  return new Promise<Started>((resolve, reject) => {
    let text = "";
    let port = 0;
    let wsPort = 0;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`nats-server was not ready within ${timeoutMs} ms:\n${text.slice(-2000)}`));
    }, timeoutMs);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`Cannot start nats-server (${bin}): ${e.message}`));
    });
    const early = (code: number | null) => {
      clearTimeout(timer);
      reject(
        new Error(`nats-server exited with ${code} before it was ready:\n${text.slice(-2000)}`),
      );
    };
    child.once("exit", early);
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => {
      if (port !== 0 && wsPort !== 0 && text === "") return;
      text += chunk;
      const client = /client connections on [^\s:]+:(\d+)/.exec(text);
      const ws = /websocket clients on ws:\/\/[^\s:]+:(\d+)/.exec(text);
      if (client?.[1]) port = Number(client[1]);
      if (ws?.[1]) wsPort = Number(ws[1]);
      if (port !== 0 && wsPort !== 0 && text.includes("Server is ready")) {
        clearTimeout(timer);
        child.off("exit", early);
        text = "";
        resolve({ child, port, wsPort, exited });
      }
    });
  });
}

async function interrupt(started: Started, signal: "SIGINT" | "SIGKILL"): Promise<void> {
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  started.child.kill(signal);
  await started.exited;
}

/**
 * Starts a nats-server with JetStream and WebSocket on free loopback ports.
 *
 * @param options `timeoutMs` to wait for "Server is ready" (default 10 s)
 * @returns the running server
 * @throws {Error} when the binary is missing (the message says how to install it) or it fails
 */
export async function startNatsServer(options: { timeoutMs?: number } = {}): Promise<NatsServer> {
  const bin = findNatsServer();
  if (bin === undefined) throw new Error(natsServerMissing("the NATS server"));
  const timeoutMs = options.timeoutMs ?? 10_000;
  const dir = await mkdtemp(join(tmpdir(), "upbit-ws-nats-"));
  const store = join(dir, "store");
  const confPath = join(dir, "nats.conf");
  await writeFile(confPath, config(store, 0, 0));
  let current: Started;
  try {
    current = await launch(bin, confPath, timeoutMs);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  const { port, wsPort } = current;
  // Restarts reuse the ports the first start picked.
  await writeFile(confPath, config(store, port, wsPort));
  let stopping: Promise<void> | undefined;
  return {
    url: `ws://127.0.0.1:${wsPort}`,
    natsUrl: `nats://127.0.0.1:${port}`,
    get pid() {
      return current.child.pid ?? 0;
    },
    async restart() {
      await interrupt(current, "SIGINT");
      // The port can linger briefly after the exit; retry a few times.
      let lastError: unknown;
      for (let attempt = 0; attempt < 20; attempt++) {
        try {
          current = await launch(bin, confPath, timeoutMs);
          return;
        } catch (e) {
          lastError = e;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      throw lastError;
    },
    async kill() {
      await interrupt(current, "SIGKILL");
    },
    stop() {
      stopping ??= (async () => {
        await interrupt(current, "SIGINT");
        await rm(dir, { recursive: true, force: true });
      })();
      return stopping;
    },
  };
}

const entry = process.argv[1];
if (import.meta.main ?? (entry !== undefined && import.meta.url === pathToFileURL(entry).href)) {
  const server = await startNatsServer();
  console.log(`${server.url} ${server.natsUrl}`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
