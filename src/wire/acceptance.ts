/**
 * Whether Upbit accepted a connection's last request, and the search for the consumers it
 * refused. Upbit sends no acknowledgement: a request counts as accepted once a grace period passed
 * without an error frame, or at once on the first frame after the first request of a socket. A
 * `TOO_MANY_REQUEST` that persists on a fresh socket is a refusal of the request's content. The
 * search itself (which consumers to hold back, which to blame) is `src/demand/isolation.ts`;
 * this drives it with the connection's clock.
 *
 * @module
 */
import type { Clock } from "../clock.ts";
import { Isolation, type Refusal } from "../demand/isolation.ts";
import type { DesiredSet } from "./connection_types.ts";

/** `TOO_MANY_REQUEST` answers in a row to one request before it counts as a content refusal. */
const PERSISTENT_LIMIT = 3;

/** A request with no error frame for this long counts as accepted (see `src/demand/isolation.ts`). */
const ACCEPT_AFTER_MS = 1000;

/**
 * What {@linkcode RequestAcceptance} needs of its connection.
 *
 * @example
 * ```ts
 * import type { AcceptanceInit } from "./acceptance.ts";
 * ```
 */
export interface AcceptanceInit {
  /** The connection's clock (the grace timer). */
  clock: Clock;
  /** The grace period in ms; default 1000. */
  acceptAfterMs: number | undefined;
  /** The desired set: who is still subscribed, and whether a request is needed. */
  registry: Pick<DesiredSet, "has" | "needsRequest">;
  /** The search moved on: the next request may carry more consumers. */
  onAccepted: () => void;
}

/**
 * The acceptance of one connection's requests, across its sockets.
 *
 * @example
 * ```ts
 * import { RequestAcceptance } from "./acceptance.ts";
 * import { systemClock } from "../clock.ts";
 * const acceptance = new RequestAcceptance({
 *   clock: systemClock(),
 *   acceptAfterMs: 1000,
 *   registry: { has: () => true, needsRequest: () => false },
 *   onAccepted: () => {},
 * });
 * acceptance.newSocket();
 * acceptance.sent(new Set([{}])); // the first frame now, or 1 s of silence, accepts it
 * acceptance.frameArrived();
 * ```
 */
export class RequestAcceptance {
  #init: AcceptanceInit;
  /** Which consumers made Upbit refuse a request (see `src/demand/isolation.ts`). */
  #isolation: Isolation<object>;
  #timer: unknown = undefined;
  /** Requests sent on the current socket. */
  #sentOnSocket = 0;
  /**
   * The request awaiting acceptance is the first on its socket, so the first frame after it
   * answers it: Upbit sends nothing on a socket before its first request and no data for a
   * request it refuses, and the keepalive `PING` leaves after the request, so its
   * `{"status":"UP"}` comes after any error frame (assuming Upbit answers one socket's messages
   * in order, as a WebSocket server reading one TCP stream does). That frame accepts it without
   * waiting out the grace period.
   */
  #acceptOnData = false;
  /** `TOO_MANY_REQUEST` answers to the request awaiting its answer, in a row. */
  #limitedInARow = 0;
  /** Whether a consumer goes on the wire now (false: held back while a refusal is searched). */
  readonly include: (consumer: object) => boolean;

  /** @param init the clock, the desired set and the hook for a search step */
  constructor(init: AcceptanceInit) {
    this.#init = init;
    const isolation = new Isolation<object>((c) => init.registry.has(c));
    this.#isolation = isolation;
    this.include = (c) => isolation.include(c);
  }

  /** A socket opened: its first request is answered by its first frame. */
  newSocket(): void {
    this.#sentOnSocket = 0;
  }

  /**
   * A request carrying these consumers goes out now (call before sending: an answer may come
   * back as soon as it leaves). Starts the grace period unless one runs for a request this one
   * adds nobody to.
   *
   * @param consumers the consumers the request carries
   */
  sent(consumers: ReadonlySet<object>): void {
    const first = this.#sentOnSocket++ === 0;
    const restart = this.#isolation.sent(consumers);
    if (restart || this.#timer === undefined) {
      this.cancel();
      this.#acceptOnData = first;
      this.#timer = this.#init.clock.setTimeout(
        () => this.accept(),
        this.#init.acceptAfterMs ?? ACCEPT_AFTER_MS,
      );
    }
  }

  /** A frame arrived (data or status): it accepts the first request of a socket. Per frame. */
  frameArrived(): void {
    if (this.#acceptOnData) this.accept();
  }

  /** The request awaiting its answer was accepted. */
  accept(): void {
    this.#limitedInARow = 0;
    this.cancel();
    if (this.#isolation.accepted()) this.#init.onAccepted();
  }

  /** Stops waiting for an answer (the socket ended). */
  cancel(): void {
    this.#acceptOnData = false;
    if (this.#timer !== undefined) this.#init.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /**
   * Upbit refused the last request for its content.
   *
   * @returns the consumers to fail, and whether the refusal could be blamed on a request
   */
  refused(): Refusal<object> {
    return this.#isolation.refused();
  }

  /** The socket closed before the request was answered: it will be sent again. */
  lost(): void {
    this.#isolation.lost();
  }

  /**
   * Accepts, untried, the groups of the search that would put nothing new on the wire, so that
   * the next group (or, once the search is over, everyone held back) goes out.
   */
  settleSearch(): void {
    const isolation = this.#isolation;
    const registry = this.#init.registry;
    while (isolation.searching && !isolation.awaiting && !registry.needsRequest(this.include)) {
      isolation.settle();
    }
  }

  /**
   * Whether a rate limit is in fact a refusal of the request's content. `TOO_MANY_REQUEST` also
   * means "too many subscription combinations in one request" (`upbit-protocol.md` §10.2), which no
   * wait clears: re-sending the same set would loop forever while every stream on the socket is
   * down. Upbit's message budget is per connection and the rate gate keeps under it, so a fresh
   * socket whose one request gets `TOO_MANY_REQUEST` again and again is refused for its content:
   * after {@link PERSISTENT_LIMIT} in a row the newcomers are searched as for any refusal. Only
   * where a request of this connection was accepted before: with no set known good there is no
   * newcomer to tell apart, and the limit is waited out as any other. `Too Many Requests` and
   * `I'm a teapot` (the older names, and the IP block) stay rate limits.
   *
   * @param name the error frame's name
   * @returns whether to treat it as a refusal
   */
  limitPersists(name: string): boolean {
    const isolation = this.#isolation;
    if (name !== "TOO_MANY_REQUEST" || !isolation.awaiting || !isolation.knowsGood) return false;
    if (++this.#limitedInARow < PERSISTENT_LIMIT) return false;
    this.#limitedInARow = 0;
    return true;
  }
}
