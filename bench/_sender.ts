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
 * With `deflate`, it accepts permessage-deflate as Upbit does (RFC 7692, whenever the client
 * offers it), answering `server_no_context_takeover` so that every message is compressed on its
 * own: each distinct frame is deflated ONCE, up front, and then written as a raw frame with RSV1
 * set, so the sender's own compression is never what is measured. A client that does not offer
 * the extension gets the same frames uncompressed. With `types`, the realtime cycle holds only
 * those data types (snapshots still go out for every subscribed type).
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
import { constants, deflateRawSync } from "node:zlib";
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
  /** Accept permessage-deflate when offered, and send pre-compressed frames (default false). */
  deflate?: boolean;
  /** The data types of the realtime cycle (default all of {@linkcode TYPES}). */
  types?: BenchType[];
}

const config = JSON.parse(process.argv[2] ?? "{}") as SenderConfig;
const codes = krwCodes(config.codes);
const HIGH_WATER = 1 << 20;
const CYCLE_TYPES: readonly BenchType[] = config.types ?? TYPES;

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
      if (CYCLE_TYPES.includes(type)) e.realtime.push(Buffer.from(realtime));
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

/**
 * A whole unmasked binary WebSocket frame (FIN, opcode 2) around `payload`; with `deflated`, the
 * payload is compressed per RFC 7692 (raw deflate, sync flush, the trailing `00 00 ff ff` cut)
 * and RSV1 is set.
 */
function wsFrame(payload: Buffer, deflated = false): Buffer {
  const body = deflated
    ? deflateRawSync(payload, { finishFlush: constants.Z_SYNC_FLUSH }).subarray(0, -4)
    : payload;
  const b0 = deflated ? 0xc2 : 0x82;
  const n = body.length;
  const header = n < 126
    ? Buffer.from([b0, n])
    : n < 65536
    ? Buffer.from([b0, 126, n >> 8, n & 255])
    : Buffer.from([b0, 127, 0, 0, 0, 0, n >>> 24, (n >> 16) & 255, (n >> 8) & 255, n & 255]);
  return Buffer.concat([header, body]);
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
const wss = new WebSocketServer({
  server,
  // Upbit accepts permessage-deflate whenever the client offers it (protocol doc §4). No context
  // takeover on the server side, so each pre-compressed frame stands alone.
  perMessageDeflate: config.deflate === true ? { serverNoContextTakeover: true } : false,
});

wss.on("connection", (ws: WebSocket) => {
  const socket = (ws as unknown as { _socket: Duplex })._socket;
  const sentSnapshots = new Set<string>();
  let format: BenchFormat = "DEFAULT";
  let seq = 0;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Negotiated: every frame goes out pre-compressed through the raw socket (ws.send would
  // compress it again, asynchronously, out of order with the raw writes).
  const deflated = ws.extensions.includes("permessage-deflate");
  const compressedFrames = new Map<Buffer, Buffer>();

  const send = (bytes: Buffer | string) => {
    const buffer = typeof bytes === "string" ? Buffer.from(bytes) : bytes;
    if (deflated) {
      let frame = compressedFrames.get(buffer);
      if (frame === undefined) {
        frame = wsFrame(buffer, true);
        if (typeof bytes !== "string") compressedFrames.set(buffer, frame);
      }
      socket.write(frame);
    } else {
      ws.send(buffer, { binary: true });
    }
    seq++;
  };

  ws.on("message", (data, isBinary) => {
    const text = data.toString();
    if (!isBinary && text === "PING") {
      send('{"status":"UP"}');
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
    const cpuStart = process.cpuUsage();
    const slots = e.realtime.length;
    let sent = 0;
    const finish = () => {
      const cpu = process.cpuUsage(cpuStart);
      const ms = performance.now() - start;
      const cpuMs = (cpu.user + cpu.system) / 1000;
      console.log(
        JSON.stringify({ sent, ms, cpuMs, bytes: cycleBytes * (sent / slots), deflated }),
      );
    };
    let cycleBytes = 0;
    if (config.rate <= 0 && !config.stamp) {
      // Flood: whole WebSocket frames (server frames are unmasked) written straight to the
      // socket, one cycle of every (type, code) per write, so that the sender is never the
      // bottleneck; backpressure on the socket's `drain`.
      const cycle = Buffer.concat(e.realtime.map((b) => wsFrame(b, deflated)));
      cycleBytes = cycle.length;
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
