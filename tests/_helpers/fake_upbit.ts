/**
 * The one fake Upbit for unit tests: a WebSocket class, passed as the client's `WebSocket` option,
 * whose server side the test scripts. Sockets open (or are refused) in a microtask and frames are
 * delivered at once, so nothing waits on real time: on a fake clock (`fake_clock.ts`) a test drives
 * the client's whole reconnect loop with `clock.tick` / `advance`; without one it runs as fast as
 * the client's own timers allow. Integration tests use the real emulator over loopback
 * (`emulator.ts`) instead.
 *
 * ```ts
 * const clock = fakeClock();
 * const upbit = fakeUpbit({ clock, answer: (request, socket) => socket.send(tickerFrame()) });
 * const client = new UpbitClient({ url: upbit.url, WebSocket: upbit.WebSocket, clock });
 * ```
 *
 * @module
 */
import type { WebSocketConstructor } from "../../src/wire/transport.ts";

/** The server side of one socket. */
export interface FakeSocket {
  /** 1-based number of this connection attempt. */
  readonly id: number;
  /** The arguments the client constructed the socket with (URL, then options where given). */
  readonly args: readonly unknown[];
  /** Whether the socket is open (not yet open, refused, or closed: false). */
  readonly open: boolean;
  /** Requests received on this socket, parsed (PINGs excluded), and their times on the clock. */
  readonly requests: unknown[][];
  readonly requestedAt: number[];
  /** Sends a frame: a string as is, bytes as a binary frame, anything else as JSON text. */
  send(frame: unknown): void;
  /** Closes from the server side (`close` event with `code`; clean unless 1006). */
  close(code?: number): void;
}

/** The server side of a fake Upbit: answers one request on one socket. */
export type FakeAnswer = (request: unknown[], socket: FakeSocket) => void;

/**
 * How a connection attempt goes: it opens; it stays `CONNECTING` until the client gives up; or it
 * is refused before open, as a refused upgrade looks on Node 22 (an `error` event and no `close`),
 * with `message` on the event as Deno and Bun name the cause (e.g. `"... status code: 429"`).
 */
export type ConnectOutcome = "open" | "never" | { refuse: string | undefined };

/** Options of {@linkcode fakeUpbit}. */
export interface FakeUpbitOptions {
  /** The clock connects and requests are timed on (the client's, usually): default `Date.now`. */
  clock?: { now(): number };
  /** The server: called with each request (PINGs excluded) after it is recorded. */
  answer?: FakeAnswer;
  /** Decides each attempt (`id` is 1-based); default: every attempt opens. */
  connect?: (id: number) => ConnectOutcome;
}

/** A scripted Upbit and what it saw. */
export interface FakeUpbit {
  /** A URL to give the client (any URL reaches this fake through its `WebSocket`). */
  readonly url: string;
  readonly WebSocket: WebSocketConstructor;
  /** Every request, parsed (PINGs excluded), over every socket in order. */
  readonly requests: unknown[][];
  /** The clock time of every connection attempt. */
  readonly connects: number[];
  /** The server side of every attempt, refused ones included. */
  readonly sockets: FakeSocket[];
  /** Sockets that opened. */
  readonly connections: number;
  /** `PING` frames received. */
  readonly pings: number;
  /** Sends a frame to every open socket. */
  send(frame: unknown): void;
  /** Closes every open socket from the server side (default 1006, as a lost connection). */
  drop(code?: number): void;
  /** Resolves once `n` requests have arrived in total. */
  waitForRequests(n: number): Promise<void>;
  /** Stops the server: open sockets are dropped and every later attempt is refused. */
  close(): void;
}

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** Creates a fake Upbit; see the module doc. */
export function fakeUpbit(options: FakeUpbitOptions = {}): FakeUpbit {
  const now = () => (options.clock ?? Date).now();
  const requests: unknown[][] = [];
  const connects: number[] = [];
  const sockets: FakeSocket[] = [];
  const live = new Set<Socket>();
  const waiters: Array<() => void> = [];
  let connections = 0;
  let pings = 0;
  let stopped = false;

  class Socket extends EventTarget {
    static readonly CONNECTING = CONNECTING;
    static readonly OPEN = OPEN;
    static readonly CLOSING = CLOSING;
    static readonly CLOSED = CLOSED;
    readyState = CONNECTING;
    binaryType = "blob";
    readonly #server: FakeSocket;

    constructor(...args: unknown[]) {
      super();
      connects.push(now());
      const id = sockets.length + 1;
      const isOpen = () => this.readyState === OPEN;
      this.#server = {
        id,
        args,
        get open() {
          return isOpen();
        },
        requests: [],
        requestedAt: [],
        send: (frame) => this.serverSend(frame),
        close: (code = 1000) => this.serverClose(code),
      };
      sockets.push(this.#server);
      const outcome: ConnectOutcome = stopped
        ? { refuse: undefined }
        : options.connect?.(id) ?? "open";
      if (outcome === "never") return;
      queueMicrotask(() => {
        if (this.readyState !== CONNECTING) return;
        if (outcome === "open") {
          this.readyState = OPEN;
          connections++;
          live.add(this);
          this.dispatchEvent(new Event("open"));
          return;
        }
        this.readyState = CLOSED;
        const event = new Event("error");
        if (outcome.refuse !== undefined) Object.assign(event, { message: outcome.refuse });
        this.dispatchEvent(event);
      });
    }

    send(data: string): void {
      if (this.readyState === CONNECTING) {
        throw new DOMException("send() while CONNECTING", "InvalidStateError");
      }
      if (this.readyState !== OPEN) return;
      if (data === "PING") {
        pings++;
        return;
      }
      const request = JSON.parse(data) as unknown[];
      requests.push(request);
      this.#server.requests.push(request);
      this.#server.requestedAt.push(now());
      for (const wake of waiters.splice(0)) wake();
      options.answer?.(request, this.#server);
    }

    close(code = 1000): void {
      if (this.readyState >= CLOSING) return;
      if (this.readyState === CONNECTING) {
        this.readyState = CLOSED;
        return;
      }
      this.readyState = CLOSING;
      queueMicrotask(() => this.serverClose(code));
    }

    /** A frame from the server. */
    serverSend(frame: unknown): void {
      if (this.readyState !== OPEN) return;
      const data = typeof frame === "string"
        ? frame
        : frame instanceof Uint8Array
        ? frame.slice().buffer
        : JSON.stringify(frame);
      this.dispatchEvent(new MessageEvent("message", { data }));
    }

    /** The socket closed (by either side). */
    serverClose(code: number): void {
      if (this.readyState === CLOSED) return;
      this.readyState = CLOSED;
      live.delete(this);
      const fields = { code, reason: "", wasClean: code !== 1006 };
      this.dispatchEvent(Object.assign(new Event("close"), fields));
    }
  }

  const waitFor = (n: number): Promise<void> =>
    new Promise((resolve) => {
      const check = () => (requests.length >= n ? resolve() : void waiters.push(check));
      check();
    });
  const drop = (code = 1006) => {
    for (const s of [...live]) s.serverClose(code);
  };
  return {
    url: "ws://fake-upbit.test/websocket/v1",
    WebSocket: Socket as unknown as WebSocketConstructor,
    requests,
    connects,
    sockets,
    get connections() {
      return connections;
    },
    get pings() {
      return pings;
    },
    send(frame) {
      for (const s of live) s.serverSend(frame);
    },
    drop,
    waitForRequests: waitFor,
    close() {
      stopped = true;
      drop();
    },
  };
}
