/**
 * The desired subscription set of one connection: the union of every live consumer, the request
 * that puts it on the wire, and the routing of decoded events back to the consumers.
 *
 * Upbit replaces a connection's whole subscription on every request, so a request is always built
 * from the whole set. A request holds one object per (type, level) — never two objects of one
 * type and level that differ only in their flags, as no source says what Upbit does with such a
 * pair (`upbit-protocol.md` §10.3). An object goes out with `is_only_realtime` when none of its
 * codes needs a snapshot, with `is_only_snapshot` when none of them needs realtime, and without
 * flags otherwise: Upbit then sends a snapshot of every code in it, and {@linkcode Registry.route}
 * hands each snapshot only to the consumers waiting for one, so consumers already flowing never
 * see a second snapshot.
 *
 * Building a request ({@linkcode Registry.request}) changes nothing; {@linkcode Registry.commit}
 * records that it went out.
 *
 * @module
 */
import type { UpbitEvent, WireFormat } from "../types.ts";
import { acceptsAnnouncement, type AnnouncementFilter } from "../decode/announcement.ts";

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
  /** Called when Upbit refused this consumer's part of the request (the consumer is done). */
  fail?: (error: Error) => void;
  /**
   * Called once, when the consumer is live: every snapshot it waits for has arrived (or was given
   * up on), and, if it takes realtime events, a request carrying every one of its streams has
   * been sent on the current socket.
   */
  live?: () => void;
}

/** A consumer as the registry tracks it. */
export interface Consumer {
  readonly spec: ConsumerSpec;
  /** Codes whose snapshot this consumer still waits for; null when it wants none. */
  awaiting: Set<string> | null;
  /** Whether this consumer receives realtime frames. */
  readonly realtime: boolean;
  /** Whether `spec.live` was called. */
  live: boolean;
  /** Whether a request carrying this consumer was sent on the current socket. */
  wired: boolean;
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
}

/**
 * A request built by {@linkcode Registry.request}: its text and the consumers it carries. Nothing
 * is recorded until it is passed to {@linkcode Registry.commit}.
 *
 * @example
 * ```ts
 * import { Registry } from "./registry.ts";
 * const registry = new Registry();
 * registry.add({
 *   type: "ticker", codes: ["KRW-BTC"], units: 30, level: 0, stream: "both",
 *   deliver: () => {}, complete: () => {},
 * });
 * const request = registry.request("ticket-1", "DEFAULT");
 * if (request) registry.commit(request); // after socket.send(request.text)
 * ```
 */
export interface WireRequest {
  /** The JSON text to send. */
  readonly text: string;
  /** The consumers whose streams this request puts on the wire. */
  readonly consumers: ReadonlySet<Consumer>;
  /** What keeps flowing after this request (type, level, code with depth), as one string. */
  readonly flows: string;
}

/**
 * Which consumers a request may carry (all when absent). The connection holds back consumers
 * while it finds out which of them made Upbit refuse a request.
 */
