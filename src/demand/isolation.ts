/**
 * Finding which subscriptions made Upbit refuse a request, so that only those fail.
 *
 * Upbit answers a request it refuses (`WRONG_FORMAT`, `INVALID_PARAM`, …) with one error frame and
 * a close, and never says which part of the request was wrong (`upbit-protocol.md` §10.2). Every
 * request carries the whole set of one connection, so without this one bad subscription would
 * take down every other on the socket. The isolation keeps the set of consumers whose request
 * was accepted; on a refusal it blames the consumers added since (one alone is failed at once),
 * and several are bisected: each half is sent with the accepted set, a half that is accepted
 * joins it, a half that is refused is split again, down to single consumers, which fail. While
 * it searches, consumers not under test are held back (nothing of theirs goes on the wire; they
 * see no error and get their snapshot once released).
 *
 * Acceptance has no acknowledgement in Upbit's protocol: a request counts as accepted once the
 * connection's grace period passed without an error frame (Upbit's error comes at once, its close
 * ~150–180 ms later).
 *
 * The class is generic and clock-free, so it is tested on its own; the connection drives it.
 *
 * @module
 */

/** What a refusal came to. */
export interface Refusal<C> {
  /** The consumers now known to be refused: fail them with the server's error. */
  culprits: C[];
  /** False when no request was outstanding to blame (report the error, blame no one). */
  attributed: boolean;
}

/**
 * The search state of one connection.
 *
 * @example
 * ```ts
 * import { Isolation } from "./isolation.ts";
 * const iso = new Isolation<string>(() => true);
 * iso.sent(new Set(["a"]));
 * iso.accepted(); // "a" is known good
 * iso.sent(new Set(["a", "b", "c"]));
 * iso.refused(); // { culprits: [], attributed: true }: "b" and "c" are bisected
 * iso.include("c"); // false: "b" is tried first, with "a"
 * ```
 */
export class Isolation<C> {
  #alive: (consumer: C) => boolean;
  /** Consumers of the last request that was accepted. */
  #accepted = new Set<C>();
  /** Consumers of the last request sent, while neither accepted nor refused. */
  #pending: ReadonlySet<C> | undefined;
  /** Groups still to try, the first under test; empty when not searching. */
  #groups: C[][] = [];
  /** The group under test, as a set. */
  #trial = new Set<C>();
  /** The last refusal came with nothing new to blame and was let pass once. */
  #forgiven = false;

  /** @param alive whether a consumer is still subscribed (closed ones are skipped) */
  constructor(alive: (consumer: C) => boolean) {
    this.#alive = alive;
  }

  /** Whether a search is under way. */
  get searching(): boolean {
    this.#prune();
    return this.#groups.length > 0;
  }

  /**
   * Whether a consumer may go on the wire now: always, except while searching, when only the
   * accepted consumers and the group under test may.
   *
   * @param consumer a live consumer
   * @returns whether the next request may carry it
   */
  include(consumer: C): boolean {
    return this.#groups.length === 0 || this.#accepted.has(consumer) ||
      this.#trial.has(consumer);
  }

  /**
   * The group under test puts nothing new on the wire (its streams already flow for accepted
   * consumers): nothing of it can be refused, so it joins the accepted set untried.
   */
  settle(): void {
    if (!this.searching) return;
    for (const c of this.#groups.shift()!) this.#accepted.add(c);
    this.#prune();
  }

  /** Whether some consumers are known good: a request of theirs was accepted. */
  get knowsGood(): boolean {
    return this.#accepted.size > 0;
  }

  /** Whether a request sent awaits its answer (neither accepted nor refused). */
  get awaiting(): boolean {
    return this.#pending !== undefined;
  }

  /** The socket closed before the request was answered: it will be sent again. */
  lost(): void {
    this.#pending = undefined;
  }

  /**
   * A request went out.
   *
   * @param consumers the consumers it carries
   * @returns whether it carries a consumer neither accepted nor in the request still awaiting
   *   its answer: only then does the wait for acceptance start again (a request that only drops
   *   consumers cannot be refused for a newcomer, and must not keep the search from moving on)
   */
  sent(consumers: ReadonlySet<C>): boolean {
    const pending = this.#pending;
    this.#pending = consumers;
    if (pending === undefined) return true;
    for (const c of consumers) if (!pending.has(c) && !this.#accepted.has(c)) return true;
    return false;
  }

  /**
   * The grace period after the last request passed without a refusal.
   *
   * @returns whether the next request may carry more consumers (the search moved on or ended)
   */
  accepted(): boolean {
    const pending = this.#pending;
    if (pending === undefined) return false;
    this.#pending = undefined;
    this.#forgiven = false;
    this.#accepted = new Set(pending);
    if (!this.searching) return false;
    const group = this.#groups[0]!;
    if (group.every((c) => pending.has(c) || !this.#alive(c))) this.#groups.shift();
    this.#prune();
    return true;
  }

  /**
   * Upbit refused the last request for its content.
   *
   * @returns the consumers to fail, and whether the refusal could be blamed on a request at all
   */
  refused(): Refusal<C> {
    const pending = this.#pending;
    this.#pending = undefined;
    // An error frame with no request awaiting its answer (the last one was accepted) is no
    // evidence against anyone: Upbit refuses requests as they arrive.
    const sent = pending === undefined ? [] : [...pending].filter(this.#alive);
    if (sent.length === 0) return { culprits: [], attributed: false };
    let suspects: C[];
    if (this.searching) {
      suspects = this.#groups.shift()!.filter(this.#alive);
      if (suspects.length === 0) suspects = this.#blameAll(sent);
    } else {
      suspects = sent.filter((c) => !this.#accepted.has(c));
      if (suspects.length === 0) {
        // Nothing new since the last accepted request. Once, that is no evidence against anyone
        // (report it, reconnect, re-send); refused again, something Upbit accepted before is
        // refused now (another host, a changed rule): every consumer is a suspect.
        if (!this.#forgiven) {
          this.#forgiven = true;
          return { culprits: [], attributed: false };
        }
        suspects = this.#blameAll(sent);
      }
    }
    if (suspects.length === 1) {
      this.#prune();
      return { culprits: suspects, attributed: true };
    }
    const half = Math.ceil(suspects.length / 2);
    this.#groups.unshift(suspects.slice(0, half), suspects.slice(half));
    this.#prune();
    return { culprits: [], attributed: true };
  }

  #blameAll(sent: C[]): C[] {
    this.#accepted = new Set();
    return sent;
  }

  /** Drops closed consumers from the groups, and groups left empty. */
  #prune(): void {
    while (this.#groups.length > 0) {
      const group = this.#groups[0]!.filter(this.#alive);
      if (group.length > 0) {
        if (group.length !== this.#trial.size || !group.every((c) => this.#trial.has(c))) {
          this.#trial = new Set(group);
        }
        this.#groups[0] = group;
        return;
      }
      this.#groups.shift();
    }
    this.#trial = new Set();
  }
}
