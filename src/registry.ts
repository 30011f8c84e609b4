/**
 * The desired subscription set of one connection: the union of every live consumer, the request
 * that puts it on the wire, and the routing of decoded events back to the consumers.
 *
 * Upbit replaces a connection's whole subscription on every request, so a request is always built
 * from the whole set. Streams already flowing are re-sent with `is_only_realtime`, so existing
 * consumers get no duplicate snapshots; a stream with a consumer still waiting for its snapshot
 * is sent without that flag, and the snapshot frame goes only to the consumers waiting for it.
 *
 * @module
 */
import type { UpbitEvent, WireFormat } from "./types.ts";
import { acceptsAnnouncement, type AnnouncementFilter } from "./_announcement.ts";

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

/** What the registry needs to know of one consumer (one subscription). */
export interface ConsumerSpec {
  /** The wire type: `ticker`, `trade`, `orderbook`, `candle.1m`, `myOrder`, `myAsset`. */
  type: string;
  /** Market codes; empty for `myAsset`, and for `myOrder` meaning every market. */
  codes: readonly string[];
  /** Orderbook depth (1, 5, 15, 30); 30 elsewhere. */
  units: number;
  /** Orderbook price grouping; 0 elsewhere. */
  level: number;
  /** `announcement` only: the categories and body this consumer wants. */
  announcement?: AnnouncementFilter;
  stream: StreamPreference;
  /** Receives each event meant for this consumer. */
  deliver: (event: UpbitEvent) => void;
  /** Called once every snapshot of a `"snapshot"` consumer has arrived. */
  complete: () => void;
  /**
   * Called when Upbit sent no snapshot of `codes` to this consumer after every retry. A
   * `"both"` consumer then receives realtime events of those codes without one.
   */
  expire?: (codes: string[]) => void;
}

/** A consumer as the registry tracks it. */
export interface Consumer {
  readonly spec: ConsumerSpec;
  /** Codes whose snapshot this consumer still waits for; null when it wants none. */
  awaiting: Set<string> | null;
  /** Whether this consumer receives realtime frames. */
  readonly realtime: boolean;
}

interface Stream {
  readonly type: string;
  /** The market code; "*" for myOrder on every market; "" for myAsset. */
  readonly code: string;
  readonly level: number;
  /** Copied on every change, so a delivery that closes a consumer cannot upset a loop over it. */
  consumers: Consumer[];
  /** A consumer waits for a snapshot that no request sent since has asked for. */
  snapshotDue: boolean;
  /** Requests that asked for this stream's snapshot with none arriving yet. */
  snapshotTries: number;
  /** What the last request put on the wire for this stream. */
  sentRealtime: boolean;
  sentUnits: number;
  /** `announcement`: the filter the last request put on the wire (JSON), "" elsewhere. */
  sentFilter: string;
}

const ALL = "*";
const PRIVATE: ReadonlySet<string> = new Set(["myOrder", "myAsset", "announcement"]);

/** The routing key of a stream inside its type: the code, plus the level when it is not 0. */
function routeKey(code: string, level: number): string {
  return level === 0 ? code : `${code}@${level}`;
}

/**
 * The desired subscription set of one connection.
 *
 * @example
 * ```ts
 * import { Registry } from "upbit-ws";
 * const registry = new Registry();
 * registry.add({
 *   type: "ticker", codes: ["KRW-BTC"], units: 30, level: 0, stream: "both",
 *   deliver: (e) => console.log(e), complete: () => {},
 * });
 * registry.buildRequest("ticket-1", "DEFAULT");
 * // '[{"ticket":"ticket-1"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"DEFAULT"}]'
 * ```
 */
export class Registry {
  /** type → route key → stream. */
  #routes = new Map<string, Map<string, Stream>>();
  #consumers = new Set<Consumer>();

  /** The number of live consumers. */
  get size(): number {
    return this.#consumers.size;
  }

