/**
 * The network adapter: one `node:http` server on 127.0.0.1 with `ws` for the two WebSocket
 * endpoints, the REST market list and the `/__emulator/` control API. Runs on Node, Deno
 * (`--allow-net=127.0.0.1 --allow-env`) and Bun. The file is longer than 250 lines because it is
 * the one adapter between `node:http`/`ws` and the core: upgrades, sockets, HTTP requests, replays
 * and an orderly close all share its sets of live sockets.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket as WsSocket, WebSocketServer } from "ws";
import type { AccountBook } from "../accounts/account_book.ts";
import { type AnnouncementInput } from "../core/announcement.ts";
import { EmulatorCore } from "../core/core.ts";
import { type UpgradeTicket } from "../core/upgrade.ts";
import type { WireObject } from "../codec/json.ts";
import { handleHttp } from "../http/handle.ts";
import type { MarketSimulator } from "../market/simulator.ts";
import type { IndicatorEngine } from "../indicators/engine.ts";
import { type RecordedFrame } from "../replay/recording.ts";
import { type ReplayHandle, type ReplayOptions, replayRecording } from "../replay/replayer.ts";
import type { ConnectionInfo, EmulatorStats } from "../reports.ts";
import type { EmulatorOptions } from "../options.ts";
import type { Fault } from "../core/faults.ts";
import type { Emulator } from "./emulator.ts";
import { writeRefusal } from "./refusal.ts";

class LocalEmulator implements Emulator {
  readonly url: string;
  readonly privateUrl: string;
  readonly infoUrl: string;
  readonly httpUrl: string;
  readonly port: number;
  readonly core: EmulatorCore;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<WsSocket>();
  readonly #raw = new Set<Duplex>();
  readonly #replays = new Set<ReplayHandle>();
  readonly #headers = new WeakMap<IncomingMessage, Record<string, string>>();
  #closing: Promise<void> | undefined;

  constructor(core: EmulatorCore, server: Server, wss: WebSocketServer, port: number) {
    this.core = core;
    this.#server = server;
    this.#wss = wss;
    this.port = port;
    this.httpUrl = `http://127.0.0.1:${port}`;
    this.url = `ws://127.0.0.1:${port}/websocket/v1`;
    this.privateUrl = `ws://127.0.0.1:${port}/websocket/v1/private`;
    this.infoUrl = `ws://127.0.0.1:${port}/websocket/v1/info`;
    wss.on("headers", (headers: string[], req: IncomingMessage) => {
      for (const [k, v] of Object.entries(this.#headers.get(req) ?? {})) headers.push(`${k}: ${v}`);
    });
    server.on(
      "upgrade",
      (req: IncomingMessage, socket: Duplex, head: Buffer) => this.#upgrade(req, socket, head),
    );
    server.on("request", (req: IncomingMessage, res: ServerResponse) => this.#request(req, res));
  }

  get market(): MarketSimulator {
    return this.core.market;
  }

  get accounts(): AccountBook {
    return this.core.accounts;
  }

  #upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.#raw.add(socket);
    socket.on("close", () => this.#raw.delete(socket));
    socket.on("error", () => socket.destroy());
    const headers: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      headers[k] = Array.isArray(v) ? v.join(", ") : v;
    }
    this.core.upgrade({
      path: req.url ?? "/",
      headers,
      ip: req.socket.remoteAddress ?? "127.0.0.1",
    }).then(
      (d) => {
        if (this.#closing || socket.destroyed) return socket.destroy();
        if (!d.ok) return writeRefusal(socket, d.status, d.body, d.headers);
        this.#headers.set(req, d.headers);
        this.#wss.handleUpgrade(
          req,
          socket,
          head,
          (ws) => this.#connection(ws, { ...d.ticket, negotiatedExtensions: ws.extensions }),
        );
      },
      () => socket.destroy(),
    );
  }

  #connection(ws: WsSocket, ticket: UpgradeTicket): void {
    this.#sockets.add(ws);
    const conn = this.core.accept(ticket, {
      send: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(data, { binary: typeof data !== "string" });
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
      terminate: () => ws.terminate(),
    });
    ws.on("message", (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      conn.receive(
        isBinary
          ? new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
          : buf.toString("utf8"),
      );
    });
    ws.on("ping", (data: Buffer) => {
      conn.notePing();
      if (!conn.stalled && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on("close", (code: number) => {
      this.#sockets.delete(ws);
      conn.transportClosed(code);
    });
    ws.on("error", () => ws.terminate());
  }

  #request(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.byteLength;
      if (size > 16 * 1024 * 1024) req.destroy();
      else chunks.push(c);
    });
    req.on("end", () => {
      const host = { core: this.core, replay: (r: string, o: ReplayOptions) => this.replay(r, o) };
      handleHttp(host, {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        body: Buffer.concat(chunks).toString("utf8"),
      })
        .then(
          (r) => {
            res.writeHead(r.status, r.headers);
            res.end(req.method === "HEAD" ? undefined : r.body);
          },
          (e: unknown) => {
            res.writeHead(500, { "content-type": "application/json" });
            res.end(JSON.stringify({ error: e instanceof Error ? e.message : "internal error" }));
          },
        );
    });
  }

  connections(): ConnectionInfo[] {
    return this.core.connections();
  }

  stats(): EmulatorStats {
    return this.core.stats();
  }

  fault(f: Fault, target?: string): void {
    this.core.fault(f, target);
  }

  announce(input: AnnouncementInput): WireObject {
    return this.core.announce(input);
  }

  get indicators(): IndicatorEngine {
    return this.core.indicators;
  }

  send(text: string, target?: string): void {
    this.core.sendRaw(text, target);
  }

  replay(recording: string | RecordedFrame[], options: ReplayOptions = {}): ReplayHandle {
    const r = replayRecording(this.core, recording, options);
    this.#replays.add(r);
    r.done.then(() => this.#replays.delete(r), () => {});
    return r;
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  async #shutdown(): Promise<void> {
    for (const r of this.#replays) r.stop();
    this.core.close();
    if (this.#sockets.size > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([
        Promise.all([...this.#sockets].map((ws) =>
          new Promise<void>((r) => {
            if (ws.readyState === ws.CLOSED) r();
            else ws.once("close", () => r());
          })
        )),
        new Promise<void>((r) => (timer = setTimeout(r, 250))),
      ]);
      clearTimeout(timer);
    }
    for (const ws of this.#sockets) ws.terminate();
    for (const s of this.#raw) s.destroy();
    await new Promise<void>((r) => this.#wss.close(() => r()));
    await new Promise<void>((r) => {
      this.#server.close(() => r());
      this.#server.closeAllConnections();
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** The part of `Deno.permissions` {@linkcode checkDenoListen} uses. */
interface DenoPermissions {
  querySync(descriptor: { name: "net"; host: string }): { state: string };
  requestSync(descriptor: { name: "net"; host: string }): { state: string };
}

