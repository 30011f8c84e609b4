/**
 * The chaos consumers: subscriptions of a random shape (type, codes, depth, level, stream, callback
 * or iterator), each checking the rules on every event it receives.
 *
 * @module
 */
import { ServerError, type UpbitClient } from "../../../mod.ts";
import { classifyServerError } from "../../../src/protocol/server_errors.ts";
import type { UpbitEvent } from "../../../src/types.ts";
import type { Rng } from "./rng.ts";

/** The codes and types the chaos consumers choose from. */
export const CODES = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL"] as const;

/** What the harness needs of a subscription, whatever its event type. */
export interface AnySubscription extends AsyncIterable<UpbitEvent> {
  readonly closed: boolean;
  close(): void;
}

/** One consumer (subscription) the harness made, and what it received. */
export interface Consumer {
  readonly id: number;
  readonly type: string;
  readonly codes: readonly string[];
  readonly units: number;
  readonly level: number;
  readonly stream: "both" | "snapshot" | "realtime";
  readonly mode: "callback" | "iterator";
  readonly sub: AnySubscription;
  /** Events received in total, and REALTIME ones (in total and per code). */
  received: number;
  realtime: number;
  realtimeByCode: Map<string, number>;
  /** Set when the harness closed it; anything received after is a violation. */
  closedByUs: boolean;
  afterClose: number;
  /** The iterator finished, or a snapshot-only consumer completed. */
  ended: boolean;
  /** Codes whose first event was seen (for the snapshot-first rule). */
  seen: Set<string>;
  /** SNAPSHOT events per code (snapshot-only consumers take exactly one each). */
  snapshots: Map<string, number>;
  /** Rule breaches found when events arrived. */
  problems: string[];
  /** Failed by the client as the subscription an injected refusal concerned. */
  refused: boolean;
  /** Codes whose SNAPSHOT arrived since the client's last reconnect (it asks again after one). */
  snapshotSeen: Set<string>;
}

/**
 * Whether a subscription's error is one the client may raise here: an injected error frame with
 * a content-refusal name, which the client blames on the newest subscriptions when it arrives
 * while a request awaits its answer (Upbit refuses requests as they arrive). Anything else is a
 * breach.
 */
export function injectedRefusal(error: unknown): boolean {
  return error instanceof ServerError && error.serverMessage === "chaos" &&
    classifyServerError(error.serverName) === "refusal";
}

function observe(c: Consumer, e: UpbitEvent): void {
  c.received++;
  if (c.closedByUs) {
    c.afterClose++;
    return;
  }
  const code = "code" in e ? e.code : "";
  const problem = (what: string) => {
    if (c.problems.length < 5) c.problems.push(`consumer ${c.id} (${describe(c)}): ${what}`);
  };
  if (e.type !== c.type) problem(`got a ${e.type} event`);
  if (!c.codes.includes(code)) problem(`got code ${code}`);
  if (e.type === "orderbook") {
    if (e.orderbookUnits.length > c.units) problem(`got ${e.orderbookUnits.length} book units`);
    if (e.level !== c.level) problem(`got level ${e.level}`);
  }
  const snapshot = e.streamType === "SNAPSHOT";
  if (snapshot) {
    c.snapshots.set(code, (c.snapshots.get(code) ?? 0) + 1);
    c.snapshotSeen.add(code);
  } else {
    c.realtime++;
    c.realtimeByCode.set(code, (c.realtimeByCode.get(code) ?? 0) + 1);
  }
  if (c.stream === "realtime" && snapshot) problem("a realtime-only consumer got a SNAPSHOT");
  if (c.stream === "snapshot") {
    if (!snapshot) problem("a snapshot-only consumer got a REALTIME event");
    if ((c.snapshots.get(code) ?? 0) > 1) problem(`a second snapshot of ${code}`);
  }
  if (c.stream === "both" && !c.seen.has(code) && !snapshot) {
    problem(`the first event of ${code} was REALTIME, not the snapshot`);
  }
  c.seen.add(code);
}

