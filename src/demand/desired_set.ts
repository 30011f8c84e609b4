/**
 * Who wants what on one connection: the consumers, and the streams they add up to — one per
 * type, code and level — with which consumers are live yet.
 *
 * A consumer is live once every snapshot it waits for has arrived (or was given up on) and, if
 * it takes realtime events, a request carrying all its streams went out on the current socket.
 * The request is built in `request.ts`; events reach consumers through `../deliver/router.ts`.
 *
 * @module
 */
import {
  codesOf,
  type Consumer,
  type ConsumerFilter,
  type ConsumerInit,
  Members,
  type Stream,
} from "./consumer.ts";
import { PRIVATE_TYPES } from "../protocol/data_types.ts";

/**
 * The desired set of the public or private connection: consumers and the streams they want.
 * Streams are indexed by type, then code, then level (orderbooks only have several levels of a
 * code), so that routing an event looks up without building a key.
 *
 * @example
 * ```ts
 * import { DesiredSet } from "./desired_set.ts";
 * const set = new DesiredSet();
 * const consumer = set.add({
 *   type: "ticker", codes: ["KRW-BTC", "KRW-ETH"], units: 30, level: 0, stream: "both",
 *   deliver: () => {}, complete: () => {},
 * });
 * console.log(set.streamCount); // 2
 * set.remove(consumer);
 * ```
 */
export class DesiredSet {
  /** type → code → the streams of that code, one per level; read by the router. */
  readonly routes: ReadonlyMap<string, ReadonlyMap<string, readonly Stream[]>> = new Map();
  /** Every consumer, and those not live yet. */
  readonly members: Members<Consumer> = new Members();

  /** The number of streams wanted on the wire. */
  get streamCount(): number {
    let n = 0;
    for (const byCode of this.routes.values()) {
      for (const streams of byCode.values()) n += streams.length;
    }
    return n;
  }

  /** Every stream, type by type. */
  *streams(): IterableIterator<Stream> {
    for (const byCode of this.routes.values()) {
      for (const streams of byCode.values()) yield* streams;
    }
  }

  /**
   * Adds a consumer.
   *
   * @param init what it wants and where its events go
   * @returns the consumer, for {@linkcode DesiredSet.remove}
   */
  add(init: ConsumerInit): Consumer {
    const wantsSnapshot = init.stream !== "realtime" && !PRIVATE_TYPES.has(init.type);
    const codes = codesOf(init);
    const consumer: Consumer = {
      ...init,
      awaiting: wantsSnapshot ? new Set(codes) : null,
      realtime: init.stream !== "snapshot" || PRIVATE_TYPES.has(init.type),
      isLive: false,
      wired: false,
    };
    this.members.add(consumer);
    for (const code of codes) {
      const stream = this.#stream(init.type, code, init.level);
      stream.consumers = [...stream.consumers, consumer];
      if (wantsSnapshot) stream.snapshotDue = true;
    }
    return consumer;
  }

  /**
   * Removes a consumer; idempotent. A stream left without consumers leaves the set at once.
   *
   * @param consumer what {@linkcode DesiredSet.add} returned
   */
  remove(consumer: Consumer): void {
    if (!this.members.delete(consumer)) return;
    const byCode = this.#routes.get(consumer.type);
    for (const code of codesOf(consumer)) {
      const streams = byCode?.get(code);
      const stream = streams?.find((s) => s.level === consumer.level);
      if (stream === undefined) continue;
      stream.consumers = stream.consumers.filter((c) => c !== consumer);
      if (stream.consumers.length > 0) continue;
      const rest = streams!.filter((s) => s !== stream);
      if (rest.length > 0) byCode!.set(code, rest);
      else byCode!.delete(code);
    }
    if (byCode?.size === 0) this.#routes.delete(consumer.type);
  }

  /** A new socket: every consumer that takes snapshots waits for a fresh one. */
  resetWire(): void {
    for (const consumer of this.members.waiting) consumer.wired = false;
    for (const consumer of this.members.values()) {
      if (consumer.awaiting !== null && consumer.stream === "both") {
        consumer.awaiting = new Set(codesOf(consumer));
      }
    }
    for (const stream of this.streams()) {
      stream.snapshotTries = 0;
      stream.snapshotDue = stream.consumers.some((c) => c.awaiting?.has(stream.code));
    }
  }

  /**
   * Tells every waiting consumer that is live now (see the module doc). The connection calls it
   * after a request went out, and when a change needed none: either way every consumer
   * `include` lets through is on the wire.
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: ConsumerFilter): void {
    for (const consumer of this.members.waiting) {
      if (include === undefined || include(consumer)) consumer.wired = true;
      this.settleOne(consumer);
    }
  }

  /**
   * Makes a consumer live if it can be now (its snapshots or wire state changed).
   *
   * @param consumer the consumer
   */
  settleOne(consumer: Consumer): void {
    if (consumer.isLive) return;
    if (consumer.awaiting !== null && consumer.awaiting.size > 0) return;
    if (consumer.realtime && !consumer.wired) return;
    consumer.isLive = true;
    this.members.markLive(consumer);
  }

  /** Whether some consumer still waits for a snapshot. */
  awaitingSnapshots(): boolean {
    for (const consumer of this.members.values()) {
      if (consumer.awaiting !== null && consumer.awaiting.size > 0) return true;
    }
    return false;
  }

  /**
   * A snapshot can be lost on a socket that stays open (a frame dropped by a stalled server, a
   * malformed frame), and nothing else would ask for it again: the consumer waiting for it would
   * hold back that code's realtime events forever. So: ask again for every snapshot still
   * missing, and after `maxTries` requests give up on it, telling the consumer (a `"both"`
   * consumer then gets realtime events without a snapshot).
   *
   * @param maxTries requests per stream before giving up
   * @returns whether a request is now needed
   */
  retrySnapshots(maxTries: number): boolean {
    let retry = false;
    const expired = new Map<Consumer, string[]>();
    for (const stream of this.streams()) {
      const waiting = stream.consumers.filter((c) => c.awaiting?.has(stream.code) === true);
      if (waiting.length === 0) continue;
      if (stream.snapshotTries < maxTries) {
        stream.snapshotDue = true;
        retry = true;
        continue;
      }
      stream.snapshotTries = 0;
      for (const consumer of waiting) {
        consumer.awaiting!.delete(stream.code);
        expired.set(consumer, [...(expired.get(consumer) ?? []), stream.code]);
      }
    }
    for (const [consumer, codes] of expired) {
      consumer.expire?.(codes);
      this.settleOne(consumer);
    }
    return retry;
  }

  get #routes(): Map<string, Map<string, Stream[]>> {
    return this.routes as Map<string, Map<string, Stream[]>>;
  }

  #stream(type: string, code: string, level: number): Stream {
    let byCode = this.#routes.get(type);
    if (!byCode) this.#routes.set(type, byCode = new Map());
    const streams = byCode.get(code) ?? [];
    let stream = streams.find((s) => s.level === level);
    if (!stream) {
      stream = { type, code, level, consumers: [], snapshotDue: false, snapshotTries: 0 };
      byCode.set(code, [...streams, stream]);
    }
    return stream;
  }
}
