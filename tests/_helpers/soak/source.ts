/**
 * Where the soak frames come from: REALTIME frames cycling over three types and five codes, each
 * stamped with its index in `timestamp` (so order and freshness can be checked), sent by the
 * emulator's raw replay (every runtime, workerd included) or, for the long runs,
 * `bench/_sender.ts` in a Node process of its own; and the heap in use, where the runtime tells.
 *
 * @module
 */
import process from "node:process";
import type { RecordedFrame } from "../../../testing/replay/recording.ts";
import { useEmulator, type UseEmulatorOverrides } from "../emulator.ts";

/** The five codes the frames cycle over (those of `bench/_frames.ts`). */
export const SOAK_CODES = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE"] as const;

/** Where the frames come from. */
export interface FrameSource {
  /** The WebSocket URL the clients connect to. */
  readonly url: string;
  /** Whether events carry their frame index in `timestamp` (checks order and freshness). */
  readonly stamped: boolean;
  /** Sends every frame (once every client has subscribed); resolves when they are out. */
  send(): Promise<void>;
  close(): Promise<void>;
}

/** The heap in use, where the runtime tells (not on workerd). */
export function heapUsed(): number | undefined {
  try {
    const m = process.memoryUsage?.();
    // workerd's nodejs_compat answers zeros: no information.
    return typeof m?.heapUsed === "number" && m.heapUsed > 0 ? m.heapUsed : undefined;
  } catch {
    return undefined;
  }
}

const TYPES = ["ticker", "trade", "orderbook"] as const;

/** The frame at index i: types cycle fastest, then codes (as `bench/_sender.ts` does). */
export function frameAt(i: number): { type: (typeof TYPES)[number]; code: string } {
  return {
    type: TYPES[i % 3]!,
    code: SOAK_CODES[Math.floor(i / 3) % SOAK_CODES.length]!,
  };
}

/** The highest stamp (frame index) sent per (type, code) among `frames` frames. */
export function lastStamps(frames: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = Math.max(0, frames - 15); i < frames; i++) {
    const { type, code } = frameAt(i);
    out.set(`${type}|${code}`, i);
  }
  return out;
}

/** The text of frame i, its index in `timestamp`. */
export function frameText(i: number, templates: Record<string, string>): string {
  const { type, code } = frameAt(i);
  return templates[`${type}|${code}`]!.replace('"timestamp":0', `"timestamp":${i}`);
}

/** One REALTIME frame template per (type, code), with `"timestamp":0` to fill in. */
export function frameTemplates(
  build: {
    ticker(code: string): object;
    trade(code: string): object;
    orderbook(code: string): object;
  },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const code of SOAK_CODES) {
    for (const type of TYPES) {
      const frame = { ...build[type](code), code, stream_type: "REALTIME", timestamp: 0 };
      out[`${type}|${code}`] = JSON.stringify(frame);
    }
  }
  return out;
}

/**
 * The emulator as the source: one raw replay of `frames` frames, all due at once, to every
 * connection (in-process where the runtime can listen, through the spawner on workerd).
 */
export async function emulatorSource(
  frames: number,
  templates: Record<string, string>,
  overrides: UseEmulatorOverrides = {},
): Promise<FrameSource> {
  const emu = await useEmulator({ market: { tickMs: 0 }, idleTimeoutMs: 600_000 }, overrides);
  return {
    url: emu.url,
    stamped: true,
    async send() {
      if (emu.local) {
        const recording: RecordedFrame[] = [];
        for (let i = 0; i < frames; i++) recording.push({ t: 0, text: frameText(i, templates) });
        await emu.local.replay(recording, { speed: Infinity, mode: "raw" }).done;
        return;
      }
      // In chunks: the emulator's control API takes bodies of up to 16 MB.
      for (let from = 0; from < frames; from += 2000) {
        const lines: string[] = [];
        for (let i = from; i < Math.min(frames, from + 2000); i++) {
          lines.push(`{"t":0,"frame":${frameText(i, templates)}}`);
        }
        await emu.control("replay", {
          recording: lines.join("\n"),
          speed: 1e9,
          mode: "raw",
          wait: true,
        });
      }
    },
    close: () => emu.close(),
  };
}
