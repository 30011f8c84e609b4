/**
 * The demand of the `/info` connection (`indicator` and `indicator_signal`), as the connection
 * drives it: who wants what (`info_desired_set.ts`), the request that puts it on the wire
 * (`info_request.ts`), and the routing of decoded events back to the consumers
 * (`../deliver/info_router.ts`). Each method is a delegation; the counterpart of `registry.ts`.
 *
 * @module
 */
import type { UpbitEvent, WireFormat } from "../types.ts";
import { InfoRouter } from "../deliver/info_router.ts";
import { type InfoConsumer, InfoDesiredSet } from "./info_desired_set.ts";
import { InfoRequests } from "./info_request.ts";
import type { WireRequest } from "./request.ts";

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
  readonly #set = new InfoDesiredSet();
  readonly #requests = new InfoRequests(this.#set);
  readonly #router = new InfoRouter(this.#set);

  /** The number of live consumers. */
  get size(): number {
    return this.#set.members.size;
  }

  /** The number of combinations in the desired set. */
  get streamCount(): number {
    return this.#set.streamCount;
  }

  /**
   * How many combinations the set would hold with this consumer added.
   *
   * @param consumer the would-be consumer
   * @returns the total
   */
  countWith(consumer: Omit<InfoConsumer, "deliver">): number {
    return this.#set.countWith(consumer);
  }

  /**
   * Adds a consumer (see {@linkcode InfoDesiredSet.add}).
   *
   * @param consumer what it wants and where its events go
   * @returns the same consumer, as the handle for {@linkcode InfoRegistry.remove}
   * @throws {RangeError} when the set would exceed Upbit's 100 combinations per connection
   */
  add(consumer: InfoConsumer): InfoConsumer {
    return this.#set.add(consumer);
  }

  /**
   * Removes a consumer; idempotent.
   *
   * @param consumer what {@linkcode InfoRegistry.add} returned
   */
  remove(consumer: InfoConsumer): void {
    this.#set.remove(consumer);
  }

  /**
   * Whether a consumer is still subscribed.
   *
   * @param consumer what {@linkcode InfoRegistry.add} returned
   * @returns whether it was added and not removed
   */
  has(consumer: InfoConsumer): boolean {
    return this.#set.members.has(consumer);
  }

  /**
   * Fails consumers Upbit refused, each through its own `fail`.
   *
   * @param consumers what {@linkcode InfoRegistry.add} returned
   * @param error Upbit's refusal
   */
  refuse(consumers: readonly InfoConsumer[], error: Error): void {
    this.#set.members.refuse(consumers, error);
  }

  /** A new socket starts with nothing on the wire. */
  resetWire(): void {
    this.#requests.resetWire();
  }

  /**
   * Whether a request is needed (see {@linkcode InfoRequests.needsRequest}).
   *
   * @param include the consumers a request may carry (all when absent)
   * @returns whether to send a request
   */
  needsRequest(include?: (consumer: InfoConsumer) => boolean): boolean {
    return this.#requests.needsRequest(include);
  }

  /**
   * Builds the request; changes nothing (see {@linkcode InfoRequests.request}).
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
    return this.#requests.request(ticket, format, include);
  }

  /**
   * Records that a request went out (see {@linkcode InfoRequests.commit}).
   *
   * @param request what {@linkcode InfoRegistry.request} returned, once sent
   */
  commit(request: WireRequest<InfoConsumer> | undefined): void {
    this.#requests.commit(request);
  }

  /**
   * Tells every waiting consumer `include` lets through that it is live once what flows is the
   * desired set for them (see {@linkcode InfoConsumer.live}); the connection calls it after each
   * request, and when a change needed none.
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: (consumer: InfoConsumer) => boolean): void {
    if (this.#set.members.waiting.size === 0 || !this.#requests.onWire(include)) return;
    this.#set.settle(include);
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
   * Hands a decoded event to the consumers of its combination (see {@linkcode InfoRouter.route}).
   *
   * @param event the decoded event
   * @returns whether a combination matched
   */
  route(event: UpbitEvent): boolean {
    return this.#router.route(event);
  }
}