/** A short description of a consumer for messages. */
export function describe(c: Consumer): string {
  const extra = c.type === "orderbook" ? ` units=${c.units} level=${c.level}` : "";
  return `${c.type} ${c.codes.join(",")} ${c.stream} ${c.mode}${extra}`;
}

/** Whether a consumer still wants data (not closed by the harness, not ended). */
export function isLive(c: Consumer): boolean {
  return !c.closedByUs && !c.ended && !c.sub.closed;
}

/**
 * Subscribes one consumer of a random shape drawn from `rng`. An iterator consumer's loop is
 * pushed onto `iterators` (awaited when the lane finishes).
 */
export function openConsumer(
  client: UpbitClient,
  rng: Rng,
  id: number,
  iterators: Promise<void>[],
): Consumer {
  const type = rng.weighted<string>([
    [4, "ticker"],
    [3, "trade"],
    [4, "orderbook"],
    [1, "candle.1s"],
    [1, "candle.1m"],
  ]);
  const n = rng.range(1, 3);
  const codes = [...CODES].sort(() => rng.next() - 0.5).slice(0, n);
  const units = type === "orderbook" ? rng.pick([1, 5, 15, 30, 30]) : 30;
  const level = type === "orderbook" && rng.chance(0.2) ? 10000 : 0;
  const finalCodes = level === 0 ? codes : codes.filter((c) => c !== "KRW-XRP" && c !== "KRW-SOL");
  const stream = rng.weighted<Consumer["stream"]>([[6, "both"], [3, "realtime"], [
    1,
    "snapshot",
  ]]);
  const mode = rng.chance(0.5) ? "callback" : "iterator";
  const codesUsed = finalCodes.length > 0 ? finalCodes : ["KRW-BTC"];
  const holder: { c?: Consumer } = {};
  const onEvent = (e: UpbitEvent) => {
    if (holder.c) observe(holder.c, e);
  };
  const opts = {
    stream,
    onError: (error: unknown) => {
      if (holder.c && injectedRefusal(error)) holder.c.refused = true;
    },
  } as const;
  let sub: AnySubscription;
  const kind = type.startsWith("candle.") ? "candle" : type;
  if (mode === "callback") {
    sub = kind === "ticker"
      ? client.subscribeTicker(codesUsed, onEvent, opts)
      : kind === "trade"
      ? client.subscribeTrade(codesUsed, onEvent, opts)
      : kind === "orderbook"
      ? client.subscribeOrderbook(codesUsed, onEvent, {
        ...opts,
        units: units as 1 | 5 | 15 | 30,
        level,
      })
      : client.subscribeCandle(type === "candle.1s" ? "1s" : "1m", codesUsed, onEvent, opts);
  } else {
    sub = kind === "ticker"
      ? client.ticker(codesUsed, opts)
      : kind === "trade"
      ? client.trade(codesUsed, opts)
      : kind === "orderbook"
      ? client.orderbook(codesUsed, { ...opts, units: units as 1 | 5 | 15 | 30, level })
      : client.candle(type === "candle.1s" ? "1s" : "1m", codesUsed, opts);
  }
  const c: Consumer = {
    id,
    type,
    codes: codesUsed,
    units,
    level,
    stream,
    mode,
    sub,
    received: 0,
    realtime: 0,
    realtimeByCode: new Map(),
    closedByUs: false,
    afterClose: 0,
    ended: false,
    seen: new Set(),
    snapshots: new Map(),
    problems: [],
    refused: false,
    snapshotSeen: new Set(),
  };
  holder.c = c;
  if (mode === "iterator") {
    iterators.push((async () => {
      try {
        for await (const e of c.sub) onEvent(e);
        if (!c.closedByUs) c.ended = true;
      } catch (error) {
        c.ended = true;
        if (injectedRefusal(error)) c.refused = true;
        else {c.problems.push(
            `consumer ${c.id} (${describe(c)}): iterator threw ${String(error)}`,
          );}
      }
    })());
  }
  return c;
}
