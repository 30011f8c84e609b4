/**
 * The demand a consumer sends the relay (`upbit-ws/nats`): which codes of which types its live
 * subscriptions need, sent by request/reply at once when it changes and renewed on a heartbeat
 * (a third of the lease) so a relay that fails over learns it again. Also tracks whether a relay
 * answered lately, for the client's health.
 *
 * @module
 */
import type { NatsConnection } from "@nats-io/nats-core";
import { UpbitError } from "../src/errors.ts";
import type { NatsHealth } from "./client_options.ts";
import {
  type BusType,
  type DemandReply,
  type DemandRequest,
  demandSubject,
  SCHEMA_VERSION,
} from "./_wire.ts";

/** What a {@linkcode DemandLease} needs from its client. */
export interface DemandLeaseInit {
  /** The client's connection (it may never open). */
  nc: Promise<NatsConnection>;
  /** The subject prefix. */
  prefix: string;
  /** This consumer's id, sent with each demand. */
  id: string;
  /** The lease in ms; 0 turns demand off. */
  leaseMs: number;
  /** Counters the lease updates. */
  metrics: { requestsSent: number; requestsUnanswered: number };
  /** Reports a refused demand. */
  onError: (error: UpbitError) => void;
}

/** One consumer's demand on the relay: the wishes of its live subscriptions and their lease. */
export class DemandLease {
  #init: DemandLeaseInit;
  #wants = new Map<object, { type: BusType; codes: readonly string[] }>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #demandQueued = false;
  #closed = false;
  /** The relay that answered last, and when (epoch ms). */
  ingest: NatsHealth["ingest"] = { id: null, lastReplyAt: null };
  /** Whether the last demand was answered. */
  lastAnswered = false;

  /** @param init the client's connection, prefix, id, lease and counters */
  constructor(init: DemandLeaseInit) {
    this.#init = init;
  }

  /** Whether the relay is asked for anything: demand is on and a subscription wants codes. */
  get wanted(): boolean {
    return this.#init.leaseMs > 0 && this.#wants.size > 0;
  }

  /**
   * Adds a subscription's wish and sends the new demand (starting the heartbeat).
   *
   * @param token the subscription's token
   * @param type its bus type
   * @param codes its codes
   */
  add(token: object, type: BusType, codes: readonly string[]): void {
    this.#wants.set(token, { type, codes });
    this.queue();
    if (this.#init.leaseMs > 0 && this.#heartbeat === undefined) {
      this.#heartbeat = setInterval(
        () => {
          if (this.#wants.size > 0) void this.#send();
        },
        Math.max(100, Math.floor(this.#init.leaseMs / 3)),
      );
    }
  }

  /**
   * Drops a subscription's wish and sends the new demand.
   *
   * @param token the subscription's token
   */
  delete(token: object): void {
    this.#wants.delete(token);
    this.queue();
  }

  /** Sends the demand once, after the current task (coalescing changes made together). */
  queue(): void {
    if (this.#init.leaseMs === 0 || this.#demandQueued || this.#closed) return;
    this.#demandQueued = true;
    queueMicrotask(() => {
      this.#demandQueued = false;
      void this.#send();
    });
  }

  /** Stops the heartbeat and sends nothing more but {@linkcode DemandLease.bye}. Idempotent. */
  stop(): void {
    this.#closed = true;
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  /**
   * Tells the relay this consumer left, if demand was ever sent.
   *
   * @param nc the open connection, if any
   * @returns once the goodbye is flushed
   */
  async bye(nc: NatsConnection | undefined): Promise<void> {
    const { leaseMs, metrics, prefix, id } = this.#init;
    if (nc && !nc.isClosed() && leaseMs > 0 && metrics.requestsSent > 0) {
      const bye: DemandRequest = { v: SCHEMA_VERSION, id, leaseMs: 1000, want: [], bye: true };
      nc.publish(demandSubject(prefix), JSON.stringify(bye));
      await nc.flush().catch(() => {});
    }
  }

  /** Whether the heartbeat still runs. */
  get beating(): boolean {
    return this.#heartbeat !== undefined;
  }

  async #send(): Promise<void> {
    if (this.#closed) return;
    const nc = await this.#init.nc.catch(() => undefined);
    if (!nc || nc.isClosed()) return;
    const byType = new Map<string, Set<string>>();
    for (const w of this.#wants.values()) {
      let set = byType.get(w.type);
      if (!set) byType.set(w.type, set = new Set());
      for (const c of w.codes) set.add(c);
    }
    const { leaseMs, metrics, prefix, id } = this.#init;
    const request: DemandRequest = {
      v: SCHEMA_VERSION,
      id,
      leaseMs,
      want: [...byType].map(([type, codes]) => ({ type, codes: [...codes] })),
    };
    metrics.requestsSent++;
    try {
      const msg = await nc.request(demandSubject(prefix), JSON.stringify(request), {
        timeout: Math.min(2000, Math.floor(leaseMs / 3)),
      });
      const reply = msg.json<DemandReply>();
      this.ingest = { id: String(reply.ingest), lastReplyAt: Date.now() };
      this.lastAnswered = true;
      if (!reply.ok) {
        this.#init.onError(new UpbitError("SERVER_ERROR", `The relay refused: ${reply.error}`));
      }
    } catch {
      // No relay is active right now (failover, or none yet): keep asking on the heartbeat.
      metrics.requestsUnanswered++;
      this.lastAnswered = false;
    }
  }
}
