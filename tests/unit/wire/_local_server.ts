/**
 * An in-process HTTP server with WebSocket upgrades for the transport's tests: `/ok` upgrades and
 * sends "hello", `/status/N` answers N, `/hang` never answers.
 */
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Socket } from "node:net";
import { WebSocketServer } from "ws";
import type { WebSocketConstructor } from "../../../src/wire/transport.ts";

/** An in-process server: `/ok` upgrades, `/status/N` answers N, `/hang` never answers. */
export interface TestServer {
  url: string;
  upgrades: IncomingMessage[];
  close(): Promise<void>;
}

export async function startServer(): Promise<TestServer> {
  const upgrades: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const http: Server = createServer();
  const wss = new WebSocketServer({ noServer: true });
  http.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  http.on("upgrade", (req: IncomingMessage, socket: Socket, head: Buffer) => {
    upgrades.push(req);
    const path = req.url ?? "/";
    if (path === "/ok") {
      wss.handleUpgrade(req, socket, head, (ws) => ws.send("hello"));
    } else if (path.startsWith("/status/")) {
      const status = Number(path.slice("/status/".length));
      socket.end(
        `HTTP/1.1 ${status} Refused\r\nRetry-After: 3\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    } // "/hang": say nothing until the server closes.
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const address = http.address();
  assert.ok(address !== null && typeof address === "object");
  return {
    url: `ws://127.0.0.1:${address.port}`,
    upgrades,
    async close() {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Closes a socket and waits for its close event, so no runtime reports a leaked socket. */
export function closeAndWait(ws: WebSocket): Promise<void> {
  if (ws.readyState === 3) return Promise.resolve();
  return new Promise((resolve) => {
    ws.addEventListener("close", () => resolve(), { once: true });
    ws.close();
  });
}

/** Waits until the server has seen `count` upgrade requests (a few ms of polling at most). */
export async function waitForUpgrades(server: TestServer, count: number): Promise<void> {
  for (let i = 0; i < 200 && server.upgrades.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  assert.equal(server.upgrades.length, count);
}

/**
 * A subclass of the global WebSocket that records the listeners added and not removed, and the
 * sockets it made (to close them at the end).
 */
export function tracked() {
  const live: Array<[string, unknown]> = [];
  const made: WebSocket[] = [];
  let peak = 0;
  class Tracked extends globalThis.WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      made.push(this);
    }
    override addEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | AddEventListenerOptions,
    ): void {
      live.push([type, listener]);
      peak = Math.max(peak, live.length);
      super.addEventListener(type, listener, options);
    }
    override removeEventListener(
      type: string,
      listener: EventListenerOrEventListenerObject,
      options?: boolean | EventListenerOptions,
    ): void {
      const index = live.findIndex(([t, l]) => t === type && l === listener);
      if (index !== -1) live.splice(index, 1);
      super.removeEventListener(type, listener, options);
    }
  }
  return {
    WebSocket: Tracked as unknown as WebSocketConstructor,
    live,
    made,
    get peak() {
      return peak;
    },
  };
}

/** Closes a socket that may still be connecting, waiting briefly for its close event. */
export async function closeAndWaitQuietly(ws: WebSocket): Promise<void> {
  if (ws.readyState === 3) return;
  await new Promise<void>((resolve) => {
    // Node 22 never fires close after a failed handshake; do not wait on it forever.
    const timer = setTimeout(resolve, 200);
    ws.addEventListener("close", () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
    try {
      ws.close();
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
