/**
 * The emulator spawner: a tiny HTTP server on 127.0.0.1 that starts and stops Upbit emulators
 * for clients that cannot listen themselves (a Worker under Miniflare).
 *
 * - `POST /spawn` with JSON `EmulatorOptions` → `{ id, url, privateUrl, httpUrl }`
 * - `POST /close/<id>` → `{ ok: true }` (unknown ids too: closing is idempotent)
 * - `GET /list` → `[{ id, url }]`
 * - `GET /nats/available` → `{ ok, message, ci }` (whether `nats-server` is installed; `ci` is
 *   whether this process runs with `CI=true`, which a Worker cannot read)
 * - `POST /nats/spawn` → `{ id, url }` (a real nats-server, `scripts/nats-server.ts`);
 *   `POST /nats/restart/<id>`, `POST /nats/stop/<id>` → `{ ok: true }`
 *
 * Each emulator is then driven through its own control API (`<httpUrl>/__emulator/…`).
 * Run standalone with `node scripts/emulator-spawner.ts`; it prints its URL.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import process from "node:process";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { pathToFileURL } from "node:url";
import { type Emulator, type EmulatorOptions, startEmulator } from "../testing/mod.ts";
import {
  findNatsServer,
  type NatsServer,
  natsServerMissing,
  startNatsServer,
} from "./nats-server.ts";

/** A running spawner. */
export interface Spawner {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Closes every spawned emulator and the listener. */
  close(): Promise<void>;
}

function reply(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(value));
}

/**
 * Starts a spawner on 127.0.0.1 (any free port).
 *
 * @returns its URL and a closer
 *
 * @example
 * ```ts
 * import { startSpawner } from "./scripts/emulator-spawner.ts";
 * const spawner = await startSpawner();
 * const res = await fetch(`${spawner.url}/spawn`, { method: "POST", body: "{}" });
 * console.log(await res.json()); // { id, url, privateUrl, httpUrl }
 * await spawner.close();
 * ```
 */
export async function startSpawner(): Promise<Spawner> {
  const emulators = new Map<string, Emulator>();
  const natsServers = new Map<string, NatsServer>();
  let next = 1;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Uint8Array[] = [];
    req.on("data", (c: Uint8Array) => chunks.push(c));
    req.on("end", () => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const text = Buffer.concat(chunks).toString("utf8");
      void (async () => {
        if (req.method === "POST" && path === "/spawn") {
          let options: EmulatorOptions;
          try {
            options = text.trim() === "" ? {} : JSON.parse(text) as EmulatorOptions;
          } catch {
            return reply(res, 400, { error: "Cannot spawn as the body must be JSON" });
          }
          if (options === null || typeof options !== "object" || Array.isArray(options)) {
            return reply(res, 400, { error: "Cannot spawn as the body must be a JSON object" });
          }
          try {
            const emu = await startEmulator(options);
            const id = `e${next++}`;
            emulators.set(id, emu);
            return reply(res, 200, {
              id,
              url: emu.url,
              privateUrl: emu.privateUrl,
              infoUrl: emu.infoUrl,
              httpUrl: emu.httpUrl,
            });
          } catch (e) {
            return reply(res, 400, { error: e instanceof Error ? e.message : "Cannot spawn" });
          }
        }
        if (req.method === "GET" && path === "/nats/available") {
          const ok = findNatsServer() !== undefined;
          return reply(res, 200, {
            ok,
            message: ok ? "" : natsServerMissing("this NATS test (on workerd)"),
            ci: process.env["CI"] === "true",
          });
        }
        if (req.method === "POST" && path === "/nats/spawn") {
          try {
            const server = await startNatsServer();
            const id = `n${next++}`;
            natsServers.set(id, server);
            return reply(res, 200, { id, url: server.url, natsUrl: server.natsUrl });
          } catch (e) {
            return reply(res, 503, { error: e instanceof Error ? e.message : "Cannot spawn" });
          }
        }
        const n = /^\/nats\/(restart|stop)\/([^/]+)$/.exec(path);
        if (req.method === "POST" && n && n[2] !== undefined) {
          const id = decodeURIComponent(n[2]);
          const server = natsServers.get(id);
          try {
            if (n[1] === "restart") await server?.restart();
            else {
              natsServers.delete(id);
              await server?.stop();
            }
            return reply(res, 200, { ok: true });
          } catch (e) {
            return reply(res, 500, { error: e instanceof Error ? e.message : "failed" });
          }
        }
        const m = /^\/close\/([^/]+)$/.exec(path);
        if (req.method === "POST" && m && m[1] !== undefined) {
          const id = decodeURIComponent(m[1]);
          const emu = emulators.get(id);
          emulators.delete(id);
          await emu?.close();
          return reply(res, 200, { ok: true });
        }
        if (req.method === "GET" && path === "/list") {
          return reply(res, 200, [...emulators].map(([id, e]) => ({ id, url: e.url })));
        }
        reply(res, 404, { error: "Not Found" });
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    close() {
      closing ??= (async () => {
        await Promise.all([...emulators.values()].map((e) => e.close()));
        emulators.clear();
        await Promise.all([...natsServers.values()].map((n) => n.stop()));
        natsServers.clear();
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

const entry = process.argv[1];
if (import.meta.main ?? (entry !== undefined && import.meta.url === pathToFileURL(entry).href)) {
  const spawner = await startSpawner();
  console.log(spawner.url);
  const stop = () => void spawner.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
