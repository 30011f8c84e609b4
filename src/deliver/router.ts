/**
 * Routing a decoded event of the public or private connection to the consumers that want it.
 *
 * This is the hot path: one call per frame. It looks streams up by type, code and level in the
 * desired set's index without building a key, and visits the stream's consumer list (an array
 * replaced, never changed, when consumers come and go) with an index loop: nothing is allocated
 * per event, except the copy an orderbook needs to be cut down to a consumer's smaller depth.
 *
 * @module
 */
import type { UpbitEvent } from "../types.ts";
import { acceptsAnnouncement } from "../demand/announcement_filter.ts";
import { ALL_MARKETS, type Stream } from "../demand/consumer.ts";
import { PRIVATE_TYPES } from "../protocol/data_types.ts";
import type { DesiredSet } from "../demand/desired_set.ts";

/**
 * Hands decoded events to the consumers of a {@linkcode DesiredSet}.
 *
 * @example
 * ```ts
 * import { DesiredSet } from "../demand/desired_set.ts";
 * import { Router } from "./router.ts";
 * const set = new DesiredSet();
 * set.add({ type: "trade", codes: ["KRW-BTC"], units: 30, level: 0, stream: "realtime",
 *   deliver: (e) => console.log(e.type), complete: () => {} });
 * const router = new Router(set, () => false);
 * router.route({ type: "trade", code: "KRW-ETH" } as never); // false: nobody wants it
 * ```
 */
export class Router {
  readonly #set: DesiredSet;
  readonly #asked: (code: string, level: number) => boolean;

  /**
   * Routes to the consumers of `set`.
   *
   * @param set the consumers and their streams
   * @param asked whether a level of a code was asked for on this socket (see `route`)
   */
  constructor(set: DesiredSet, asked: (code: string, level: number) => boolean) {
    this.#set = set;
    this.#asked = asked;
  }

  /**
   * Hands a decoded event to the consumers that want it. Snapshots go only to consumers waiting
   * for that code's snapshot; realtime frames only to realtime consumers that are not still
   * waiting for their snapshot (so a consumer always sees its snapshot first). An orderbook frame
   * whose `level` matches no subscribed level of its code still reaches that code's consumers
   * when only one level of it is subscribed and the frame's level was never asked for on this
   * socket (Upbit's own example answers `level: 1000` with frames saying `level: 0`,
   * `upbit-protocol.md` §10.3); it is delivered as sent.
   *
   * @param event the decoded event
   * @returns whether any stream matched
   */
  route(event: UpbitEvent): boolean {
    const byCode = this.#set.routes.get(event.type);
    if (byCode === undefined) return false;
    if (event.type === "myAsset" || event.type === "announcement") {
      return this.#offer(byCode.get("")?.[0], event);
    }
    if (event.type === "orderbook") {
      const streams = byCode.get(event.code);
      if (streams === undefined) return false;
      for (let i = 0; i < streams.length; i++) {
        if (streams[i]!.level === event.level) return this.#offer(streams[i], event);
      }
      // A level asked for on this socket is a stream of its own (perhaps one just dropped, its
      // last frames still in flight): never rerouted.
      return streams.length === 1 && !this.#asked(event.code, event.level) &&
        this.#offer(streams[0], event);
    }
    const hit = this.#offer(byCode.get(event.code)?.[0], event);
    if (event.type === "myOrder") return this.#offer(byCode.get(ALL_MARKETS)?.[0], event) || hit;
    return hit;
  }

  #offer(stream: Stream | undefined, event: UpbitEvent): boolean {
    if (stream === undefined) return false;
    const list = stream.consumers;
    const snapshot = event.streamType === "SNAPSHOT";
    if (snapshot) stream.snapshotTries = 0;
    for (let i = 0; i < list.length; i++) {
      const consumer = list[i]!;
      const awaiting = consumer.awaiting;
      const filter = consumer.announcement;
      if (event.type === "announcement" && filter !== undefined) {
        if (!acceptsAnnouncement(filter, event)) continue;
        if (!filter.includeBody && event.body !== undefined) {
          const { body: _body, ...rest } = event;
          consumer.deliver(rest);
          continue;
        }
      }
      if (snapshot && !PRIVATE_TYPES.has(event.type)) {
        if (awaiting === null || !awaiting.delete(stream.code)) continue;
        consumer.deliver(trim(event, consumer.units));
        if (awaiting.size === 0) {
          this.#set.settleOne(consumer);
          if (!consumer.realtime) consumer.complete();
        }
      } else if (consumer.realtime && (awaiting === null || !awaiting.has(stream.code))) {
        consumer.deliver(trim(event, consumer.units));
      }
    }
    return true;
  }
}

/** Cuts an orderbook down to a consumer's depth; other events pass through untouched. */
function trim(event: UpbitEvent, units: number): UpbitEvent {
  if (event.type !== "orderbook" || event.orderbookUnits.length <= units) return event;
  return { ...event, orderbookUnits: event.orderbookUnits.slice(0, units) };
}
