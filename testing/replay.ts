/**
 * Recording and replay. A recording is NDJSON, one received frame per line:
 *
 * ```
 * {"t":1790134773006,"frame":{"ty":"orderbook","cd":"KRW-BTC",…}}
 * {"t":1790134773011,"raw":"not json"}
 * ```
 *
 * `t` is the receive time in ms since the epoch; `frame` is the frame's JSON text exactly as
 * received (so Java-style numbers and 17-digit `sequential_id`s survive), or `raw` a JSON string
 * holding a frame that was not JSON (or held a line break). The emulator replays a recording to
 * its connections at any speed.
 *
 * @module
 */

import type { Clock, TimerHandle } from "./clock.ts";
import { parseWire, type WireObject, type WireValue } from "./codec/json.ts";
import { toDefault } from "./codec/simple.ts";
import type { EmulatorCore } from "./core/core.ts";

/**
 * One line of a recording.
 *
 * @example Build a recording by hand
 * ```ts
 * import { replayRecording, type RecordedFrame } from "upbit-ws/testing";
 * const frames: RecordedFrame[] = [{ t: 0, text: '{"status":"UP"}' }];
 * ```
 */
export interface RecordedFrame {
  /** Receive time, ms since the epoch. */
  t: number;
  /** The frame text. */
  text: string;
}

const decoder = new TextDecoder();

/**
 * Formats one recording line (without the newline).
 *
 * @param t receive time in ms
 * @param frame the frame as received (text, or bytes of UTF-8)
 * @returns the NDJSON line
 *
 * @example One line
 * ```ts
 * import { formatRecordingLine } from "upbit-ws/testing";
 * console.log(formatRecordingLine(1, '{"status":"UP"}')); // {"t":1,"frame":{"status":"UP"}}
 * ```
 */
export function formatRecordingLine(t: number, frame: string | Uint8Array): string {
  if (!Number.isFinite(t)) {
    throw new RangeError(
      `Cannot record the frame as t must be a finite number: current value is "${t}"`,
    );
  }
  const text = typeof frame === "string" ? frame : decoder.decode(frame);
  let json = !/[\r\n]/.test(text);
  if (json) {
    try {
      JSON.parse(text);
    } catch {
      json = false;
    }
  }
  return json ? `{"t":${t},"frame":${text}}` : `{"t":${t},"raw":${JSON.stringify(text)}}`;
}

/**
 * Collects frames into a recording.
 *
 * @example Record what a socket receives
 * ```ts
 * import { Recorder } from "upbit-ws/testing";
 * const rec = new Recorder();
 * const ws = new WebSocket("wss://api.upbit.com/websocket/v1");
 * ws.binaryType = "arraybuffer";
 * ws.onmessage = (e) => rec.add(typeof e.data === "string" ? e.data : new Uint8Array(e.data));
 * // later: await Deno.writeTextFile("capture.ndjson", rec.toString());
 * ```
 */
export class Recorder {
  readonly #lines: string[] = [];
  readonly #now: () => number;

  /**
   * Creates an empty recorder.
   *
   * @param now the time source (default `Date.now`)
   */
  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Records one frame at the current time. */
  add(frame: string | Uint8Array): void {
    this.#lines.push(formatRecordingLine(this.#now(), frame));
  }

  /** The number of frames recorded. */
  get size(): number {
    return this.#lines.length;
  }

  /** The recording as NDJSON (one line per frame, trailing newline). */
  toString(): string {
    return this.#lines.length === 0 ? "" : `${this.#lines.join("\n")}\n`;
  }
}

/**
 * Parses a recording. Blank lines are skipped.
 *
 * @param ndjson the recording text
 * @returns the frames in file order
 *
 * @example Read a recording
 * ```ts
 * import { parseRecording } from "upbit-ws/testing";
 * console.log(parseRecording('{"t":5,"frame":{"status":"UP"}}\n')); // [{ t: 5, text: '{"status":"UP"}' }]
 * ```
 */
