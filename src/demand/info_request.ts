/**
 * Where an `/info` request is built: the JSON message that puts the `/info` connection's whole
 * desired set (`info_desired_set.ts`) on the wire — its type objects ({@linkcode infoObjects})
 * framed by `requestText` of `request.ts` — and what the last one sent made flow
 * ({@linkcode InfoRequests}). The `/info` counterpart of `request.ts`.
 *
 * Building a request ({@linkcode InfoRequests.request}) changes nothing;
 * {@linkcode InfoRequests.commit} records that it went out.
 *
 * @module
 */
import type { WireFormat } from "../types.ts";
import type { CanonicalIndicator } from "./indicator_key.ts";
import type { InfoCombination, InfoConsumer, InfoDesiredSet } from "./info_desired_set.ts";
import { requestText, type WireRequest } from "./request.ts";

/**
 * The requests of the `/info` connection: builds them from an {@linkcode InfoDesiredSet} and
 * remembers what the last one sent made flow.
 *
 * @example
 * ```ts
 * import { InfoDesiredSet } from "./info_desired_set.ts";
 * import { InfoRequests } from "./info_request.ts";
 * import { checkIndicators } from "../subscribe/indicator_checks.ts";
 * const set = new InfoDesiredSet();
 * set.add({ type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
 *   deliver: () => {} });
 * const requests = new InfoRequests(set);
 * const request = requests.request("ticket-1", "DEFAULT");
 * console.log(request?.text);
 * // [{"ticket":"ticket-1"},{"type":"indicator","codes":["KRW-BTC"],"timeframe":"5m",
 * //   "indicators":[{"type":"rsi","params":{"period":14}}]},{"format":"DEFAULT"}]
 * if (request) requests.commit(request); // after socket.send(request.text)
 * ```
 */
export class InfoRequests {
  readonly #set: InfoDesiredSet;
  /** What the last committed request made flow (its type objects); "" when none. */
  #flowing = "";

  /**
   * Starts with nothing on the wire.
   *
   * @param set the desired set the requests put on the wire
   */
  constructor(set: InfoDesiredSet) {
    this.#set = set;
  }

  /**
   * Whether the desired set differs from what the last committed request made flow.
   *
   * @param include the consumers a request may carry (all when absent)
   * @returns whether to send a request
   */
  needsRequest(include?: (consumer: InfoConsumer) => boolean): boolean {
    return this.#flows(include) !== this.#flowing;
  }

  /**
   * Builds the request for the consumers `include` lets through. Changes nothing.
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @param include the consumers it may carry (all when absent)
   * @returns the request, or `undefined` when nothing is wanted
   */
  request(
    ticket: string,
    format: WireFormat,
    include?: (consumer: InfoConsumer) => boolean,
  ): WireRequest<InfoConsumer> | undefined {
    const objects = infoObjects(this.#set.carried(include));
    if (objects.length === 0) return undefined;
    const consumers = new Set<InfoConsumer>();
    for (const c of this.#set.members.values()) if (include?.(c) ?? true) consumers.add(c);
    return { text: requestText(ticket, objects, format), consumers, flows: objects.join(",") };
  }

  /**
   * Records that a request went out; `undefined` records that nothing is wanted.
   *
   * @param request what {@linkcode InfoRequests.request} returned, once sent
   */
  commit(request: WireRequest<InfoConsumer> | undefined): void {
    this.#flowing = request?.flows ?? "";
  }

  /**
   * Whether what flows is the desired set for the consumers `include` lets through (and
   * something flows): they are on the wire.
   *
   * @param include the consumers to look at (all when absent)
   * @returns whether they are on the wire
   */
  onWire(include?: (consumer: InfoConsumer) => boolean): boolean {
    return this.#flowing !== "" && this.#flowing === this.#flows(include);
  }

  /** A new socket starts with nothing on the wire. */
  resetWire(): void {
    this.#flowing = "";
  }

  /** What a request for the consumers `include` lets through would make flow. */
  #flows(include?: (consumer: InfoConsumer) => boolean): string {
    return infoObjects(this.#set.carried(include)).join(",");
  }
}

/**
 * The type objects of an `/info` request, each as JSON: per type and timeframe, codes that want
 * the same indicators share one object, so the request never multiplies codes by indicators no
 * consumer asked for (Upbit counts codes × indicators of each object, up to 100). Deterministic
 * (sorted), so an unchanged set gives the same list. Pure.
 *
 * @param combinations the combinations to put on the wire
 * @returns the objects, for `requestText` (`request.ts`); empty when nothing is wanted
 *
 * @example
 * ```ts
 * import { infoObjects } from "./info_request.ts";
 * infoObjects([]); // []
 * ```
 */
export function infoObjects(combinations: Iterable<InfoCombination>): string[] {
  const groups = new Map<string, Map<string, Map<string, CanonicalIndicator>>>();
  for (const s of combinations) {
    const group = `${s.type}|${s.timeframe}`;
    let byCode = groups.get(group);
    if (!byCode) groups.set(group, byCode = new Map());
    let set = byCode.get(s.code);
    if (!set) byCode.set(s.code, set = new Map());
    set.set(s.indicator.key, s.indicator);
  }
  const objects: string[] = [];
  for (const group of [...groups.keys()].sort()) {
    const [type, timeframe] = group.split("|") as [string, string];
    const bySet = new Map<string, { codes: string[]; indicators: CanonicalIndicator[] }>();
    for (const [code, set] of groups.get(group)!) {
      const keys = [...set.keys()].sort();
      const signature = keys.join("\n");
      let entry = bySet.get(signature);
      if (!entry) {
        bySet.set(signature, entry = { codes: [], indicators: keys.map((k) => set.get(k)!) });
      }
      entry.codes.push(code);
    }
    for (const signature of [...bySet.keys()].sort()) {
      const { codes, indicators } = bySet.get(signature)!;
      objects.push(JSON.stringify({
        type,
        codes: codes.sort(),
        timeframe,
        indicators: indicators.map((i) => i.wire),
      }));
    }
  }
  return objects;
}
