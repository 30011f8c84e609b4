/**
 * How a connection's frames leave: the one thing an adapter (the `ws` server, a test) supplies.
 *
 * @module
 */

/**
 * What a transport adapter gives the core for one socket.
 *
 * @example A transport that collects frames
 * ```ts
 * import type { Transport } from "upbit-ws/testing";
 * const frames: (string | Uint8Array)[] = [];
 * const t: Transport = { send: (f) => frames.push(f), close() {}, terminate() {} };
 * ```
 */
export interface Transport {
  /** Sends a frame: binary for `Uint8Array`, text for `string`. */
  send(data: string | Uint8Array): void;
  /** Closes with a close frame. */
  close(code: number, reason: string): void;
  /** Drops the TCP connection without a close frame (client sees 1006). */
  terminate(): void;
}
