/**
 * `upbit-ws record`: every frame received, as Upbit sent it, to an NDJSON recording (written in
 * batches), with a progress line on a terminal.
 *
 * @module
 */
import { connect, stateOf, streamExit, subscribe, watchOpen } from "./connect.ts";
import type { Run } from "./lifetime.ts";
import { type WebSocketConstructor } from "../../mod.ts";
import { formatRecordingLine } from "../../testing/replay/recording.ts";
import { progressLine } from "../format/lines.ts";

/** A WebSocket constructor that hands every received frame to `onFrame` before the client. */
function tapWebSocket(
  onFrame: (data: unknown) => void,
): WebSocketConstructor {
  const Base = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Base === undefined) {
    throw new Error("Cannot record as this runtime has no global WebSocket");
  }
  return class TappedWebSocket extends Base {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener("message", (e: MessageEvent) => onFrame(e.data));
    }
  };
}

function frameBytes(data: unknown): string | Uint8Array | undefined {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) {
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  }
  return undefined;
}

/** `upbit-ws record`: records until stopped, `--duration` or `--frames`. */
export const record: Run<"record"> = async (inv, io, life) => {
  const file = await io.createFile(inv.file);
  const stop = new AbortController();
  const signal = AbortSignal.any([life.signal, stop.signal]);
  let frames = 0;
  let bytes = 0;
  let pending: string[] = [];
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  const flush = () => {
    if (pending.length === 0) return writing;
    const chunk = pending.join("");
    pending = [];
    writing = writing.then(() => file.write(chunk)).catch((e: unknown) => {
      writeError ??= e;
      stop.abort(e);
    });
    return writing;
  };
  const onFrame = (data: unknown) => {
    if (signal.aborted) return;
    const frame = frameBytes(data);
    if (frame === undefined) return;
    frames++;
    bytes += typeof frame === "string"
      ? new TextEncoder().encode(frame).byteLength
      : frame.byteLength;
    pending.push(`${formatRecordingLine(Date.now(), frame)}\n`);
    if (pending.length >= 256) void flush();
    if (inv.maxFrames !== undefined && frames >= inv.maxFrames) stop.abort(new Error("--frames"));
  };
  const conn = await connect(inv.endpoint, inv.target, { WebSocket: tapWebSocket(onFrame) });
  const { client } = conn;
  const open = watchOpen(client);
  let lastError: string | undefined;
  client.addEventListener("error", (e) => {
    lastError = `${e.error.code}: ${e.error.message}`;
    io.error(`${io.isTty ? "\r\x1b[2K" : ""}upbit-ws: ${lastError}\n`);
  });
  const started = Date.now();
  let lastFrames = 0;
  let lastAt = started;
  let rate = 0;
  const progress = () => {
    const now = Date.now();
    if (now - lastAt >= 1000) {
      rate = ((frames - lastFrames) * 1000) / (now - lastAt);
      lastFrames = frames;
      lastAt = now;
    }
    const line = progressLine({
      file: inv.file,
      frames,
      bytes,
      elapsedMs: now - started,
      rate,
      state: stateOf(client),
    });
    return io.write(`\r\x1b[2K${line}`).catch(() => {});
  };
  const timer = setInterval(() => {
    void flush();
    if (io.isTty) void progress();
  }, 250);
  const sub = subscribe(client, inv.target, { stream: inv.stream, signal });
  try {
    for await (const _ of sub) {
      // The frames are recorded by the tap; the events only keep the subscription consumed.
    }
  } finally {
    clearInterval(timer);
    sub.close();
    await conn.close();
    await flush();
    await file.close();
  }
  open.dispose();
  if (writeError !== undefined) throw writeError;
  if (io.isTty) await progress().then(() => io.write("\n"));
  else io.error(`upbit-ws: recorded ${frames} frames (${bytes} bytes) to ${inv.file}\n`);
  return streamExit(io, life, conn.url, inv.target, open.opened, lastError);
};
