/**
 * What `startEmulator()` gives: a running emulator's URLs, its parts (market, accounts,
 * indicators, core) and its controls (faults, replays, announcements, raw frames, close).
 *
 * @module
 */
import type { AccountBook } from "../accounts/account_book.ts";
import type { WireObject } from "../codec/json.ts";
import type { AnnouncementInput } from "../core/announcement.ts";
import type { EmulatorCore } from "../core/core.ts";
import type { Fault } from "../core/faults.ts";
import type { IndicatorEngine } from "../indicators/engine.ts";
import type { MarketSimulator } from "../market/simulator.ts";
import type { RecordedFrame } from "../replay/recording.ts";
import type { ReplayHandle, ReplayOptions } from "../replay/replayer.ts";
import type { ConnectionInfo, EmulatorStats } from "../reports.ts";

/**
 * A running emulator. Close it with `close()` or `await using`.
 *
 * @example Open a socket to a running emulator
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * const ws = new WebSocket(emu.url);
 * ```
 */
export interface Emulator extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT/websocket/v1` */
  readonly url: string;
  /** `ws://127.0.0.1:PORT/websocket/v1/private` */
  readonly privateUrl: string;
  /** `ws://127.0.0.1:PORT/websocket/v1/info` (indicators; JWT) */
  readonly infoUrl: string;
  /** `http://127.0.0.1:PORT` */
  readonly httpUrl: string;
  /** The listening port. */
  readonly port: number;
  /** The market simulator (step, trade, frames). */
  readonly market: MarketSimulator;
  /** Accounts and orders. */
  readonly accounts: AccountBook;
  /** Candle history, indicators and signals of `/info`; `closeCandle()` closes one now. */
  readonly indicators: IndicatorEngine;
  /** The protocol core. */
  readonly core: EmulatorCore;
  /** Closes every socket, timer and the listener; idempotent. */
  close(): Promise<void>;
  /** Open connections, then recently closed ones. */
  connections(): ConnectionInfo[];
  /** Counters. */
  stats(): EmulatorStats;
  /** Injects a fault into one connection id or `"all"` (default). */
  fault(f: Fault, target?: string): void;
  /** Replays a recording (NDJSON or parsed). */
  replay(recording: string | RecordedFrame[], options?: ReplayOptions): ReplayHandle;
  /** Publishes an announcement. */
  announce(input: AnnouncementInput): WireObject;
  /** Sends a text frame unchanged (in the configured opcode) to a connection or all. */
  send(text: string, target?: string): void;
}
