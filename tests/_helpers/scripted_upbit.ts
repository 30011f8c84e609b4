/**
 * An in-process Upbit stand-in for tests on a fake clock: a WebSocket class whose server side is
 * a function the test writes. Sockets open in a microtask; nothing waits on real time, so a test
 * drives the client's whole reconnect loop with `clock.tick`. Integration tests use the real
 * emulator over loopback instead.
 */
import type { WebSocketConstructor } from "../../src/wire/transport.ts";
import type { FakeClock } from "./fake_clock.ts";

/** The server side of one socket, as the test's `answer` sees it. */
export interface ScriptedSocket {
  /** 1-based number of this connection. */
  readonly id: number;
  /** Sends a frame (an object is sent as JSON text). */
  send(frame: unknown): void;
  /** Closes from the server side. */
  close(code?: number): void;
  readonly open: boolean;
}

export interface ScriptedUpbit {
  WebSocket: WebSocketConstructor;
  /** Every request, parsed, with the connection it came on and the fake time. */
  requests: { socket: number; at: number; request: unknown[] }[];
  /** The fake time of every connection attempt. */
  connects: number[];
  /** Server sides of every socket opened. */
  sockets: ScriptedSocket[];
}

/**
 * @param clock the fake clock the client also uses (connect and request times)
 * @param answer the server: called with each request (PINGs excluded)
 */
export function scriptedUpbit(
  clock: FakeClock,
  answer: (request: unknown[], socket: ScriptedSocket) => void,
): ScriptedUpbit {
  const state: ScriptedUpbit = {
    WebSocket: undefined as unknown as WebSocketConstructor,
    requests: [],
    connects: [],
    sockets: [],
  };
  class Scripted extends EventTarget {
    static readonly CONNECTING = 0;
    static readonly OPEN = 1;
    static readonly CLOSING = 2;
    static readonly CLOSED = 3;
    readyState = 0;
    binaryType = "blob";
    #server: ScriptedSocket;
    constructor(_url: string) {
      super();
      state.connects.push(clock.now());
      const id = state.sockets.length + 1;
      const isOpen = () => this.readyState === 1;
      this.#server = {
        id,
        get open() {
          return isOpen();
        },
        send: (frame) => {
          if (this.readyState !== 1) return;
          const data = typeof frame === "string" ? frame : JSON.stringify(frame);
          this.dispatchEvent(new MessageEvent("message", { data }));
        },
        close: (code = 1000) => this.#closed(code),
      };
      state.sockets.push(this.#server);
      queueMicrotask(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.dispatchEvent(new Event("open"));
      });
    }
    send(data: string): void {
      if (this.readyState !== 1 || data === "PING") return;
      const request = JSON.parse(data) as unknown[];
      state.requests.push({ socket: this.#server.id, at: clock.now(), request });
      answer(request, this.#server);
    }
    close(code = 1000): void {
      if (this.readyState >= 2) return;
      this.readyState = 2;
      queueMicrotask(() => this.#closed(code));
    }
    #closed(code: number): void {
      if (this.readyState === 3) return;
      this.readyState = 3;
      this.dispatchEvent(Object.assign(new Event("close"), { code, reason: "", wasClean: true }));
    }
  }
  state.WebSocket = Scripted as unknown as WebSocketConstructor;
  return state;
}

/** Lets every pending microtask and immediate run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

/** Moves the fake clock in small steps, letting the client's async loop run between them. */
export async function advance(clock: FakeClock, ms: number, step = 25): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.tick(Math.min(step, ms - t));
    await settle();
  }
}
