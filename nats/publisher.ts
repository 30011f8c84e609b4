/**
 * Publishing events into JetStream for the relay, in one of three ack modes (`AckMode`): a
 * pipelined publish takes its ack on one inbox subscription (no request and no timer per
 * message) and waits only when more than `maxInFlight` are unacknowledged; `"each"` awaits every
 * ack; `"none"` is a core publish. Counts what happened, for the relay's stats.
 *
 * @module
 */
import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
} from "@nats-io/nats-core";
import type { JetStreamClient } from "@nats-io/jetstream";
import type { UpbitEvent } from "../src/types.ts";
import type { AckMode } from "./relay_options.ts";
import { msgIdOf, SCHEMA_HEADER, SCHEMA_VERSION } from "./_wire.ts";

/** Publishes not acknowledged within this long count as failed. */
const ACK_TIMEOUT_MS = 10_000;

/** The publisher's counters. */
export interface PublishCounts {
  /** Messages published. */
  published: number;
  /** Acks that confirmed a publish. */
  acked: number;
  /** Acks that said JetStream had the message already. */
  duplicates: number;
  /** Publishes refused or not acknowledged in time. */
  failed: number;
  /** The sum of ack round trips in ms. */
  ackTotalMs: number;
  /** The age of the last published event (ms since its Upbit timestamp). */
  eventAgeMs: number;
}

/** One relay's publishing into JetStream. */
export class Publisher {
  /** What happened so far. */
  readonly counts: PublishCounts = {
    published: 0,
    acked: 0,
    duplicates: 0,
    failed: 0,
    ackTotalMs: 0,
    eventAgeMs: 0,
  };
  #ack: AckMode;
  #maxInFlight: number;
  #onError: (error: unknown) => void;
  #nc: NatsConnection | undefined;
  #js: JetStreamClient | undefined;
  #encoder = new TextEncoder();
  // Pipelined publishes awaiting their ack: number → publish time (insertion order = oldest first).
  #awaiting = new Map<number, number>();
  #drained: (() => void)[] = [];
  #ackSeq = 0;
  #ackInbox = "";

  /**
   * @param ack the ack mode
   * @param maxInFlight pipelined publishes allowed unacknowledged before the next one waits
   * @param onError reports a refused publish
   */
  constructor(ack: AckMode, maxInFlight: number, onError: (error: unknown) => void) {
    this.#ack = ack;
    this.#maxInFlight = maxInFlight;
    this.#onError = onError;
  }

  /**
   * Starts on an open connection: in the pipelined mode, subscribes to the ack inbox.
   *
   * @param nc the connection
   * @param js its JetStream context
   * @returns a function to call every second, which fails publishes not acknowledged in time
   */
  start(nc: NatsConnection, js: JetStreamClient): () => void {
    this.#nc = nc;
    this.#js = js;
    if (this.#ack === "pipelined") {
      this.#ackInbox = createInbox();
      nc.subscribe(`${this.#ackInbox}.*`, { callback: (_err, msg) => this.#onAck(msg) });
    }
    return () => this.#expire();
  }

  /** Pipelined publishes not yet acknowledged. */
  get inFlight(): number {
    return this.#awaiting.size;
  }

  /** When the oldest unacknowledged publish was made (`performance.now()`), if any. */
  get oldest(): number | undefined {
    for (const at of this.#awaiting.values()) return at;
    return undefined;
  }

  /** Lets every publish waiting for room go on (the relay is closing). */
  release(): void {
    for (const resolve of this.#drained.splice(0)) resolve();
  }

  /**
   * Publishes one event on a subject, with the schema header and its `Nats-Msg-Id`.
   *
   * @param event the event
   * @param subject where
   * @returns once published (pipelined: once there is room for more)
   */
  async publish(event: UpbitEvent, subject: string): Promise<void> {
    const nc = this.#nc;
    if (nc === undefined) return;
    const counts = this.counts;
    const h = natsHeaders();
    h.set(SCHEMA_HEADER, String(SCHEMA_VERSION));
    const msgID = msgIdOf(event);
    const data = this.#encoder.encode(JSON.stringify(event));
    counts.eventAgeMs = Date.now() - event.timestamp;
    if (this.#ack === "none") {
      h.set("Nats-Msg-Id", msgID);
      nc.publish(subject, data, { headers: h });
      counts.published++;
      return;
    }
    if (this.#ack === "pipelined") {
      const n = ++this.#ackSeq;
      h.set("Nats-Msg-Id", msgID);
      nc.publish(subject, data, { headers: h, reply: `${this.#ackInbox}.${n}` });
      counts.published++;
      this.#awaiting.set(n, performance.now());
      if (this.#awaiting.size > this.#maxInFlight) {
        await new Promise<void>((resolve) => this.#drained.push(resolve));
      }
      return;
    }
    const started = performance.now();
    try {
      const result = await this.#js!.publish(subject, data, { msgID, headers: h });
      counts.published++;
      counts.acked++;
      counts.ackTotalMs += performance.now() - started;
      if (result.duplicate) counts.duplicates++;
    } catch (error) {
      counts.published++;
      counts.failed++;
      this.#onError(error);
    }
  }

  #onAck(msg: Msg): void {
    const n = Number(msg.subject.slice(this.#ackInbox.length + 1));
    const at = this.#awaiting.get(n);
    if (at === undefined) return;
    this.#awaiting.delete(n);
    let reply: { error?: { description?: string }; duplicate?: boolean };
    try {
      reply = msg.json();
    } catch {
      reply = { error: { description: "an ack that is not JSON" } };
    }
    const counts = this.counts;
    if (reply.error) {
      counts.failed++;
      this.#onError(
        new Error(`JetStream refused a publish: ${reply.error.description ?? "unknown"}`),
      );
    } else {
      counts.acked++;
      counts.ackTotalMs += performance.now() - at;
      if (reply.duplicate) counts.duplicates++;
    }
    this.#drain();
  }

  #expire(): void {
    const limit = performance.now() - ACK_TIMEOUT_MS;
    for (const [n, at] of this.#awaiting) {
      if (at > limit) break;
      this.#awaiting.delete(n);
      this.counts.failed++;
    }
    this.#drain();
  }

  #drain(): void {
    if (this.#awaiting.size <= this.#maxInFlight) this.release();
  }
}