  /** The number of streams on the wire or wanted there. */
  get streamCount(): number {
    let n = 0;
    for (const byKey of this.#routes.values()) n += byKey.size;
    return n;
  }

  /**
   * Adds a consumer.
   *
   * @param spec what it wants and where its events go
   * @returns the consumer handle, for {@linkcode Registry.remove}
   */
  add(spec: ConsumerSpec): Consumer {
    const wantsSnapshot = spec.stream !== "realtime" && !PRIVATE.has(spec.type);
    const keys = this.#codesOf(spec);
    const consumer: Consumer = {
      spec,
      awaiting: wantsSnapshot ? new Set(keys) : null,
      realtime: spec.stream !== "snapshot" || PRIVATE.has(spec.type),
    };
    this.#consumers.add(consumer);
    for (const code of keys) {
      const stream = this.#stream(spec.type, code, spec.level);
      stream.consumers = [...stream.consumers, consumer];
      if (wantsSnapshot) stream.snapshotDue = true;
    }
    return consumer;
  }

  /**
   * Removes a consumer; idempotent. A stream left without consumers stays until the next request
   * has been built, so that the request can drop it.
   *
   * @param consumer what {@linkcode Registry.add} returned
   */
  remove(consumer: Consumer): void {
    if (!this.#consumers.delete(consumer)) return;
    for (const code of this.#codesOf(consumer.spec)) {
      const stream = this.#routes.get(consumer.spec.type)?.get(routeKey(code, consumer.spec.level));
      if (!stream) continue;
      stream.consumers = stream.consumers.filter((c) => c !== consumer);
      if (stream.consumers.length === 0 && !stream.sentRealtime) this.#drop(stream);
    }
  }

  /** Every live consumer. */
  consumers(): IterableIterator<Consumer> {
    return this.#consumers.values();
  }

  /**
   * Forgets what was on the wire: a new connection starts empty, and every consumer that takes
   * snapshots waits for a fresh one.
   */
  resetWire(): void {
    for (const consumer of this.#consumers) {
      if (consumer.awaiting !== null && consumer.spec.stream === "both") {
        consumer.awaiting = new Set(this.#codesOf(consumer.spec));
      }
    }
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
        stream.sentRealtime = false;
        stream.sentUnits = 0;
        stream.sentFilter = "";
        stream.snapshotTries = 0;
        if (stream.consumers.length === 0) this.#drop(stream);
        else stream.snapshotDue = stream.consumers.some((c) => c.awaiting?.has(stream.code));
      }
    }
  }

  /**
   * Whether the wire set differs from the desired set in a way that needs a request: a snapshot
   * is due, realtime is wanted where it is not flowing (or at another depth), or flowing
   * realtime is no longer wanted. Consumers that only took a snapshot leave without one.
   */
  needsRequest(): boolean {
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
        if (stream.snapshotDue) return true;
        const realtime = stream.consumers.some((c) => c.realtime);
        if (realtime !== stream.sentRealtime) return true;
        if (realtime && this.#units(stream) !== stream.sentUnits) return true;
        if (realtime && stream.type === "announcement") {
          if (JSON.stringify(announcementObject(stream)) !== stream.sentFilter) return true;
        }
      }
    }
    return false;
  }