/**
 * On Deno, asks for the permission to listen before `listen()`: Deno's `node:net` throws a missing
 * net permission from a later tick, where no `error` listener hears it and the process dies with a
 * stack trace. Elsewhere it does nothing.
 */
function checkDenoListen(port: number): void {
  const deno = (globalThis as { Deno?: { permissions?: Partial<DenoPermissions> } }).Deno;
  const permissions = deno?.permissions;
  if (permissions?.querySync === undefined || permissions.requestSync === undefined) return;
  const host = port === 0 ? "127.0.0.1" : `127.0.0.1:${port}`;
  const descriptor = { name: "net", host } as const;
  let state = permissions.querySync(descriptor).state;
  // Prompts on a terminal; denied at once with --no-prompt or without one.
  if (state === "prompt") state = permissions.requestSync(descriptor).state;
  if (state !== "granted") {
    throw new Error(
      `Cannot start the emulator as Deno denied it the network: run with --allow-net=${host}`,
    );
  }
}

/**
 * Starts an emulator on 127.0.0.1 (port 0 = any free port by default).
 *
 * @param options emulator options
 * @returns the running emulator
 * @throws {Error} on Deno without the permission to listen on 127.0.0.1 (naming the flag), or when
 *   the port is taken
 *
 * @example Subscribe with a raw socket
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * const ws = new WebSocket(emu.url);
 * ws.binaryType = "arraybuffer";
 * ws.onopen = () => ws.send(JSON.stringify([{ ticket: "t" }, { type: "ticker", codes: ["KRW-BTC"] }]));
 * ws.onmessage = (e) => console.log(new TextDecoder().decode(e.data as ArrayBuffer));
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  checkDenoListen(options.port ?? 0);
  const core = new EmulatorCore(options);
  const server = createServer();
  const wss = new WebSocketServer({
    noServer: true,
    autoPong: false,
    // Upbit accepts permessage-deflate whenever the client offers it (protocol doc §4). Whether
    // it compresses small frames too is not known; compressing every frame (threshold 0) is the
    // stricter test of a client.
    perMessageDeflate: options.perMessageDeflate === false ? false : { threshold: 0 },
    clientTracking: false,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    core.close();
    throw e;
  }
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const emu = new LocalEmulator(core, server, wss, port);
  core.start();
  return emu;
}
