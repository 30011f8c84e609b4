/**
 * The desired set of the `/info` connection (`indicator` and `indicator_signal`): one
 * combination per type, code, timeframe and indicator (with its trigger), the union of every live
 * consumer; the request that puts it on the wire (its type objects built in `info_request.ts`); and the
 * routing of decoded events back to their consumers.
 *
 * Upbit replaces the whole set on every request and counts combinations (codes × indicators of
 * each type object, both types added together) up to 100 per connection: a consumer that would
 * take the set over is refused before anything is sent.
 *
 * It shares the consumer bookkeeping (`Members`), the request's framing (`requestText`) and its
 * shape (`WireRequest`) with the public/private side. The file is longer than 250 lines because it
 * is the `/info` counterpart of `consumer.ts`, `desired_set.ts`, `registry.ts` and the router at
 * once: with no snapshots and no levels each of those parts is a few lines here.
 *
 * @module
 */
import type { UpbitEvent, WireFormat } from "../types.ts";
import type { IndicatorTimeframe } from "../stream_types.ts";
import { MAX_COMBINATIONS } from "../protocol/indicators.ts";
import { type CanonicalIndicator, eventKey } from "./indicator_key.ts";
import { Members } from "./consumer.ts";
import { type InfoCombination, infoObjects } from "./info_request.ts";
import { requestText, type WireRequest } from "./request.ts";

/**
 * What one consumer of the `/info` connection wants, and where its events go; also the handle
 * {@linkcode InfoRegistry.add} returns.
 *
 * @example
 * ```ts
 * import type { InfoConsumer } from "./info_registry.ts";
 * import { checkIndicators } from "../subscribe/indicator_checks.ts";
 * const consumer: InfoConsumer = {
 *   type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
 *   deliver: (event) => console.log(event),
 * };
 * ```
 */
export interface InfoConsumer {
  /** `indicator` or `indicator_signal`. */
  readonly type: "indicator" | "indicator_signal";
  /** KRW codes. */
  readonly codes: readonly string[];
  /** The timeframe. */
  readonly timeframe: IndicatorTimeframe;
  /** The checked indicators (or conditions). */
  readonly indicators: readonly CanonicalIndicator[];
  /** Receives each event meant for this consumer. */
  readonly deliver: (event: UpbitEvent) => void;
  /** Called when Upbit refused this consumer's part of the request (the consumer is done). */
  readonly fail?: (error: Error) => void;
  /** Called once, when a request carrying every combination of this consumer was sent. */
  readonly live?: () => void;
}

/** One combination on the wire and the consumers that want it. */
interface Combination extends InfoCombination {
  consumers: InfoConsumer[];
}

/**
 * The desired set of the `/info` connection, with the request that puts it on the wire and the
 * routing of its events. It has the same surface as the public and private `Registry` as far as
 * a `Connection` uses it; these streams have no snapshots.
 *
 * @example
 * ```ts
 * import { InfoRegistry } from "./info_registry.ts";
 * import { checkIndicators } from "../subscribe/indicator_checks.ts";
 * const registry = new InfoRegistry();
 * registry.add({
 *   type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
 *   deliver: (event) => console.log(event),
 * });
 * const request = registry.request("ticket-1", "DEFAULT");
 * registry.commit(request); // once sent
 * ```
 */
export class InfoRegistry {
  #combinations = new Map<string, Combination>();
  readonly #members = new Members<InfoConsumer>();
  /** What the last committed request made flow (its type objects); "" when none. */
  #flowing = "";

  /** The number of live consumers. */
  get size(): number {
    return this.#members.size;
  }

  /** The number of combinations in the desired set. */
  get streamCount(): number {
    return this.#combinations.size;
  }