  /**
   * Builds the request that puts the whole desired set on the wire, and records it as sent.
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @returns the JSON text, or `undefined` when nothing is wanted
   */
  buildRequest(ticket: string, format: WireFormat): string | undefined {
    const objects = new Map<string, Record<string, unknown> & { codes?: string[] }>();
    let allOrders = false;
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
        if (stream.consumers.length === 0) {
          this.#drop(stream);
          continue;
        }
        const realtime = stream.consumers.some((c) => c.realtime);
        const snapshot = stream.consumers.some((c) => c.awaiting?.has(stream.code) === true);
        if (snapshot && stream.snapshotDue) stream.snapshotTries++;
        stream.snapshotDue = false;
        stream.sentRealtime = realtime;
        stream.sentUnits = realtime ? this.#units(stream) : 0;
        if (!realtime && !snapshot) continue;
        if (stream.type === "announcement") {
          const object = announcementObject(stream);
          stream.sentFilter = JSON.stringify(object);
          objects.set(stream.type, object);
          continue;
        }
        if (PRIVATE.has(stream.type)) {
          if (stream.code === ALL) allOrders = true;
          const object = objects.get(stream.type) ?? { type: stream.type };
          if (stream.type === "myOrder" && stream.code !== ALL) {
            (object.codes ??= []).push(stream.code);
          }
          objects.set(stream.type, object);
          continue;
        }
        const flag = realtime ? (snapshot ? "" : "r") : "s";
        const key = `${stream.type}|${stream.level}|${flag}`;
        let object = objects.get(key);
        if (!object) {
          object = { type: stream.type, codes: [] };
          if (stream.level !== 0) object.level = stream.level;
          if (flag === "r") object.is_only_realtime = true;
          if (flag === "s") object.is_only_snapshot = true;
          objects.set(key, object);
        }
        const units = this.#units(stream);
        object.codes!.push(
          stream.type === "orderbook" && units < 30 ? `${stream.code}.${units}` : stream.code,
        );
      }
    }
    if (objects.size === 0) return undefined;
    // Orders for every market make per-market filters redundant: Upbit sends each event once.
    const orders = objects.get("myOrder");
    if (orders && allOrders) delete orders.codes;
    return JSON.stringify([{ ticket }, ...objects.values(), { format }]);
  }

  /** Whether some consumer still waits for a snapshot. */
  awaitingSnapshots(): boolean {
    for (const consumer of this.#consumers) {
      if (consumer.awaiting !== null && consumer.awaiting.size > 0) return true;
    }
    return false;
  }

  /**
   * A snapshot can be lost (a frame dropped by a stalled or misbehaving server, a malformed
   * frame) on a socket that stays open; nothing else would ever ask for it again, and the
   * consumer waiting for it would hold back that code's realtime events forever. So: ask again
   * for every snapshot still missing, and after `maxTries` requests give up on it, telling the
   * consumer (a `"both"` consumer then gets realtime events without a snapshot).
   *
   * @param maxTries requests per stream before giving up
   * @returns whether a request is now needed
   */
  retrySnapshots(maxTries: number): boolean {
    let retry = false;
    const expired = new Map<Consumer, string[]>();
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
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
    }
    for (const [consumer, codes] of expired) consumer.spec.expire?.(codes);
    return retry;
  }

  /**
   * Hands a decoded event to the consumers that want it. Snapshots go only to consumers waiting
   * for that code's snapshot; realtime frames only to realtime consumers that are not still
   * waiting for their snapshot (so a consumer always sees its snapshot first).
   *
   * @param event the decoded event
   * @returns whether any stream matched
   */
  route(event: UpbitEvent): boolean {
    const byKey = this.#routes.get(event.type);
    if (byKey === undefined) return false;
    if (event.type === "myAsset" || event.type === "announcement") {
      return this.#offer(byKey.get(""), event);
    }
    if (event.type === "orderbook") {
      return this.#offer(byKey.get(routeKey(event.code, event.level)), event);
    }
    const hit = this.#offer(byKey.get(event.code), event);
    if (event.type === "myOrder") return this.#offer(byKey.get(ALL), event) || hit;
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
      const filter = consumer.spec.announcement;
      if (event.type === "announcement" && filter !== undefined) {
        if (!acceptsAnnouncement(filter, event)) continue;
        if (!filter.includeBody && event.body !== undefined) {
          const { body: _body, ...rest } = event;
          consumer.spec.deliver(rest);
          continue;
        }
      }
      if (snapshot && !PRIVATE.has(event.type)) {
        if (awaiting === null || !awaiting.delete(stream.code)) continue;
        consumer.spec.deliver(trim(event, consumer.spec.units));
        if (awaiting.size === 0 && !consumer.realtime) consumer.spec.complete();
      } else if (consumer.realtime && (awaiting === null || !awaiting.has(stream.code))) {
        consumer.spec.deliver(trim(event, consumer.spec.units));
      }
    }
    return true;
  }

  #codesOf(spec: ConsumerSpec): readonly string[] {
    if (spec.type === "myAsset" || spec.type === "announcement") return [""];
    if (spec.type === "myOrder" && spec.codes.length === 0) return [ALL];
    return spec.codes;
  }

  #stream(type: string, code: string, level: number): Stream {
    let byKey = this.#routes.get(type);
    if (!byKey) this.#routes.set(type, byKey = new Map());
    const key = routeKey(code, level);
    let stream = byKey.get(key);
    if (!stream) {
      stream = {
        type,
        code,
        level,
        consumers: [],
        snapshotDue: false,
        snapshotTries: 0,
        sentRealtime: false,
        sentUnits: 0,
        sentFilter: "",
      };
      byKey.set(key, stream);
    }
    return stream;
  }

  #drop(stream: Stream): void {
    const byKey = this.#routes.get(stream.type);
    byKey?.delete(routeKey(stream.code, stream.level));
    if (byKey?.size === 0) this.#routes.delete(stream.type);
  }

  /** The depth to request: the largest any consumer of the stream wants. */
  #units(stream: Stream): number {
    let units = 0;
    for (const c of stream.consumers) units = Math.max(units, c.spec.units);
    return units || 30;
  }
}

/** Cuts an orderbook down to a consumer's depth; other events pass through untouched. */
function trim(event: UpbitEvent, units: number): UpbitEvent {
  if (event.type !== "orderbook" || event.orderbookUnits.length <= units) return event;
  return { ...event, orderbookUnits: event.orderbookUnits.slice(0, units) };
}

/**
 * The `announcement` type object for every consumer of the stream: the union of their categories
 * (none when one wants every category) and `include_body` when one wants the body. Each consumer
 * then gets only its own categories, and the body only if it asked (see `#offer`).
 */
function announcementObject(stream: Stream): Record<string, unknown> {
  const object: Record<string, unknown> = { type: "announcement" };
  const categories = new Set<string>();
  let all = false;
  let body = false;
  for (const c of stream.consumers) {
    const filter = c.spec.announcement;
    if (filter === undefined || filter.categories.length === 0) all = true;
    else for (const category of filter.categories) categories.add(category);
    if (filter?.includeBody) body = true;
  }
  if (!all) object.categories = [...categories].sort();
  if (body) object.include_body = true;
  return object;
}
