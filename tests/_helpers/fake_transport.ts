/**
 * The transport the emulator's core writes to, recorded (for tests that drive `EmulatorCore`
 * without a socket): what was sent, when, and how the connection ended.
 */
import type { FakeClock } from "../../testing/clock.ts";
import type { Transport } from "../../testing/connection/transport.ts";

const decoder = new TextDecoder();

/** One frame the emulator sent. */
export interface SentFrame {
  /** The frame's text (a binary frame decoded as UTF-8, as Upbit's are). */
  text: string;
  /** Sent as a binary frame. */
  binary: boolean;
  /** The clock's time when it was sent, ms (0 without a clock). */
  at: number;
}

/** A {@linkcode Transport} that records every frame and the close. */
export class FakeTransport implements Transport {
  /** Every frame, in order. */
  readonly sent: SentFrame[] = [];
  /** The close code and reason, once closed. */
  closed: { code: number; reason: string } | undefined;
  /** Whether the emulator terminated the connection (no close frame). */
  terminated = false;
  readonly #clock: FakeClock | undefined;

  /** @param clock times each frame, if given */
  constructor(clock?: FakeClock) {
    this.#clock = clock;
  }

  /** Records a frame. */
  send(data: string | Uint8Array): void {
    const binary = typeof data !== "string";
    const text = binary ? decoder.decode(data) : data;
    this.sent.push({ text, binary, at: this.#clock?.now() ?? 0 });
  }

  /** Records the close. */
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }

  /** Records a termination. */
  terminate(): void {
    this.terminated = true;
  }

  /** The frames from index `from`, parsed. */
  json(from = 0): Record<string, unknown>[] {
    return this.sent.slice(from).map((f) => JSON.parse(f.text) as Record<string, unknown>);
  }
}
