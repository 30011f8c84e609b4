/**
 * One consumer: what one subscription wants, in Upbit's terms (a type, its codes, `units` and
 * `level`, snapshot and/or realtime), where its events go, and where it stands; and the
 * bookkeeping of a connection's consumers that the market/private and `/info` desired sets share.
 *
 * @module
 */
import type { UpbitEvent } from "../types.ts";
import type { AnnouncementFilter } from "./announcement_filter.ts";

/**
 * How a consumer wants a stream: snapshot then realtime, the snapshot alone, or realtime alone.
 *
 * @example
 * ```ts
 * import type { StreamPreference } from "upbit-ws";
 * const pref: StreamPreference = "realtime";
 * ```
 */
export type StreamPreference = "both" | "snapshot" | "realtime";

/**
 * What one consumer wants, in Upbit's terms, and where its events go.
 *
 * @example
 * ```ts
 * import type { ConsumerInit } from "./consumer.ts";
 * const init: ConsumerInit = {
 *   type: "orderbook", codes: ["KRW-BTC"], units: 15, level: 0, stream: "both",
 *   deliver: (event) => console.log(event), complete: () => {},
 * };
 * ```
 */
export interface ConsumerInit {
  /** The wire type: `ticker`, `trade`, `orderbook`, `candle.1m`, `myOrder`, `myAsset`, `announcement`. */
  readonly type: string;
  /** Market codes; empty for `myAsset` and `announcement`, and for `myOrder` meaning every market. */
  readonly codes: readonly string[];
  /** Orderbook depth (1, 5, 15, 30); 30 elsewhere. */
  readonly units: number;
  /** Orderbook price grouping (`level`); 0 elsewhere. */
  readonly level: number;
  /** `announcement` only: the categories and body this consumer wants. */
  readonly announcement?: AnnouncementFilter;
  /** Snapshot, realtime, or both. */
  readonly stream: StreamPreference;
  /** Receives each event meant for this consumer. */
  readonly deliver: (event: UpbitEvent) => void;
  /** Called once every snapshot of a `"snapshot"` consumer has arrived. */
  readonly complete: () => void;
  /**
   * Called when Upbit sent no snapshot of `codes` to this consumer after every retry. A
   * `"both"` consumer then receives realtime events of those codes without one.
   */
  readonly expire?: (codes: string[]) => void;
  /** Called when Upbit refused this consumer's part of the request (the consumer is done). */
  readonly fail?: (error: Error) => void;
  /** Called once, when the consumer is live (see the module doc). */
  readonly live?: () => void;
}

/**
 * A consumer as the desired set tracks it: its {@linkcode ConsumerInit} and where it stands.
 *
 * @example
 * ```ts
 * import { DesiredSet } from "./desired_set.ts";
 * const set = new DesiredSet();
 * const consumer = set.add({
 *   type: "ticker", codes: ["KRW-BTC"], units: 30, level: 0, stream: "both",
 *   deliver: () => {}, complete: () => {},
 * });
 * console.log(consumer.awaiting); // Set { "KRW-BTC" }: its snapshot is due
 * ```
 */
export interface Consumer extends ConsumerInit {
  /** Codes whose snapshot this consumer still waits for; null when it wants none. */
  awaiting: Set<string> | null;
  /** Whether this consumer receives realtime frames. */
  readonly realtime: boolean;
  /** Whether `live` was called. */
  isLive: boolean;
  /** Whether a request carrying this consumer was sent on the current socket. */
  wired: boolean;
}

/**
 * One stream on the wire: a type, a code and a level, and the consumers that want it.
 *
 * @example
 * ```ts
 * import { DesiredSet } from "./desired_set.ts";
 * const set = new DesiredSet();
 * set.add({ type: "trade", codes: ["KRW-BTC"], units: 30, level: 0, stream: "realtime",
 *   deliver: () => {}, complete: () => {} });
 * for (const stream of set.streams()) console.log(stream.type, stream.code); // trade KRW-BTC
 * ```
 */
export interface Stream {
  /** The wire type. */
  readonly type: string;
  /** The market code; {@linkcode ALL_MARKETS} for myOrder on every market; "" for myAsset. */
  readonly code: string;
  /** The orderbook `level`; 0 elsewhere. */
  readonly level: number;
  /** Copied on every change, so a delivery that closes a consumer cannot upset a loop over it. */
  consumers: readonly Consumer[];
  /** A consumer waits for a snapshot that no request sent since has asked for. */
  snapshotDue: boolean;
  /** Requests that asked for this stream's snapshot with none arriving yet. */
  snapshotTries: number;
}

/** The code of the myOrder stream of every market (a myOrder object without `codes`). */
export const ALL_MARKETS = "*";

/**
 * Which consumers a request may carry (all when absent). The connection holds back consumers
 * while it finds out which of them made Upbit refuse a request.
 */
export type ConsumerFilter = (consumer: Consumer) => boolean;

/**
 * The consumers of one connection and which are not live yet: what the market/private desired
 * set and the `/info` one have in common.
 *
 * @example
 * ```ts
 * import { Members } from "./consumer.ts";
 * const members = new Members<{ live?: () => void }>();
 * const consumer = { live: () => console.log("live") };
 * members.add(consumer);
 * members.markLive(consumer); // logs "live"; members.waiting is empty
 * ```
 */
export class Members<C extends { readonly fail?: (e: Error) => void; readonly live?: () => void }> {
  readonly #all = new Set<C>();
  /** Consumers added and not live yet. */
  readonly waiting: Set<C> = new Set();

  /** The number of consumers. */
  get size(): number {
    return this.#all.size;
  }

  /**
   * Adds a consumer, not live yet.
   *
   * @param consumer the consumer
   */
  add(consumer: C): void {
    this.#all.add(consumer);
    this.waiting.add(consumer);
  }

  /**
   * Removes a consumer.
   *
   * @param consumer the consumer
   * @returns whether it was there
   */
  delete(consumer: C): boolean {
    this.waiting.delete(consumer);
    return this.#all.delete(consumer);
  }

  /**
   * Whether a consumer is here.
   *
   * @param consumer the consumer
   * @returns whether it was added and not deleted
   */
  has(consumer: C): boolean {
    return this.#all.has(consumer);
  }

  /** Every consumer, in the order added. */
  values(): IterableIterator<C> {
    return this.#all.values();
  }

  /**
   * Fails consumers Upbit refused, each through its own `fail`.
   *
   * @param consumers the refused consumers
   * @param error Upbit's refusal
   */
  refuse(consumers: readonly C[], error: Error): void {
    for (const consumer of consumers) consumer.fail?.(error);
  }

  /**
   * Marks a consumer live: it leaves `waiting` and hears `live`.
   *
   * @param consumer a waiting consumer
   */
  markLive(consumer: C): void {
    this.waiting.delete(consumer);
    consumer.live?.();
  }
}

/**
 * The stream codes of a consumer: its codes, {@linkcode ALL_MARKETS} for myOrder without codes,
 * "" for the code-less myAsset and announcement.
 *
 * @param consumer the consumer (or what it was made from)
 * @returns the codes of its streams
 */
export function codesOf(consumer: Pick<ConsumerInit, "type" | "codes">): readonly string[] {
  if (consumer.type === "myAsset" || consumer.type === "announcement") return [""];
  if (consumer.type === "myOrder" && consumer.codes.length === 0) return [ALL_MARKETS];
  return consumer.codes;
}
