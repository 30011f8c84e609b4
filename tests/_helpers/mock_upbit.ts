/**
 * A scripted Upbit stand-in on mock-socket, for client tests that need exact control over every
 * frame. Integration tests use the real emulator over loopback instead.
 */
import { type Client, Server, WebSocket as MockWebSocket } from "mock-socket";
import type { WebSocketConstructor } from "../../src/wire/transport.ts";

export interface MockUpbit {
  url: string;
  WebSocket: WebSocketConstructor;
  /** Requests received, parsed (PINGs excluded), across every connection. */
  requests: unknown[][];
  pings: number;
  connections: number;
  /** Sends a frame (object → JSON text) to every open socket. */
  send(frame: unknown): void;
  /** Closes every open socket from the server side. */
  drop(code?: number): void;
  /** Resolves when `n` requests have arrived. */
  waitForRequests(n: number): Promise<void>;
  close(): void;
}

let counter = 0;

export function mockUpbit(): MockUpbit {
  const url = `ws://mock-upbit-${Date.now()}-${counter++}.test/websocket/v1`;
  const server = new Server(url);
  const sockets = new Set<Client>();
  const waiters: Array<() => void> = [];
  const state: MockUpbit = {
    url,
    WebSocket: MockWebSocket as unknown as WebSocketConstructor,
    requests: [],
    pings: 0,
    connections: 0,
    send(frame) {
      const text = typeof frame === "string" ? frame : JSON.stringify(frame);
      for (const s of sockets) s.send(text);
    },
    drop(code = 1006) {
      for (const s of [...sockets]) s.close({ code, reason: "dropped", wasClean: false });
      sockets.clear();
    },
    waitForRequests(n) {
      return new Promise((resolve) => {
        const check = () => {
          if (state.requests.length >= n) resolve();
          else waiters.push(check);
        };
        check();
      });
    },
    close() {
      server.stop();
    },
  };
  server.on("connection", (socket) => {
    state.connections++;
    sockets.add(socket);
    socket.on("message", (data) => {
      if (data === "PING") {
        state.pings++;
        return;
      }
      state.requests.push(JSON.parse(String(data)));
      for (const w of waiters.splice(0)) w();
    });
    socket.on("close", () => sockets.delete(socket));
  });
  return state;
}