  /**
   * How many combinations the set would hold with this consumer added.
   *
   * @param consumer the would-be consumer
   * @returns the total
   */
  countWith(consumer: Omit<InfoConsumer, "deliver">): number {
    let added = 0;
    for (const key of keysOf(consumer)) if (!this.#combinations.has(key)) added++;
    return this.#combinations.size + added;
  }

  /**
   * Adds a consumer.
   *
   * @param consumer what it wants and where its events go
   * @returns the same consumer, as the handle for {@linkcode InfoRegistry.remove}
   * @throws {RangeError} when the set would exceed Upbit's 100 combinations per connection
   */
  add(consumer: InfoConsumer): InfoConsumer {
    const total = this.countWith(consumer);
    if (total > MAX_COMBINATIONS) {
      throw new RangeError(
        `Cannot subscribe to ${consumer.type} as the /info connection would carry ${total} combinations (codes × indicators, indicator and indicator_signal together), ${
          total - MAX_COMBINATIONS
        } over Upbit's limit of ${MAX_COMBINATIONS}: current value is ${consumer.codes.length} codes × ${consumer.indicators.length} indicators`,
      );
    }
    this.#members.add(consumer);
    const { type, timeframe } = consumer;
    for (const code of consumer.codes) {
      for (const indicator of consumer.indicators) {
        const key = combinationKey(type, code, timeframe, indicator.key);
        let combination = this.#combinations.get(key);
        if (!combination) {
          combination = { type, code, timeframe, indicator, consumers: [] };
          this.#combinations.set(key, combination);
        }
        combination.consumers = [...combination.consumers, consumer];
      }
    }
    return consumer;
  }

  /**
   * Removes a consumer; idempotent.
   *
   * @param consumer what {@linkcode InfoRegistry.add} returned
   */
  remove(consumer: InfoConsumer): void {
    if (!this.#members.delete(consumer)) return;
    for (const key of keysOf(consumer)) {
      const combination = this.#combinations.get(key);
      if (!combination) continue;
      combination.consumers = combination.consumers.filter((c) => c !== consumer);
      if (combination.consumers.length === 0) this.#combinations.delete(key);
    }
  }

  /**
   * Whether a consumer is still subscribed.
   *
   * @param consumer what {@linkcode InfoRegistry.add} returned
   * @returns whether it was added and not removed
   */
  has(consumer: InfoConsumer): boolean {
    return this.#members.has(consumer);
  }

  /**
   * Fails consumers Upbit refused, each through its own `fail`.
   *
   * @param consumers what {@linkcode InfoRegistry.add} returned
   * @param error Upbit's refusal
   */
  refuse(consumers: readonly InfoConsumer[], error: Error): void {
    this.#members.refuse(consumers, error);
  }

  /** A new socket starts with nothing on the wire. */
  resetWire(): void {
    this.#flowing = "";
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
    const objects = infoObjects(this.#carried(include));
    if (objects.length === 0) return undefined;
    const consumers = new Set<InfoConsumer>();
    for (const c of this.#members.values()) if (include?.(c) ?? true) consumers.add(c);
    return { text: requestText(ticket, objects, format), consumers, flows: objects.join(",") };
  }

  /**
   * Records that a request went out; `undefined` records that nothing is wanted.
   *
   * @param request what {@linkcode InfoRegistry.request} returned, once sent
   */
  commit(request: WireRequest<InfoConsumer> | undefined): void {
    this.#flowing = request?.flows ?? "";
  }

  /**
   * Tells every waiting consumer `include` lets through that it is live once what flows is the
   * desired set for them (see {@linkcode InfoConsumer.live}); the connection calls it after each
   * request, and when a change needed none.
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: (consumer: InfoConsumer) => boolean): void {
    const waiting = this.#members.waiting;
    if (waiting.size === 0 || this.#flowing === "" || this.#flowing !== this.#flows(include)) {
      return;
    }
    for (const consumer of waiting) {
      if (include === undefined || include(consumer)) this.#members.markLive(consumer);
    }
  }

  /** These streams have no snapshots. */
  awaitingSnapshots(): boolean {
    return false;
  }

  /**
   * These streams have no snapshots to ask for again.
   *
   * @param _maxTries unused
   * @returns false
   */
  retrySnapshots(_maxTries: number): boolean {
    return false;
  }

  /**
   * Hands a decoded event to the consumers of its combination.
   *
   * @param event the decoded event
   * @returns whether a combination matched
   */
  route(event: UpbitEvent): boolean {
    if (event.type !== "indicator" && event.type !== "indicator_signal") return false;
    const key = event.type === "indicator"
      ? eventKey(event.indicator, event.params)
      : eventKey(event.indicator, event.params, event.trigger, event.eventParams);
    if (key === undefined) return false;
    const combination = this.#combinations.get(
      combinationKey(event.type, event.code, event.timeframe, key),
    );
    if (!combination) return false;
    const list = combination.consumers;
    for (let i = 0; i < list.length; i++) list[i]!.deliver(event);
    return true;
  }

  /** The combinations wanted by a consumer `include` lets through. */
  *#carried(include?: (consumer: InfoConsumer) => boolean): IterableIterator<Combination> {
    for (const c of this.#combinations.values()) {
      if (include === undefined || c.consumers.some(include)) yield c;
    }
  }

  /** What a request for the consumers `include` lets through would make flow. */
  #flows(include?: (consumer: InfoConsumer) => boolean): string {
    return infoObjects(this.#carried(include)).join(",");
  }
}

function combinationKey(type: string, code: string, timeframe: string, indicator: string): string {
  return `${type}|${code}|${timeframe}|${indicator}`;
}

function keysOf(consumer: Omit<InfoConsumer, "deliver">): string[] {
  const keys: string[] = [];
  for (const code of consumer.codes) {
    for (const indicator of consumer.indicators) {
      keys.push(combinationKey(consumer.type, code, consumer.timeframe, indicator.key));
    }
  }
  return keys;
}
