/**
 * The ingest: {@linkcode relay} takes an {@linkcode UpbitClient} and a NATS connection, holds the
 * Upbit subscriptions that the static codes and the consumers' demand ask for, and publishes every
 * decoded event into JetStream.
 *
 * @module
 */
import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  wsconnect,
} from "@nats-io/nats-core";
import { jetstream, type JetStreamClient, jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { UpbitClient } from "../src/client.ts";
import type { Subscription } from "../src/deliver/subscription.ts";
import type { MyAssetEvent, MyOrderEvent, UpbitEvent } from "../src/types.ts";
import { checkCodes, checkNumber, quote } from "../src/args.ts";
import {
  asConnection,
  type BusType,
  checkBusType,
  checkPrefix,
  DEFAULT_LIMITS,
  DEFAULT_PREFIX,
  type DemandReply,
  demandSubject,
  msgIdOf,
  type NatsConnectionLike,
  parseDemand,
  SCHEMA_HEADER,
  SCHEMA_VERSION,
  streamConfig,
  type StreamKind,
  type StreamLimits,
  subjectOf,
} from "./_wire.ts";

/**
 * How the relay waits for JetStream's acknowledgements.
 *
 * - `"pipelined"` (default): publish without awaiting each ack (a core publish with a reply
 *   subject; one inbox subscription takes every JetStream ack, with no request or timer per
 *   message); at most `maxInFlight` unacknowledged, then the next event waits until acks catch up
 *   (backpressure goes to the subscription's bounded buffer). Acks are counted; refusals are
 *   reported; a publish not acknowledged within 10 s counts as failed.
 * - `"each"`: await every ack before the next publish (slow: one round trip per event).
 * - `"none"`: core publish; the stream still captures the subject, but nothing is acknowledged.
 *
 * @example
 * ```ts
 * import type { AckMode } from "upbit-ws/nats";
 * const mode: AckMode = "pipelined";
 * ```
 */
export type AckMode = "pipelined" | "each" | "none";

/**
 * Active/standby through a lease in the NATS key-value store: the relay that holds the key
 * `active` of bucket `bucket` publishes; the others keep the consumers' demand and take over when
 * the lease lapses (`ttlMs` after the last renewal) or is released on close.
 *
 * @example
 * ```ts
 * import type { LeaseOptions } from "upbit-ws/nats";
 * const lease: LeaseOptions = { ttlMs: 3000, bucket: "upbit-relay" };
 * ```
 */
export interface LeaseOptions {
  /** Lease time to live in ms: failover takes at most about this long (default 3000, min 300). */
  ttlMs?: number;
  /** KV bucket name (default `<prefix>-relay`, dots as `-`). */
  bucket?: string;
}

/**
 * Options of {@linkcode relay}.
 *
 * @example
 * ```ts
 * import type { RelayOptions } from "upbit-ws/nats";
 * import type { NatsConnection } from "@nats-io/nats-core";
 * declare const nc: NatsConnection;
 * const options: RelayOptions = { nats: nc, types: ["ticker", "orderbook"], codes: ["KRW-BTC"] };
 * ```
 */
export interface RelayOptions {
  /**
   * A connected NATS connection (`wsconnect` or `@nats-io/transport-node`'s `connect`; not
   * closed by the relay), or a `ws://`/`wss://` URL that the relay connects to (and closes).
   */
  nats: NatsConnectionLike | string;
  /** Types always relayed for `codes` (default `["ticker", "trade", "orderbook"]`). */
  types?: string[];
  /** Codes always relayed, whatever consumers ask (default none: demand only). */
  codes?: string[];
  /** First subject token (default `"upbit"`): events go to `<prefix>.<type>.<code>`. */
  prefix?: string;
  /** How acks are awaited (default `"pipelined"`). */
  ack?: AckMode;
  /** Most unacknowledged publishes in `"pipelined"` mode (default 4096). */
  maxInFlight?: number;
  /** Serve consumers' demand on `<prefix>.demand` (default true). */
  demand?: boolean;
  /** Active/standby lease (default `{ ttlMs: 3000 }`); `false`: always active (one ingest). */
  lease?: LeaseOptions | false;
  /** History kept by the trade and candle streams. */
  limits?: Partial<StreamLimits>;
  /** Orderbook depth published (default 30). */
  orderbookUnits?: 1 | 5 | 15 | 30;
  /**
   * Private streams go on the bus ONLY when named here, and only on these exact subjects (core
   * publish, no stream). Default: none.
   */
  private?: { myOrder?: string; myAsset?: string };
  /** This relay's id in leases and replies (default random). */
  id?: string;
  /** Non-fatal problems (a failed publish, a bad demand message). */
  onError?: (error: unknown) => void;
}

/**
 * Counters of one relay; `lagMs` is how far acknowledgements trail the publishes.
 *
 * @example
 * ```ts
 * import type { RelayStats } from "upbit-ws/nats";
 * const show = (s: RelayStats) => console.log(s.published, s.inFlight, s.lagMs);
 * ```
 */
export interface RelayStats {
  /** This relay's id. */
  id: string;
  /** Whether it holds the lease and publishes. */
  active: boolean;
  /** Events published (JetStream or core). */
  published: number;
  /** Acks received (`"pipelined"`, `"each"`). */
  acked: number;
  /** Acks that said the stream already had the event (de-duplicated). */
  duplicates: number;
  /** Publishes that failed (no ack, or an error). */
  failed: number;
  /** Publishes not yet acknowledged. */
  inFlight: number;
  /** Age in ms of the oldest unacknowledged publish (0 when none). */
  lagMs: number;
  /** Mean ack round trip in ms over the acks so far (0 when none). */
  ackMs: number;
  /** Milliseconds from Upbit's `timestamp` of the last event to its publish (clock skew included). */
  eventAgeMs: number;
  /** Consumers whose demand is live. */
  consumers: number;
  /** (type, code) pairs subscribed at Upbit. */
  interests: number;
  /** Times this relay became active. */
  activations: number;
}

/**
 * A running relay; close it (or `await using`) to stop.
 *
 * @example
 * ```ts
 * import type { Relay } from "upbit-ws/nats";
 * const report = (r: Relay) => console.log(r.stats().active);
 * ```
 */
export interface Relay extends AsyncDisposable {
  /** Resolves once the streams exist and demand is served. */
  readonly ready: Promise<void>;
  /** Counters. */
  stats(): RelayStats;
  /** Stops publishing, releases the lease, closes the Upbit subscriptions (not the client). */
  close(): Promise<void>;
}

type AnySub = Subscription<UpbitEvent>;

interface Interest {
  type: BusType;
  code: string;
  holders: Set<string>;
  sub: AnySub | undefined;
}

const STATIC = "\u0000static";

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Starts relaying: Upbit events from `client` into JetStream on `<prefix>.<type>.<code>` (JSON of
 * the typed event, header `Upbit-Ws-Schema: 1`, `Nats-Msg-Id` for de-duplication), into four
 * streams: the newest ticker and orderbook per code, the last trades and candles per code.
 *
 * It also answers consumers' demand (`<prefix>.demand`, request/reply): their interest is merged
 * into this client's registry, so Upbit sees one connection and coalesced requests; a consumer's
 * interest lapses when it stops sending heartbeats. With a lease (the default), only the relay
 * holding it publishes; the others take over within about `lease.ttlMs`.
 *
 * @param client the Upbit client to read from (the relay does not close it)
 * @param options the NATS connection, types, codes, prefix, ack mode, lease
 * @returns the running relay
 * @throws {TypeError|RangeError} for a bad option, before anything is published
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * import { relay } from "upbit-ws/nats";
 * import { wsconnect } from "@nats-io/nats-core";
 *
 * const nc = await wsconnect({ servers: "ws://127.0.0.1:8080", maxReconnectAttempts: -1 });
 * await using client = new UpbitClient();
 * await using r = relay(client, { nats: nc, types: ["ticker"], codes: ["KRW-BTC"] });
 * await r.ready;
 * ```
 */
export function relay(client: UpbitClient, options: RelayOptions): Relay {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `Cannot relay as options must be an object: current value is ${quote(options)}`,
    );
  }
  const url = typeof options.nats === "string" ? options.nats : undefined;
  if (url !== undefined && !/^wss?:\/\/\S+$/.test(url)) {
    throw new TypeError(
      `Cannot relay as a nats URL must be ws:// or wss:// (pass a connection for TCP): current value is ${
        quote(url)
      }`,
    );
  }
  const given = url === undefined ? asConnection<NatsConnection>(options.nats, "nats") : undefined;
  // Set before anything publishes: publishing starts inside `ready`.
  let nc = given as NatsConnection;
  const prefix = checkPrefix(options.prefix ?? DEFAULT_PREFIX);
  const types = (options.types ?? ["ticker", "trade", "orderbook"]).map(checkBusType);
  const codes = options.codes === undefined || options.codes.length === 0
    ? []
    : checkCodes(options.codes);
  const ack = options.ack ?? "pipelined";
  if (ack !== "pipelined" && ack !== "each" && ack !== "none") {
    throw new RangeError(
      `Cannot relay as ack must be "pipelined", "each" or "none": current value is ${quote(ack)}`,
    );
  }
  const maxInFlight = checkNumber(options.maxInFlight ?? 4096, "maxInFlight", 1, { integer: true });
  const limits: StreamLimits = { ...DEFAULT_LIMITS, ...(options.limits ?? {}) };
  const units = options.orderbookUnits ?? 30;
  const leaseTtl = options.lease === false
    ? 0
    : checkNumber(options.lease?.ttlMs ?? 3000, "lease.ttlMs", 300, { integer: true });
  const bucket = options.lease === false
    ? ""
    : options.lease?.bucket ?? `${prefix.replace(/[.]/g, "-")}-relay`;
  const privateSubjects = options.private ?? {};
  for (const [key, subject] of Object.entries(privateSubjects)) {
    if (key !== "myOrder" && key !== "myAsset") {
      throw new TypeError(`Cannot relay private ${quote(key)} as only myOrder and myAsset exist`);
    }
    if (typeof subject !== "string" || !/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(subject)) {
      throw new TypeError(
        `Cannot relay ${key} as its subject must be literal tokens (no wildcards): current value is ${
          quote(subject)
        }`,
      );
    }
  }
  const id = options.id ?? randomId();
  const onError = options.onError ?? (() => {});
  let js: JetStreamClient;
  const encoder = new TextEncoder();

  const interests = new Map<string, Interest>();
  const consumers = new Map<string, { keys: Set<string>; expires: number }>();
  // Pipelined publishes awaiting their ack: number → publish time (insertion order = oldest first).
  const awaiting = new Map<number, number>();
  const drained: (() => void)[] = [];
  let ackSeq = 0;
  let ackInbox = "";
  const onAck = (msg: Msg): void => {
    const n = Number(msg.subject.slice(ackInbox.length + 1));
    const at = awaiting.get(n);
    if (at === undefined) return;
    awaiting.delete(n);
    let reply: { error?: { description?: string }; duplicate?: boolean };
    try {
      reply = msg.json();
    } catch {
      reply = { error: { description: "an ack that is not JSON" } };
    }
    if (reply.error) {
      stats.failed++;
      onError(new Error(`JetStream refused a publish: ${reply.error.description ?? "unknown"}`));
    } else {
      stats.acked++;
      stats.ackTotalMs += performance.now() - at;
      if (reply.duplicate) stats.duplicates++;
    }
    if (awaiting.size <= maxInFlight) { for (const resolve of drained.splice(0)) resolve(); }
  };
  /** Publishes not acknowledged within this long count as failed. */
  const ACK_TIMEOUT_MS = 10_000;
  const expireAcks = (): void => {
    const limit = performance.now() - ACK_TIMEOUT_MS;
    for (const [n, at] of awaiting) {
      if (at > limit) break;
      awaiting.delete(n);
      stats.failed++;
    }
    if (awaiting.size <= maxInFlight) { for (const resolve of drained.splice(0)) resolve(); }
  };
  const stats = {
    published: 0,
    acked: 0,
    duplicates: 0,
    failed: 0,
    ackTotalMs: 0,
    eventAgeMs: 0,
    activations: 0,
  };
  let active = leaseTtl === 0;
  let closed = false;
  const privateSubs: { close(): void }[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];

  const publish = async (event: UpbitEvent, subject: string): Promise<void> => {
    if (!active || closed) return;
    const h = natsHeaders();
    h.set(SCHEMA_HEADER, String(SCHEMA_VERSION));
    const msgID = msgIdOf(event);
    const data = encoder.encode(JSON.stringify(event));
    stats.eventAgeMs = Date.now() - event.timestamp;
    if (ack === "none") {
      h.set("Nats-Msg-Id", msgID);
      nc.publish(subject, data, { headers: h });
      stats.published++;
      return;
    }
    if (ack === "pipelined") {
      // One inbox subscription takes every ack (no request and no timer per message).
      const n = ++ackSeq;
      h.set("Nats-Msg-Id", msgID);
      nc.publish(subject, data, { headers: h, reply: `${ackInbox}.${n}` });
      stats.published++;
      awaiting.set(n, performance.now());
      if (awaiting.size > maxInFlight) {
        await new Promise<void>((resolve) => drained.push(resolve));
      }
      return;
    }
    const started = performance.now();
    try {
      const result = await js.publish(subject, data, { msgID, headers: h });
      stats.published++;
      stats.acked++;
      stats.ackTotalMs += performance.now() - started;
      if (result.duplicate) stats.duplicates++;
    } catch (error) {
      stats.published++;
      stats.failed++;
      onError(error);
    }
  };

  const deliver = (event: UpbitEvent): void | Promise<void> => {
    const e = event as { type: string; code: string };
    return publish(event, subjectOf(prefix, e.type, e.code));
  };

  const open = (interest: Interest): void => {
    if (interest.sub !== undefined || !active || closed) return;
    const code = [interest.code];
    const o = { stream: "both" as const, bufferSize: 4096, onError };
    const t = interest.type;
    interest.sub =
      (t === "ticker"
        ? client.subscribeTicker(code, deliver, o)
        : t === "trade"
        ? client.subscribeTrade(code, deliver, o)
        : t === "orderbook"
        ? client.subscribeOrderbook(code, deliver, { ...o, units })
        : client.subscribeCandle(
          t.slice(7) as Parameters<UpbitClient["candle"]>[0],
          code,
          deliver,
          o,
        )) as AnySub;
  };

  const sync = (): void => {
    for (const [key, interest] of interests) {
      if (interest.holders.size === 0) {
        interest.sub?.close();
        interests.delete(key);
      } else if (active) open(interest);
      else if (interest.sub) {
        interest.sub.close();
        interest.sub = undefined;
      }
    }
  };

  const hold = (holder: string, type: BusType, code: string): string => {
    const key = `${type} ${code}`;
    let interest = interests.get(key);
    if (!interest) {
      interest = { type, code, holders: new Set(), sub: undefined };
      interests.set(key, interest);
    }
    interest.holders.add(holder);
    return key;
  };

  for (const type of types) for (const code of codes) hold(STATIC, type, code);

  const forget = (consumer: string): void => {
    const known = consumers.get(consumer);
    if (!known) return;
    consumers.delete(consumer);
    for (const key of known.keys) interests.get(key)?.holders.delete(consumer);
  };

  const onDemand = (msg: Msg): void => {
    let reply: DemandReply;
    try {
      const demand = parseDemand(msg.data);
      forget(demand.id);
      if (!demand.bye) {
        const keys = new Set<string>();
        for (const want of demand.want) {
          const type = checkBusType(want?.type);
          for (const code of checkCodes(want.codes)) keys.add(hold(demand.id, type, code));
        }
        consumers.set(demand.id, { keys, expires: Date.now() + demand.leaseMs });
      }
      sync();
      reply = { v: SCHEMA_VERSION, ok: true, ingest: id };
    } catch (e) {
      onError(e);
      reply = { v: SCHEMA_VERSION, ok: false, ingest: id, error: (e as Error).message };
    }
    // Only the active relay answers; a standby records the demand silently.
    if (active && msg.reply) msg.respond(encoder.encode(JSON.stringify(reply)));
  };

  const sweep = (): void => {
    const now = Date.now();
    let changed = false;
    for (const [consumer, known] of consumers) {
      if (known.expires < now) {
        forget(consumer);
        changed = true;
      }
    }
    if (changed) sync();
  };

  const openPrivate = (): void => {
    if (privateSubjects.myOrder !== undefined) {
      const subject = privateSubjects.myOrder;
      privateSubs.push(
        client.subscribeMyOrder(undefined, (e: MyOrderEvent) => publish(e, subject), { onError }),
      );
    }
    if (privateSubjects.myAsset !== undefined) {
      const subject = privateSubjects.myAsset;
      privateSubs.push(
        client.subscribeMyAsset((e: MyAssetEvent) => publish(e, subject), { onError }),
      );
    }
  };

  const setActive = (value: boolean): void => {
    if (active === value) return;
    active = value;
    if (value) {
      stats.activations++;
      openPrivate();
    } else {
      for (const s of privateSubs.splice(0)) s.close();
    }
    sync();
  };

  // The lease loop: renew while active, try to take it while standby.
  let kv: KV | undefined;
  let revision = 0;
  let renewedAt = 0;
  let leaseBusy = false;
  const leaseValue = (): Uint8Array => encoder.encode(JSON.stringify({ id, since: Date.now() }));
  const leaseTick = async (): Promise<void> => {
    if (kv === undefined || leaseBusy || closed) return;
    leaseBusy = true;
    try {
      if (active) {
        try {
          revision = await kv.update("active", leaseValue(), revision);
          renewedAt = Date.now();
        } catch (e) {
          // Someone else holds it now, or we could not reach the server for a whole lease.
          const lost = /wrong last sequence/i.test(String((e as Error).message));
          if (lost || Date.now() - renewedAt > leaseTtl) setActive(false);
        }
      } else {
        const entry = await kv.get("active").catch(() => null);
        if (entry === null || entry.operation !== "PUT") {
          try {
            revision = await kv.create("active", leaseValue());
            renewedAt = Date.now();
            setActive(true);
          } catch {
            // Another relay won the race.
          }
        }
      }
    } finally {
      leaseBusy = false;
    }
  };

  const ready = (async () => {
    if (url !== undefined) {
      nc = await wsconnect({
        servers: url,
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        name: `upbit-ws relay ${id}`,
      });
    }
    js = jetstream(nc);
    if (ack === "pipelined") {
      ackInbox = createInbox();
      nc.subscribe(`${ackInbox}.*`, { callback: (_err, msg) => onAck(msg) });
      timers.push(setInterval(expireAcks, 1000));
    }
    const jsm = await jetstreamManager(nc);
    for (const kind of ["ticker", "trade", "orderbook", "candle"] as StreamKind[]) {
      const config = streamConfig(prefix, kind, limits);
      try {
        await jsm.streams.add(config as Parameters<typeof jsm.streams.add>[0]);
      } catch {
        // Exists (maybe with other limits set by another relay): keep it as it is.
        await jsm.streams.info(config["name"] as string);
      }
    }
    if (options.demand !== false) {
      nc.subscribe(demandSubject(prefix), { callback: (_err, msg) => onDemand(msg) });
      timers.push(setInterval(sweep, 250));
    }
    if (leaseTtl > 0) {
      const kvm = new Kvm(nc);
      kv = await kvm.create(bucket, { ttl: leaseTtl, history: 1 });
      await leaseTick();
      timers.push(setInterval(() => void leaseTick(), Math.max(100, Math.floor(leaseTtl / 4))));
    } else {
      stats.activations++;
      openPrivate();
    }
    sync();
    await nc.flush();
  })();
  ready.catch(onError);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    closing ??= (async () => {
      await ready.catch(() => {});
      if (nc === undefined) return;
      const wasActive = active;
      setActive(false);
      closed = true;
      for (const t of timers) clearInterval(t);
      for (const resolve of drained.splice(0)) resolve();
      for (const interest of interests.values()) interest.sub?.close();
      interests.clear();
      if (kv !== undefined && wasActive && !nc.isClosed()) {
        await kv.delete("active", { previousSeq: revision }).catch(() => {});
      }
      if (!nc.isClosed()) await nc.flush().catch(() => {});
      if (url !== undefined) await nc.close().catch(() => {});
    })();

  return {
    ready,
    stats(): RelayStats {
      const now = performance.now();
      let oldest: number | undefined;
      for (const at of awaiting.values()) {
        oldest = at;
        break;
      }
      return {
        id,
        active,
        published: stats.published,
        acked: stats.acked,
        duplicates: stats.duplicates,
        failed: stats.failed,
        inFlight: awaiting.size,
        lagMs: oldest === undefined ? 0 : now - oldest,
        ackMs: stats.acked > 0 ? stats.ackTotalMs / stats.acked : 0,
        eventAgeMs: stats.eventAgeMs,
        consumers: consumers.size,
        interests: [...interests.values()].filter((i) => i.sub !== undefined).length,
        activations: stats.activations,
      };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
