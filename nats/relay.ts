/**
 * The ingest: {@linkcode relay} takes an {@linkcode UpbitClient} and a NATS connection, holds the
 * Upbit subscriptions that the static codes and the consumers' demand ask for, and publishes every
 * decoded event into JetStream. Its option shapes are in `relay_options.ts` and the publishing
 * with its ack modes in `publisher.ts`. This file is long because `relay()` is one closure over
 * the state its three duties share (the merged interests, the consumers' leases of demand, and
 * the active-relay lease in a KV bucket): split apart they would pass that state back and forth.
 *
 * @module
 */
import { type Msg, type NatsConnection, wsconnect } from "@nats-io/nats-core";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { type KV, Kvm } from "@nats-io/kv";
import type { UpbitClient } from "../src/client.ts";
import type { Subscription } from "../src/deliver/subscription.ts";
import type { MyAssetEvent, MyOrderEvent, UpbitEvent } from "../src/types.ts";
import { checkCodes, checkNumber, checkUnits, quote } from "../src/args.ts";
import { FULL_DEPTH } from "../src/protocol/orderbook.ts";
import { Publisher } from "./publisher.ts";
import type { Relay, RelayOptions, RelayStats } from "./relay_options.ts";
import {
  asConnection,
  type BusType,
  checkBusType,
  checkPrefix,
  DEFAULT_LIMITS,
  DEFAULT_PREFIX,
  type DemandReply,
  demandSubject,
  parseDemand,
  randomId,
  SCHEMA_VERSION,
  streamConfig,
  type StreamKind,
  type StreamLimits,
  subjectOf,
} from "./_wire.ts";

type AnySub = Subscription<UpbitEvent>;

interface Interest {
  type: BusType;
  code: string;
  holders: Set<string>;
  sub: AnySub | undefined;
}

const STATIC = "\u0000static";

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
  // Checked here, before anything connects, not first when the relay subscribes.
  const units = options.orderbookUnits === undefined
    ? FULL_DEPTH
    : checkUnits(options.orderbookUnits);
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
  const encoder = new TextEncoder();

  const interests = new Map<string, Interest>();
  const consumers = new Map<string, { keys: Set<string>; expires: number }>();
  const publisher = new Publisher(ack, maxInFlight, onError);
  const stats = { activations: 0 };
  let active = leaseTtl === 0;
  let closed = false;
  const privateSubs: { close(): void }[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];

  const publish = (event: UpbitEvent, subject: string): void | Promise<void> => {
    if (!active || closed) return;
    return publisher.publish(event, subject);
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
    const expire = publisher.start(nc, jetstream(nc));
    if (ack === "pipelined") timers.push(setInterval(expire, 1000));
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
      publisher.release();
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
      const c = publisher.counts;
      const oldest = publisher.oldest;
      return {
        id,
        active,
        published: c.published,
        acked: c.acked,
        duplicates: c.duplicates,
        failed: c.failed,
        inFlight: publisher.inFlight,
        lagMs: oldest === undefined ? 0 : performance.now() - oldest,
        ackMs: c.acked > 0 ? c.ackTotalMs / c.acked : 0,
        eventAgeMs: c.eventAgeMs,
        consumers: consumers.size,
        interests: [...interests.values()].filter((i) => i.sub !== undefined).length,
        activations: stats.activations,
      };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
