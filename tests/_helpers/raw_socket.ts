/**
 * Raw sockets for protocol tests written as raw JSON, against the emulator or anything else:
 *
 * - `openRaw(url, headers?)`: a plain WebSocket (`binaryType = "arraybuffer"`) that records
 *   every frame.
 * - `rawUpgrade(httpUrl, path, headers?)`: the HTTP answer to an upgrade request (status,
 *   headers), for refused upgrades that WebSocket clients cannot see.
 *
 * @module
 */

/** One received frame. */
export interface RawFrame {
  text: string;
  binary: boolean;
  /** `performance.now()` at receipt. */
  at: number;
}

/** How a raw socket ended. */
export interface RawClose {
  code: number;
  reason: string;
  wasClean: boolean;
}

/** A recorded plain WebSocket. */
export interface RawSocket {
  readonly ws: WebSocket;
  /** Every frame received so far. */
  readonly frames: RawFrame[];
  /** Resolves when the socket closed. */
  readonly closed: Promise<RawClose>;
  /** Sends a string as is, anything else as JSON text. */
  send(message: unknown): void;
  /** Parsed JSON of frames `from` onwards (default all). */
  json(from?: number): unknown[];
  /** Resolves once `count` frames (in total) have arrived; rejects after `timeoutMs`. */
  waitFrames(count: number, timeoutMs?: number): Promise<RawFrame[]>;
  /** Resolves once `pred(frames)` holds; rejects after `timeoutMs` or on close. */
  until(pred: (frames: RawFrame[]) => boolean, timeoutMs?: number): Promise<RawFrame[]>;
  /** Closes (1000) and waits for the close. */
  close(): Promise<RawClose>;
}

const decoder = new TextDecoder();

/**
 * Opens a plain WebSocket (`binaryType = "arraybuffer"`), waiting for `open`. Rejects with the
 * close event if the upgrade fails.
 *
 * @param url the ws:// URL
 * @param headers upgrade headers (e.g. `Authorization`), passed as Node/Deno/Bun allow
 */
export function openRaw(url: string, headers?: Record<string, string>): Promise<RawSocket> {
  const Ctor = WebSocket as unknown as new (url: string, opts?: unknown) => WebSocket;
  const ws = headers ? new Ctor(url, { headers }) : new Ctor(url);
  ws.binaryType = "arraybuffer";
  const frames: RawFrame[] = [];
  const waiters = new Set<() => void>();
  let isClosed = false;
  const closed = new Promise<RawClose>((resolve) => {
    ws.addEventListener("close", (e) => {
      isClosed = true;
      resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean });
      for (const w of [...waiters]) w();
    });
  });
  ws.addEventListener("message", (e) => {
    const d: unknown = e.data;
    const binary = typeof d !== "string";
    const text = typeof d === "string"
      ? d
      : d instanceof ArrayBuffer
      ? decoder.decode(d)
      : decoder.decode(d as Uint8Array);
    frames.push({ text, binary, at: performance.now() });
    for (const w of [...waiters]) w();
  });
  const until = (pred: (f: RawFrame[]) => boolean, timeoutMs = 3000) =>
    new Promise<RawFrame[]>((resolve, reject) => {
      const check = () => {
        if (pred(frames)) {
          done();
          resolve(frames);
        } else if (isClosed) {
          done();
          reject(new Error(`socket closed before the condition held (${frames.length} frames)`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms with ${frames.length} frames`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  const sock: RawSocket = {
    ws,
    frames,
    closed,
    send(message) {
      ws.send(typeof message === "string" ? message : JSON.stringify(message));
    },
    json(from = 0) {
      return frames.slice(from).map((f) => JSON.parse(f.text) as unknown);
    },
    waitFrames(count, timeoutMs) {
      return until((f) => f.length >= count, timeoutMs);
    },
    until,
    close() {
      if (ws.readyState === WebSocket.CONNECTING || ws.readyState === WebSocket.OPEN) {
        ws.close(1000);
      }
      return closed;
    },
  };
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      ws.removeEventListener("open", onOpen);
      ws.removeEventListener("close", onFail);
      ws.removeEventListener("error", onFail);
    };
    const onOpen = () => {
      cleanup();
      resolve(sock);
    };
    // undici fires only `error` (no `close`) when the upgrade is refused.
    const onFail = (e: Event) => {
      cleanup();
      const code = "code" in e ? (e as CloseEvent).code : 1006;
      reject(Object.assign(new Error(`upgrade failed (${e.type} ${code})`), { code }));
    };
    ws.addEventListener("open", onOpen);
    ws.addEventListener("close", onFail);
    ws.addEventListener("error", onFail);
  });
}

/** The HTTP answer to a WebSocket upgrade request. */
export interface UpgradeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends an upgrade request over a plain TCP socket and returns the status line, headers and
 * (for refusals) body; a 101 is closed again at once.
 *
 * @param httpUrl `http://127.0.0.1:PORT`
 * @param path e.g. `/websocket/v1/private`
 * @param headers extra request headers
 */
export async function rawUpgrade(
  httpUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<UpgradeAnswer> {
  const { connect } = await import("node:net");
  const u = new URL(httpUrl);
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return await new Promise<UpgradeAnswer>((resolve, reject) => {
    const socket = connect(Number(u.port), u.hostname);
    let buf = "";
    let settled = false;
    const finish = () => {
      if (settled) return;
      const end = buf.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [statusLine = "", ...lines] = buf.slice(0, end).split("\r\n");
      const status = Number(statusLine.split(" ")[1]);
      const h: Record<string, string> = {};
      for (const l of lines) {
        const i = l.indexOf(":");
        if (i > 0) h[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
      }
      const body = buf.slice(end + 4);
      const len = Number(h["content-length"] ?? "0");
      if (status !== 101 && new TextEncoder().encode(body).byteLength < len) return;
      settled = true;
      socket.destroy();
      resolve({ status, headers: h, body });
    };
    socket.on("connect", () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${u.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${extra}\r\n`,
      );
    });
    socket.on("data", (d: Uint8Array) => {
      buf += decoder.decode(d);
      finish();
    });
    socket.on("error", (e: Error) => {
      if (!settled) reject(e);
    });
    socket.on("close", () => {
      if (!settled) {
        settled = true;
        reject(new Error(`connection closed before an answer: ${JSON.stringify(buf)}`));
      }
    });
  });
}
