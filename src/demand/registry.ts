/**
 * The demand of the public or private connection, as the connection drives it: who wants what
 * (`desired_set.ts`), the request that puts it on the wire (`request.ts`), and the routing of
 * decoded events back to the consumers (`../deliver/router.ts`). Each method is a delegation.
 *
 * @module
 */
import type { UpbitEvent, WireFormat } from "../types.ts";
import { Router } from "../deliver/router.ts";
import type { Consumer, ConsumerFilter, ConsumerInit } from "./consumer.ts";
import { DesiredSet } from "./desired_set.ts";
import { Requests, type WireRequest } from "./request.ts";

/**
 * The desired set of one connection with its requests and its router.
 *
 * @example
 * ```ts
 * import { Registry } from "./registry.ts";
 * const registry = new Registry();
 * registry.add({
 *   type: "ticker", codes: ["KRW-BTC"], units: 30, level: 0, stream: "both",
 *   deliver: (e) => console.log(e), complete: () => {},
 * });
 * const request = registry.request("ticket-1", "DEFAULT");
 * // request.text: '[{"ticket":"ticket-1"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"DEFAULT"}]'
 * registry.commit(request); // once sent
 * ```
 */
export class Registry {
  readonly #set = new DesiredSet();
  readonly #requests = new Requests(this.#set);
  readonly #router = new Router(this.#set, (code, level) => this.#requests.asked(code, level));

  /** The number of live consumers. */
  get size(): number {
    return this.#set.members.size;
  }

  /** The number of streams wanted on the wire. */
  get streamCount(): number {
    return this.#set.streamCount;
  }

  /**
   * Adds a consumer.
   *
   * @param init what it wants and where its events go
   * @returns the consumer, for {@linkcode Registry.remove}
   */
  add(init: ConsumerInit): Consumer {
    return this.#set.add(init);
  }

  /**
   * Removes a consumer; idempotent. The next request drops its streams from the wire.
   *
   * @param consumer what {@linkcode Registry.add} returned
   */
  remove(consumer: Consumer): void {
    this.#set.remove(consumer);
  }

  /**
   * Whether a consumer is still subscribed.
   *
   * @param consumer what {@linkcode Registry.add} returned
   * @returns whether it was added and not removed
   */
  has(consumer: Consumer): boolean {
    return this.#set.members.has(consumer);
  }

  /**
   * Fails consumers Upbit refused, each through its own `fail`.
   *
   * @param consumers what {@linkcode Registry.add} returned
   * @param error Upbit's refusal
   */
  refuse(consumers: readonly Consumer[], error: Error): void {
    this.#set.members.refuse(consumers, error);
  }

  /** Every consumer. */
  consumers(): IterableIterator<Consumer> {
    return this.#set.members.values();
  }

  /** Forgets what was on the wire: a new socket starts empty, snapshots are due again. */
  resetWire(): void {
    this.#requests.resetWire();
    this.#set.resetWire();
  }

  /**
   * Whether a request is needed (see {@linkcode Requests.needsRequest}).
   *
   * @param include the consumers the request may carry (all when absent)
   * @returns whether to send a request
   */
  needsRequest(include?: ConsumerFilter): boolean {
    return this.#requests.needsRequest(include);
  }

  /**
   * Builds the request; changes nothing (see {@linkcode Requests.request}).
   *
   * @param ticket the request's ticket
   * @param format the connection-wide wire format
   * @param include the consumers the request may carry (all when absent)
   * @returns the request, or `undefined` when nothing is wanted
   */
  request(ticket: string, format: WireFormat, include?: ConsumerFilter): WireRequest | undefined {
    return this.#requests.request(ticket, format, include);
  }

  /**
   * Records that a request went out (see {@linkcode Requests.commit}).
   *
   * @param request what {@linkcode Registry.request} returned, once sent
   */
  commit(request: WireRequest | undefined): void {
    this.#requests.commit(request);
  }

  /**
   * Tells the consumers now on the wire that are live (see {@linkcode DesiredSet.settle}).
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: ConsumerFilter): void {
    this.#set.settle(include);
  }

  /** Whether some consumer still waits for a snapshot. */
  awaitingSnapshots(): boolean {
    return this.#set.awaitingSnapshots();
  }

  /**
   * Asks again for missing snapshots (see {@linkcode DesiredSet.retrySnapshots}).
   *
   * @param maxTries requests per stream before giving up
   * @returns whether a request is now needed
   */
  retrySnapshots(maxTries: number): boolean {
    return this.#set.retrySnapshots(maxTries);
  }

  /**
   * Hands a decoded event to its consumers (see {@linkcode Router.route}).
   *
   * @param event a decoded event
   * @returns whether any stream matched
   */
  route(event: UpbitEvent): boolean {
    return this.#router.route(event);
  }
}
