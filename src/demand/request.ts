/**
 * Where a request is built: the JSON message that puts a connection's whole desired set on the
 * wire (Upbit replaces a connection's subscription on every request), for the public/private
 * connection ({@linkcode Requests}; the `/info` one's type objects come from `info_request.ts`).
 *
 * Building a request ({@linkcode Requests.request}) changes nothing; {@linkcode Requests.commit}
 * records that it went out. A request holds one object per (type, level) — never two objects of
 * one type and level that differ only in their flags, as no source says what Upbit does with
 * such a pair (`upbit-protocol.md` §10.3). An object goes out with `is_only_realtime` when none of
 * its codes needs a snapshot, with `is_only_snapshot` when none of them needs realtime, and
 * without flags otherwise: Upbit then sends a snapshot of every code in it, and the router hands
 * each snapshot only to the consumers waiting for one.
 *
 * The file is a little longer than 250 lines because these rules (flags, depths as `.N`, levels,
 * myOrder for every market, announcement filters) meet in one planning loop that reads best whole.
 *
 * @module
 */
import type { WireFormat } from "../types.ts";
import { ALL_MARKETS, type Consumer, type ConsumerFilter, type Stream } from "./consumer.ts";
import { PRIVATE_TYPES } from "../protocol/data_types.ts";
import type { DesiredSet } from "./desired_set.ts";

/**
 * A request built by `request()`: its text and the consumers it carries. Nothing is recorded
 * until it is passed to `commit()`.
 *
 * @example
 * ```ts
 * import { DesiredSet } from "./desired_set.ts";
 * import { Requests } from "./request.ts";
 * const set = new DesiredSet();
 * set.add({ type: "ticker", codes: ["KRW-BTC"], units: 30, level: 0, stream: "both",
 *   deliver: () => {}, complete: () => {} });
 * const requests = new Requests(set);
 * const request = requests.request("ticket-1", "DEFAULT");
 * console.log(request?.text);
 * // [{"ticket":"ticket-1"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"DEFAULT"}]
 * if (request) requests.commit(request); // after socket.send(request.text)
 * ```
 */
export interface WireRequest<C = Consumer> {
  /** The JSON text to send. */
  readonly text: string;
  /** The consumers whose streams this request puts on the wire. */
  readonly consumers: ReadonlySet<C>;
  /** What keeps flowing after this request, as one string (compared with the next request). */
  readonly flows: string;
}

/**
 * The text of a request: the ticket, the type objects (each already JSON), the format.
 *
 * @param ticket the request's ticket
 * @param objects the type objects, each as JSON text
 * @param format the connection-wide wire format
 * @returns the JSON array, as sent
 */
export function requestText(
  ticket: string,
  objects: readonly string[],
  format: WireFormat,
): string {
  return `[${JSON.stringify({ ticket })},${objects.join(",")},${JSON.stringify({ format })}]`;
}

/**
 * The requests of the public or private connection: builds them from a {@linkcode DesiredSet}
 * and remembers what the last one sent made flow, and which orderbook levels were asked for on
 * this socket.
 *
 * @example See {@linkcode WireRequest}.
 */
export class Requests {
  readonly #set: DesiredSet;
  /** Streams whose snapshot each built request asks for, and its orderbook streams. */
  #asked = new WeakMap<WireRequest, { asked: Stream[]; books: Stream[] }>();
  /** Orderbook code → every level asked for on this socket (a frame at one is never rerouted). */
  #askedLevels = new Map<string, Set<number>>();
  /** What the last committed request made flow. */
  #flowing = "";

