/**
 * Recordings: the format, writing one and reading one back. A recording is NDJSON, one received frame per line:
 *
 * ```
 * {"t":1790134773006,"frame":{"ty":"orderbook","cd":"KRW-BTC",…}}
 * {"t":1790134773011,"raw":"not json"}
 * ```
 *
 * `t` is the receive time in ms since the epoch; `frame` is the frame's JSON text exactly as
 * received (so Java-style numbers and 17-digit `sequential_id`s survive), or `raw` a JSON string
 * holding a frame that was not JSON (or held a line break).
 *
 * @module
 */

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