export function parseRecording(ndjson: string): RecordedFrame[] {
  const out: RecordedFrame[] = [];
  const lines = ndjson.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "") continue;
    const m = /^\{"t":(-?\d+(?:\.\d+)?),"frame":(.*)\}$/.exec(line);
    if (m && m[1] !== undefined && m[2] !== undefined) {
      out.push({ t: Number(m[1]), text: m[2] });
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new SyntaxError(`Cannot parse the recording as line ${i + 1} must be JSON`);
    }
    const o = v as { t?: unknown; frame?: unknown; raw?: unknown };
    if (typeof o.t !== "number" || (o.frame === undefined && typeof o.raw !== "string")) {
      throw new SyntaxError(
        `Cannot parse the recording as line ${i + 1} must hold "t" and "frame" or "raw"`,
      );
    }
    out.push({ t: o.t, text: typeof o.raw === "string" ? o.raw : JSON.stringify(o.frame) });
  }
  return out;
}

/**
 * How to replay.
 *
 * @example Raw replay at double speed
 * ```ts
 * import type { ReplayOptions } from "upbit-ws/testing";
 * const options: ReplayOptions = { speed: 2, mode: "raw" };
 * ```
 */
export interface ReplayOptions {
  /** Speed factor: 1 = recorded pace, 10 = ten times faster, `Infinity` = all at once. Default 1. */
  speed?: number;
  /**
   * `"dispatch"` (default): decode each frame (any format) and send its events to connections
   * subscribed to that type and code, in each connection's format. `"raw"`: send every frame
   * unchanged to every target connection.
   */
  mode?: "dispatch" | "raw";
  /** A connection id or `"all"` (default). */
  target?: string;
}

/**
 * A running replay.
 *
 * @example Stop a replay
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * const r = emu.replay('{"t":0,"frame":{"status":"UP"}}\n');
 * r.stop();
 * await r.done;
 * ```
 */
export interface ReplayHandle {
  /** Resolves when every frame was sent or the replay was stopped. */
  readonly done: Promise<void>;
  /** Frames sent so far. */
  readonly sent: number;
  /** Stops the replay; idempotent. */
  stop(): void;
}

function eventsOf(text: string): WireObject[] {
  let v: WireValue;
  try {
    v = parseWire(text);
  } catch {
    return [];
  }
  const items = Array.isArray(v) ? v : [v];
  const out: WireObject[] = [];
  for (const item of items) {
    if (
      item === null || typeof item !== "object" || Array.isArray(item) || typeof item === "bigint"
    ) continue;
    const d = toDefault(item);
    if (typeof d["type"] === "string" && typeof d["code"] === "string") out.push(d);
  }
  return out;
}

/**
 * Replays a recording through an emulator core.
 *
 * @param core the emulator core
 * @param recording NDJSON text or parsed frames
 * @param options speed, mode, target
 * @returns a handle to await or stop
 *
 * @example Replay ten times faster
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * const r = emu.replay('{"t":0,"frame":{"type":"trade","code":"KRW-BTC"}}\n', { speed: 10 });
 * await r.done;
 * ```
 */
export function replayRecording(
  core: EmulatorCore,
  recording: string | RecordedFrame[],
  options: ReplayOptions = {},
): ReplayHandle {
  const frames = typeof recording === "string" ? parseRecording(recording) : [...recording];
  const speed = options.speed ?? 1;
  if (!(speed > 0)) {
    throw new RangeError(`Cannot replay as speed must be positive: current value is "${speed}"`);
  }
  const mode = options.mode ?? "dispatch";
  const target = options.target ?? "all";
  const clock: Clock = core.clock;
  const t0 = frames[0]?.t ?? 0;
  const start = clock.now();
  let i = 0;
  let sent = 0;
  let timer: TimerHandle | undefined;
  let stopped = false;
  let resolve = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  const finish = () => {
    stopped = true;
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    resolve();
  };
  const due = (f: RecordedFrame) => (speed === Infinity ? start : start + (f.t - t0) / speed);
  const run = () => {
    timer = undefined;
    if (stopped) return;
    const now = clock.now();
    for (let f = frames[i]; f !== undefined && due(f) <= now; f = frames[i]) {
      i++;
      sent++;
      if (mode === "raw") core.sendRaw(f.text, target);
      else core.deliver(eventsOf(f.text), target);
    }
    const next = frames[i];
    if (next === undefined) return finish();
    timer = clock.setTimeout(run, Math.max(0, due(next) - clock.now()));
  };
  timer = clock.setTimeout(run, 0);
  return {
    done,
    get sent() {
      return sent;
    },
    stop: finish,
  };
}