  /**
   * Starts with nothing on the wire.
   *
   * @param set the desired set the requests put on the wire
   */
  constructor(set: DesiredSet) {
    this.#set = set;
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
    for (const stream of this.#set.streams()) {
      if (!stream.snapshotDue) continue;
      for (const c of stream.consumers) {
        if ((include === undefined || include(c)) && c.awaiting?.has(stream.code)) return true;
      }
    }
    return plan(this.#set, include).flows !== this.#flowing;
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
    const { objects, consumers, flows, asked, books } = plan(this.#set, include);
    if (objects.length === 0) return undefined;
    const text = requestText(ticket, objects.map((o) => JSON.stringify(o)), format);
    const request: WireRequest = { text, consumers, flows };
    this.#asked.set(request, { asked, books });
    return request;
  }

  /**
   * Records that a request went out: what flows now, and which snapshots it asked for.
   * `undefined` records that nothing is wanted any more (no request could say so).
   *
   * @param request what {@linkcode Requests.request} returned, after it was sent
   */
  commit(request: WireRequest | undefined): void {
    this.#flowing = request?.flows ?? "";
    if (request === undefined) return;
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

  /**
   * Whether an orderbook level of a code was asked for on this socket.
   *
   * @param code the market code
   * @param level the orderbook level
   * @returns whether a committed request asked for it
   */
  asked(code: string, level: number): boolean {
    return this.#askedLevels.get(code)?.has(level) === true;
  }

  /** A new socket: nothing flows, no level was asked for. */
  resetWire(): void {
    this.#flowing = "";
    this.#askedLevels.clear();
  }
}

interface Group {
  object: Record<string, unknown> & { codes?: string[] };
  snapshot: boolean;
  realtime: boolean;
}

/** One object per (type, level), the consumers carried, what flows, and the snapshots asked. */
function plan(set: DesiredSet, include: ConsumerFilter | undefined): {
  objects: Record<string, unknown>[];
  consumers: Set<Consumer>;
  flows: string;
  asked: Stream[];
  books: Stream[];
} {
  const groups = new Map<string, Group>();
  const consumers = new Set<Consumer>();
  const asked: Stream[] = [];
  const books: Stream[] = [];
  let allOrders = false;
  for (const stream of set.streams()) {
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
      units = Math.max(units, c.units);
    }
    if (!realtime && !snapshot) continue;
    if (snapshot) asked.push(stream);
    if (stream.type === "orderbook") books.push(stream);
    const key = PRIVATE_TYPES.has(stream.type) ? stream.type : `${stream.type}|${stream.level}`;
    let group = groups.get(key);
    if (!group) {
      const object = stream.type === "announcement"
        ? announcementObject(carried)
        : { type: stream.type };
      group = { object, snapshot: false, realtime: false };
      if (stream.level !== 0) group.object.level = stream.level;
      groups.set(key, group);
    }
    group.snapshot ||= snapshot;
    group.realtime ||= realtime;
    if (stream.type === "myAsset" || stream.type === "announcement") continue;
    if (stream.code === ALL_MARKETS) {
      allOrders = true;
      continue;
    }
    units ||= 30;
    (group.object.codes ??= []).push(
      stream.type === "orderbook" && units < 30 ? `${stream.code}.${units}` : stream.code,
    );
  }
  const objects: Record<string, unknown>[] = [];
  const flows: string[] = [];
  for (const { object, snapshot, realtime } of groups.values()) {
    // Orders for every market make per-market filters redundant: Upbit sends each event once.
    if (object.type === "myOrder" && allOrders) delete object.codes;
    if (!PRIVATE_TYPES.has(object.type as string)) {
      if (!snapshot) object.is_only_realtime = true;
      else if (!realtime) object.is_only_snapshot = true;
    }
    objects.push(object);
    // A group with a realtime consumer makes every code in it flow, even one sent only for its
    // snapshot; a snapshot-only group stops by itself.
    if (!realtime) continue;
    const prefix = `${object.type}|${object.level ?? 0}|`;
    // An announcement filter is part of what flows: a change of it needs a request.
    if (object.type === "announcement") flows.push(prefix + JSON.stringify(object));
    else if (object.codes === undefined) flows.push(prefix);
    else for (const code of object.codes) flows.push(prefix + code);
  }
  return { objects, consumers, flows: flows.sort().join("\n"), asked, books };
}

/**
 * The `announcement` type object for the consumers a request carries: the union of their
 * categories (none when one wants every category) and `include_body` when one wants the body.
 * Each consumer then gets only its own categories, and the body only if it asked (the router).
 */
function announcementObject(consumers: readonly Consumer[]): Record<string, unknown> {
  const object: Record<string, unknown> = { type: "announcement" };
  const categories = new Set<string>();
  let all = false;
  let body = false;
  for (const c of consumers) {
    const filter = c.announcement;
    if (filter === undefined || filter.categories.length === 0) all = true;
    else for (const category of filter.categories) categories.add(category);
    if (filter?.includeBody) body = true;
  }
  if (!all) object.categories = [...categories].sort();
  if (body) object.include_body = true;
  return object;
}