export type ConsumerFilter = (consumer: Consumer) => boolean;

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
 * import { Registry } from "./registry.ts";
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
  /** Orderbook code → its streams at every level (for frames echoing another level). */
  #books = new Map<string, Stream[]>();
  #consumers = new Set<Consumer>();
  /** Streams whose snapshot each built request asks for, and its orderbook streams. */
  #asked = new WeakMap<WireRequest, { asked: Stream[]; books: Stream[] }>();
  /** Orderbook code → every level asked for on this socket (a frame at one is never rerouted). */
  #askedLevels = new Map<string, Set<number>>();
  /** What the last committed request made flow. */
  #flowing = "";
  /** Consumers not live yet (see `settle`). */
  #pending = new Set<Consumer>();

  /** The number of live consumers. */
  get size(): number {
    return this.#consumers.size;
  }

  /** The number of streams wanted on the wire. */
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
      live: false,
      wired: false,
    };
    this.#consumers.add(consumer);
    this.#pending.add(consumer);
    for (const code of keys) {
      const stream = this.#stream(spec.type, code, spec.level);
      stream.consumers = [...stream.consumers, consumer];
      if (wantsSnapshot) stream.snapshotDue = true;
    }
    return consumer;
  }

  /**
   * Removes a consumer; idempotent. A stream left without consumers leaves the desired set at
   * once; the next request drops it from the wire.
   *
   * @param consumer what {@linkcode Registry.add} returned
   */
  remove(consumer: Consumer): void {
    if (!this.#consumers.delete(consumer)) return;
    this.#pending.delete(consumer);
    for (const code of this.#codesOf(consumer.spec)) {
      const stream = this.#routes.get(consumer.spec.type)?.get(routeKey(code, consumer.spec.level));
      if (!stream) continue;
      stream.consumers = stream.consumers.filter((c) => c !== consumer);
      if (stream.consumers.length === 0) this.#drop(stream);
    }
  }

  /**
   * Whether a consumer is live.
   *
   * @param consumer what {@linkcode Registry.add} returned
   * @returns whether it was added and not removed
   */
  has(consumer: Consumer): boolean {
    return this.#consumers.has(consumer);
  }

  /**
   * Fails consumers Upbit refused (each through its own `fail`); the subscription then closes
   * and removes itself.
   *
   * @param consumers what {@linkcode Registry.add} returned
   * @param error Upbit's refusal
   */
  refuse(consumers: readonly Consumer[], error: Error): void {
    for (const consumer of consumers) consumer.spec.fail?.(error);
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
    this.#flowing = "";
    for (const consumer of this.#pending) consumer.wired = false;
    this.#askedLevels.clear();
    for (const consumer of this.#consumers) {
      if (consumer.awaiting !== null && consumer.spec.stream === "both") {
        consumer.awaiting = new Set(this.#codesOf(consumer.spec));
      }
    }
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
        stream.snapshotTries = 0;
        stream.snapshotDue = stream.consumers.some((c) => c.awaiting?.has(stream.code));
      }
    }
  }

  /**
   * Whether a request is needed: a snapshot is due, or what would flow after a new request
   * (codes, depths, levels) differs from what flows now. Consumers that only took a snapshot
   * leave without one; a realtime-only newcomer on a flowing stream needs none.
   *
   * @param include the consumers the request may carry (all when absent)
   * @returns whether to send a request
   */
  needsRequest(include?: ConsumerFilter): boolean {
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
        if (!stream.snapshotDue) continue;
        for (const c of stream.consumers) {
          if ((include === undefined || include(c)) && c.awaiting?.has(stream.code)) return true;
        }
      }
    }
    return this.#plan(include).flows !== this.#flowing;
  }

  /**
   * Builds the request that puts the desired set on the wire. Changes nothing.
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @param include the consumers the request may carry (all when absent)
   * @returns the request, or `undefined` when nothing is wanted
   */
  request(ticket: string, format: WireFormat, include?: ConsumerFilter): WireRequest | undefined {
    const plan = this.#plan(include);
    if (plan.objects.length === 0) return undefined;
    const request: WireRequest = {
      text: JSON.stringify([{ ticket }, ...plan.objects, { format }]),
      consumers: plan.consumers,
      flows: plan.flows,
    };
    this.#asked.set(request, { asked: plan.asked, books: plan.books });
    return request;
  }

  /**
   * The text of {@linkcode Registry.request}, for callers that only want to look. Changes nothing.
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @returns the JSON text, or `undefined` when nothing is wanted
   */
  buildRequest(ticket: string, format: WireFormat): string | undefined {
    return this.request(ticket, format)?.text;
  }

  /**
   * Records that a request went out: what flows now, and which snapshots it asked for.
   * `undefined` records that nothing is wanted any more (no request could say so).
   *
   * @param request what {@linkcode Registry.request} returned, after it was sent
   */
  commit(request: WireRequest | undefined): void {
    if (request === undefined) {
      this.#flowing = "";
      return;
    }
    this.#flowing = request.flows;
    const { asked = [], books = [] } = this.#asked.get(request) ?? {};
    for (const stream of asked) {
      if (stream.snapshotDue) stream.snapshotTries++;
      stream.snapshotDue = false;
    }
    for (const { code, level } of books) {
      let levels = this.#askedLevels.get(code);
      if (!levels) this.#askedLevels.set(code, levels = new Set());
      levels.add(level);
    }
    this.#asked.delete(request);
  }

  /** One object per (type, level), the consumers carried, what flows, and the snapshots asked. */
  #plan(include: ConsumerFilter | undefined): {
    objects: Record<string, unknown>[];
    consumers: Set<Consumer>;
    flows: string;
    asked: Stream[];
    books: Stream[];
  } {
    interface Group {
      object: Record<string, unknown> & { codes?: string[] };
      snapshot: boolean;
      realtime: boolean;
    }
    const groups = new Map<string, Group>();
    const consumers = new Set<Consumer>();
    const asked: Stream[] = [];
    const books: Stream[] = [];
    let allOrders = false;
    for (const byKey of this.#routes.values()) {
      for (const stream of byKey.values()) {
        let realtime = false;
        let snapshot = false;
        let units = 0;
        const carried: Consumer[] = [];
        for (const c of stream.consumers) {
          if (include !== undefined && !include(c)) continue;
          const awaits = c.awaiting?.has(stream.code) === true;
          if (!c.realtime && !awaits) continue;
          consumers.add(c);
          carried.push(c);
          realtime ||= c.realtime;
          snapshot ||= awaits;
          units = Math.max(units, c.spec.units);
        }
        if (!realtime && !snapshot) continue;
        if (snapshot) asked.push(stream);
        if (stream.type === "orderbook") books.push(stream);
        const key = PRIVATE.has(stream.type) ? stream.type : `${stream.type}|${stream.level}`;
        let group = groups.get(key);
        if (!group) {
          group = {
            object: stream.type === "announcement"
              ? announcementObject(carried)
              : { type: stream.type },
            snapshot: false,
            realtime: false,
          };
          if (stream.level !== 0) group.object.level = stream.level;
          groups.set(key, group);
        }
        group.snapshot ||= snapshot;
        group.realtime ||= realtime;
        if (stream.type === "myAsset" || stream.type === "announcement") continue;
        if (stream.code === ALL) {
          allOrders = true;
          continue;
        }
        units ||= 30;
        (group.object.codes ??= []).push(
          stream.type === "orderbook" && units < 30 ? `${stream.code}.${units}` : stream.code,
        );
      }
    }
    const objects: Record<string, unknown>[] = [];
    const flows: string[] = [];
    for (const group of groups.values()) {
      const { object } = group;
      if (object.type === "myOrder" && allOrders) {
        // Orders for every market make per-market filters redundant: Upbit sends each event once.
        delete object.codes;
      }
      if (!PRIVATE.has(object.type as string)) {
        if (!group.snapshot) object.is_only_realtime = true;
        else if (!group.realtime) object.is_only_snapshot = true;
      }
      objects.push(object);
      // A group with a realtime consumer makes every code in it flow, even one sent only for its
      // snapshot; a snapshot-only group stops by itself.
      if (group.realtime) {
        const prefix = `${object.type}|${object.level ?? 0}|`;
        // An announcement filter is part of what flows: a change of it needs a request.
        if (object.type === "announcement") flows.push(prefix + JSON.stringify(object));
        else if (object.codes === undefined) flows.push(prefix);
        else for (const code of object.codes) flows.push(prefix + code);
      }
    }
    return { objects, consumers, flows: flows.sort().join("\n"), asked, books };
  }

  /**
   * Tells every consumer that just became live (see {@linkcode ConsumerSpec.live}): the
   * connection calls it after committing a request, and when a change needed none (what flows
   * is already the desired set); either way every consumer `include` lets through is on the wire.
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: ConsumerFilter): void {
    if (this.#pending.size === 0) return;
    for (const consumer of this.#pending) {
      if (include === undefined || include(consumer)) consumer.wired = true;
      this.#settle(consumer);
    }
  }

  #settle(consumer: Consumer): void {
    if (consumer.awaiting !== null && consumer.awaiting.size > 0) return;
    if (consumer.realtime && !consumer.wired) return;
    consumer.live = true;
    this.#pending.delete(consumer);
    consumer.spec.live?.();
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
    for (const [consumer, codes] of expired) {
      consumer.spec.expire?.(codes);
      if (!consumer.live) this.#settle(consumer);
    }
    return retry;
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
    const byKey = this.#routes.get(event.type);
    if (byKey === undefined) return false;
    if (event.type === "myAsset" || event.type === "announcement") {
      return this.#offer(byKey.get(""), event);
    }
    if (event.type === "orderbook") {
      const exact = byKey.get(routeKey(event.code, event.level));
      if (exact !== undefined) return this.#offer(exact, event);
      // A level asked for on this socket is a stream of its own (perhaps one just dropped, its
      // last frames still in flight): never rerouted.
      const levels = this.#books.get(event.code);
      return levels !== undefined && levels.length === 1 &&
        this.#askedLevels.get(event.code)?.has(event.level) !== true &&
        this.#offer(levels[0], event);
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
        if (awaiting.size === 0) {
          if (!consumer.live) this.#settle(consumer);
          if (!consumer.realtime) consumer.spec.complete();
        }
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
      stream = { type, code, level, consumers: [], snapshotDue: false, snapshotTries: 0 };
      byKey.set(key, stream);
      if (type === "orderbook") this.#books.set(code, [...(this.#books.get(code) ?? []), stream]);
    }
    return stream;
  }

  #drop(stream: Stream): void {
    const byKey = this.#routes.get(stream.type);
    byKey?.delete(routeKey(stream.code, stream.level));
    if (byKey?.size === 0) this.#routes.delete(stream.type);
    if (stream.type === "orderbook") {
      const rest = (this.#books.get(stream.code) ?? []).filter((s) => s !== stream);
      if (rest.length === 0) this.#books.delete(stream.code);
      else this.#books.set(stream.code, rest);
    }
  }
}

/**
 * The `announcement` type object for the consumers a request carries: the union of their
 * categories (none when one wants every category) and `include_body` when one wants the body.
 * Each consumer then gets only its own categories, and the body only if it asked (see `#offer`).
 */
function announcementObject(consumers: readonly Consumer[]): Record<string, unknown> {
  const object: Record<string, unknown> = { type: "announcement" };
  const categories = new Set<string>();
  let all = false;
  let body = false;
  for (const c of consumers) {
    const filter = c.spec.announcement;
    if (filter === undefined || filter.categories.length === 0) all = true;
    else for (const category of filter.categories) categories.add(category);
    if (filter?.includeBody) body = true;
  }
  if (!all) object.categories = [...categories].sort();
  if (body) object.include_body = true;
  return object;
}

/** Cuts an orderbook down to a consumer's depth; other events pass through untouched. */
function trim(event: UpbitEvent, units: number): UpbitEvent {
  if (event.type !== "orderbook" || event.orderbookUnits.length <= units) return event;
  return { ...event, orderbookUnits: event.orderbookUnits.slice(0, units) };
}
