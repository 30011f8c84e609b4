/**
 * The benchmark's mock Upbit server, run by `bench/run.ts` as its own Node 22 process so that
 * sender and receiver each have a core. It serves one WebSocket connection:
 *
 * 1. waits for a subscription request (a JSON array), answers it with one SNAPSHOT frame per
 *    (type, code) not flagged `is_only_realtime` (each pair once per connection, so a client that
 *    sends one request per stream, like ccxt, gets the same frames as one that sends the whole
 *    set), in the request's `format` (DEFAULT when absent);
 * 2. 30 ms after the last request, sends `frames` REALTIME frames cycling ticker, trade,
 *    orderbook over the codes: as fast as the socket drains (`rate` 0: pre-built WebSocket
 *    frames written to the TCP socket a cycle at a time, backpressure on its `drain`), or paced
 *    at `rate` frames per second (a `setImmediate` loop);
 * 3. answers each text `PING` with `{"status":"UP"}`.
 *
 * With `stamp`, every frame's `timestamp` is the index of that message on the connection
 * (snapshots and status frames included), so a receiver can match an event to the arrival time
 * of its message. It also answers `GET /v1/market/all` (ccxt loads markets from it).
 *
 * Usage: `node bench/_sender.ts '{"codes":5,"frames":150000,"rate":0,"stamp":false}'`; prints
 * `{"port":…}` when listening and `{"sent":…,"ms":…}` when the realtime frames are out.
 *
 * @module
 */
import { createServer } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { type BenchFormat, type BenchType, frameText, krwCodes, STAMP, TYPES } from "./_frames.ts";

interface SenderConfig {
  /** How many codes (the first `codes` of {@linkcode krwCodes}). */
  codes: number;
  /** REALTIME frames to send. */
  frames: number;
  /** Frames per second, or 0 for as fast as the socket drains. */
  rate: number;
  /** Put the message index in each frame's `timestamp`. */
  stamp: boolean;
}

const config = JSON.parse(process.argv[2] ?? "{}") as SenderConfig;
const codes = krwCodes(config.codes);
const HIGH_WATER = 1 << 20;

/** Encoded frames per format: `realtime[i]` cycles types within each code. */
interface Encoded {
  realtime: Buffer[];
  snapshot: Map<string, Buffer>;
  /** With stamp: the text around the stamp, per realtime slot and per snapshot key. */
  realtimeParts: [string, string][];
  snapshotParts: Map<string, [string, string]>;
}

const encoded = new Map<BenchFormat, Encoded>();

function encode(format: BenchFormat): Encoded {
  let e = encoded.get(format);
  if (e) return e;
  e = { realtime: [], snapshot: new Map(), realtimeParts: [], snapshotParts: new Map() };
  codes.forEach((code, i) => {
    for (const type of TYPES) {
      const realtime = frameText(type, code, format, false, i, config.stamp);
      const snapshot = frameText(type, code, format, true, i, config.stamp);
      e.realtime.push(Buffer.from(realtime));
      e.snapshot.set(`${type}|${code}`, Buffer.from(snapshot));
      if (config.stamp) {
        e.realtimeParts.push(split(realtime));
        e.snapshotParts.set(`${type}|${code}`, split(snapshot));
      }
    }
  });
  encoded.set(format, e);
  return e;
}

