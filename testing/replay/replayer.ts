/**
 * Replaying a recording to the emulator's connections at any speed: as raw frames (exactly as
 * recorded) or dispatched (each event to the connections whose streams match it).
 *
 * @module
 */
import type { Clock, TimerHandle } from "../clock.ts";
import { parseWire, type WireObject, type WireValue } from "../codec/json.ts";
import { toDefault } from "../codec/simple.ts";
import type { EmulatorCore } from "../core/core.ts";
import { parseRecording, type RecordedFrame } from "./recording.ts";

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
