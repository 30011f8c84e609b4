/**
 * The pace of the dashboard: every `intervalMs` (default 250 ms, so at most four sends a second
 * per stream however fast the market runs) the model's coalesced changes go to every open page
 * as one SSE `update`, with the feed status; when nothing changed, the status alone goes once a
 * second so ages and stalls stay visible. A page whose connection cannot keep up is skipped until
 * it drains and then gets a fresh `snapshot`, so the server never queues without bound.
 *
 * @module
 */
import type { Clock } from "../../mod.ts";
import type { DashboardModel } from "./model.ts";
import { sseMessage, sseRetry } from "./sse.ts";
import type { FeedStatus } from "./status.ts";

/** Where an open page's events go (an HTTP response in the server, an array in tests). */
export interface Sink {
  /** Writes text; false when the connection's buffer is full (wait for `onDrain`). */
  write(text: string): boolean;
  /** Calls `fn` once when the buffer has room again. */
  onDrain(fn: () => void): void;
}

/** Options of {@linkcode Broadcaster}. */
export interface BroadcastOptions {
  model: DashboardModel;
  clock: Clock;
  /** The status to send, given the time and the event rate (events per second). */
  status: (now: number, rate: number) => FeedStatus;
  /** Time between sends, ms (default 250). */
  intervalMs?: number;
  /** Longest time without a send, ms (default 1000). */
  heartbeatMs?: number;
  /** Reconnect delay the page's `EventSource` uses, ms (default 1000). */
  retryMs?: number;
}

interface Client {
  sink: Sink;
  lagging: boolean;
}

/**
 * Sends the model to the open pages at a bounded pace.
 *
 * @example
 * ```ts
 * import { Broadcaster } from "./broadcast.ts";
 * import { DashboardModel } from "./model.ts";
 * import { feedStatus } from "./status.ts";
 * import { systemClock } from "upbit-ws";
 * const model = new DashboardModel({ codes: ["KRW-BTC"], private: false });
 * const b = new Broadcaster({
 *   model,
 *   clock: systemClock(),
 *   status: (now, rate) => feedStatus([], now, { rate, staleMs: 10_000 }),
 * });
 * b.start();
 * b.stop();
 * ```
 */
export class Broadcaster {
  readonly #model: DashboardModel;
  readonly #clock: Clock;
  readonly #status: (now: number, rate: number) => FeedStatus;
  readonly #intervalMs: number;
  readonly #heartbeatMs: number;
  readonly #retryMs: number;
  readonly #clients = new Set<Client>();
  #timer: unknown;
  #running = false;
  #lastSendAt = 0;
  #rateAt = 0;
  #rateEvents = 0;
  #rate = 0;
  #sent = 0;

  /** @param options the model, the clock, the status source and the pace */
  constructor(options: BroadcastOptions) {
    this.#model = options.model;
    this.#clock = options.clock;
    this.#status = options.status;
    this.#intervalMs = options.intervalMs ?? 250;
    this.#heartbeatMs = options.heartbeatMs ?? 1000;
    this.#retryMs = options.retryMs ?? 1000;
    for (const [k, v] of [["intervalMs", this.#intervalMs], ["heartbeatMs", this.#heartbeatMs]]) {
      if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
        throw new RangeError(
          `Cannot pace the dashboard as ${k} must be a positive number: current value is ${v}`,
        );
      }
    }
  }

  /** Open pages. */
  get clients(): number {
    return this.#clients.size;
  }

  /** `update` messages sent (each counted once however many pages got it). */
  get sent(): number {
    return this.#sent;
  }

  /**
   * Adds a page: it gets the reconnect delay and a full snapshot at once.
   *
   * @param sink where its events go
   * @returns removes the page
   */
  add(sink: Sink): () => void {
    const client: Client = { sink, lagging: false };
    this.#clients.add(client);
    this.#deliver(client, sseRetry(this.#retryMs) + this.#snapshotMessage());
    return () => {
      this.#clients.delete(client);
    };
  }

  /** Starts the send loop (idempotent). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#rateAt = this.#clock.now();
    this.#rateEvents = this.#model.events;
    this.#schedule();
  }

  /** Stops the send loop. */
  stop(): void {
    this.#running = false;
    this.#clock.clearTimeout(this.#timer);
  }

  /** One send now (what the loop does every interval); exposed for tests and shutdown. */
  tick(): void {
    const now = this.#clock.now();
    if (now - this.#rateAt >= 1000) {
      this.#rate = ((this.#model.events - this.#rateEvents) * 1000) / (now - this.#rateAt);
      this.#rateAt = now;
      this.#rateEvents = this.#model.events;
    }
    const update = this.#model.takeUpdate();
    if (update === undefined && now - this.#lastSendAt < this.#heartbeatMs) return;
    this.#lastSendAt = now;
    this.#sent++;
    const text = sseMessage("update", { ...update, status: this.#status(now, this.#rate) });
    for (const client of this.#clients) {
      if (!client.lagging) this.#deliver(client, text);
    }
  }

  #snapshotMessage(): string {
    const now = this.#clock.now();
    return sseMessage("snapshot", {
      ...this.#model.snapshot(),
      status: this.#status(now, this.#rate),
    });
  }

  #deliver(client: Client, text: string): void {
    if (client.sink.write(text)) return;
    // Full: skip this page's updates until it drains, then bring it up to date in one go.
    client.lagging = true;
    client.sink.onDrain(() => {
      if (!this.#clients.has(client)) return;
      client.lagging = false;
      this.#deliver(client, this.#snapshotMessage());
    });
  }

  #schedule(): void {
    this.#timer = this.#clock.setTimeout(() => {
      if (!this.#running) return;
      try {
        this.tick();
      } finally {
        this.#schedule();
      }
    }, this.#intervalMs);
  }
}