/** A whole unmasked binary WebSocket frame (FIN, opcode 2) around `payload`. */
function wsFrame(payload: Buffer): Buffer {
  const n = payload.length;
  const header = n < 126
    ? Buffer.from([0x82, n])
    : n < 65536
    ? Buffer.from([0x82, 126, n >> 8, n & 255])
    : Buffer.from([0x82, 127, 0, 0, 0, 0, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
  return Buffer.concat([header, payload]);
}

function split(text: string): [string, string] {
  const [a, b] = text.split(String(STAMP));
  if (a === undefined || b === undefined) throw new Error("No stamp in frame");
  return [a, b];
}

const markets = JSON.stringify(
  codes.map((market) => ({ market, korean_name: market, english_name: market })),
);
const server = createServer((req, res) => {
  if (req.url?.startsWith("/v1/market/all")) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(markets);
  } else {
    res.writeHead(404).end();
  }
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });

wss.on("connection", (ws: WebSocket) => {
  const socket = (ws as unknown as { _socket: Duplex })._socket;
  const sentSnapshots = new Set<string>();
  let format: BenchFormat = "DEFAULT";
  let seq = 0;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const send = (bytes: Buffer | string) => {
    ws.send(typeof bytes === "string" ? Buffer.from(bytes) : bytes, { binary: true });
    seq++;
  };

  ws.on("message", (data, isBinary) => {
    const text = data.toString();
    if (!isBinary && text === "PING") {
      ws.send('{"status":"UP"}', { binary: true });
      seq++;
      return;
    }
    let request: Record<string, unknown>[];
    try {
      request = JSON.parse(text) as Record<string, unknown>[];
    } catch {
      return;
    }
    if (!Array.isArray(request)) return;
    const fmt = request.find((o) => typeof o.format === "string")?.format;
    format = fmt === "SIMPLE" ? "SIMPLE" : "DEFAULT";
    const e = encode(format);
    for (const o of request) {
      const type = o.type as BenchType;
      if (!TYPES.includes(type) || o.is_only_realtime === true || !Array.isArray(o.codes)) continue;
      for (const raw of o.codes as string[]) {
        const key = `${type}|${raw.split(".")[0]}`;
        if (sentSnapshots.has(key)) continue;
        sentSnapshots.add(key);
        if (config.stamp) {
          const parts = e.snapshotParts.get(key);
          if (parts) send(parts[0] + seq + parts[1]);
        } else {
          const bytes = e.snapshot.get(key);
          if (bytes) send(bytes);
        }
      }
    }
    if (!started) {
      clearTimeout(timer);
      timer = setTimeout(() => {
        started = true;
        blast(encode(format));
      }, 30);
    }
  });

  function blast(e: Encoded): void {
    const start = performance.now();
    const slots = e.realtime.length;
    let sent = 0;
    const finish = () => {
      console.log(JSON.stringify({ sent, ms: performance.now() - start }));
    };
    if (config.rate <= 0 && !config.stamp) {
      // Flood: whole WebSocket frames (server frames are unmasked) written straight to the
      // socket, one cycle of every (type, code) per write, so that the sender is never the
      // bottleneck; backpressure on the socket's `drain`.
      const cycle = Buffer.concat(e.realtime.map(wsFrame));
      const pump = () => {
        while (sent < config.frames) {
          if (ws.readyState !== ws.OPEN) return;
          if (socket.writableLength > HIGH_WATER) {
            socket.once("drain", pump);
            return;
          }
          if (config.frames - sent >= slots) {
            socket.write(cycle);
            sent += slots;
            seq += slots;
          } else {
            send(e.realtime[sent % slots]!);
            sent++;
          }
        }
        finish();
      };
      pump();
      return;
    }
    // Paced: a setImmediate loop sends whatever is due, so frames go out evenly spaced.
    const tick = () => {
      if (ws.readyState !== ws.OPEN) return;
      const due = config.rate <= 0
        ? config.frames
        : Math.min(config.frames, Math.floor(((performance.now() - start) / 1000) * config.rate));
      while (sent < due) {
        const slot = sent % slots;
        if (config.stamp) {
          const parts = e.realtimeParts[slot]!;
          send(parts[0] + seq + parts[1]);
        } else {
          send(e.realtime[slot]!);
        }
        sent++;
      }
      if (sent < config.frames) setImmediate(tick);
      else finish();
    };
    tick();
  }

  ws.on("close", () => {
    clearTimeout(timer);
    server.close();
    wss.close();
    setTimeout(() => process.exit(0), 50).unref();
  });
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  console.log(JSON.stringify({ port }));
});
