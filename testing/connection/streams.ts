/**
 * What a subscription request asks a connection to stream: one stream per (type, code[, level,
 * depth]) that the market has, with whether it wants a snapshot and realtime data; and the private
 * and announcement subscriptions it holds.
 *
 * @module
 */
import type { MarketSimulator } from "../market/simulator.ts";
import { splitDepth, type TypeRequest } from "./request.ts";

/** One stream of a connection. @internal */
export interface Stream {
  /** `type|code`, or `orderbook|code|level|units`. */
  key: string;
  /** The data type (`ticker`, `trade`, `orderbook`, `candle.<unit>`). */
  type: string;
  /** The market. */
  code: string;
  /** Orderbook depth (0: the default). */
  units: number;
  /** Orderbook grouping level (0 elsewhere). */
  level: number;
  /** Whether a snapshot is sent. */
  snapshot: boolean;
  /** Whether realtime data follows. */
  realtime: boolean;
}

/** A request's streams and private subscriptions. @internal */
export interface StreamPlan {
  /** Streams that get a snapshot (each key once), in request order; realtime ones go live after it. */
  snapshots: Stream[];
  /** Streams that go live at once (realtime only), in request order. */
  realtimeOnly: Stream[];
  /** `myOrder`: every code (`"all"`), some codes, or none. */
  myOrder: Set<string> | "all" | undefined;
  /** Whether `myAsset` is subscribed. */
  myAsset: boolean;
  /** The `announcement` subscription, if any. */
  announce: { categories: string[]; includeBody: boolean } | undefined;
}

/**
 * The streams of a request: codes the market does not have, and orderbook levels it does not
 * support, are left out (Upbit sends nothing for them). @internal
 *
 * @param types the request's type objects
 * @param market the markets
 * @returns the plan
 */
export function planStreams(types: TypeRequest[], market: MarketSimulator): StreamPlan {
  const plan: StreamPlan = {
    snapshots: [],
    realtimeOnly: [],
    myOrder: undefined,
    myAsset: false,
    announce: undefined,
  };
  const seen = new Set<string>();
  for (const t of types) {
    if (t.type === "myOrder") {
      const codes = t.codes ?? [];
      if (codes.length === 0 || plan.myOrder === "all") plan.myOrder = "all";
      else plan.myOrder = new Set([...(plan.myOrder ?? []), ...codes]);
      continue;
    }
    if (t.type === "myAsset") {
      plan.myAsset = true;
      continue;
    }
    if (t.type === "announcement") {
      plan.announce = { categories: t.categories, includeBody: t.includeBody };
      continue;
    }
    const snapshot = !t.onlyRealtime || t.onlySnapshot;
    const realtime = !t.onlySnapshot;
    for (const raw of t.codes ?? []) {
      const { code, units } = t.type === "orderbook" ? splitDepth(raw) : { code: raw, units: 0 };
      if (!market.has(code)) continue;
      const level = t.type === "orderbook" ? t.level : 0;
      if (t.type === "orderbook" && !market.supportedLevels(code).includes(level)) continue;
      const key = t.type === "orderbook"
        ? `orderbook|${code}|${level}|${units}`
        : `${t.type}|${code}`;
      const s: Stream = { key, type: t.type, code, units, level, snapshot, realtime };
      if (snapshot) {
        if (!seen.has(key)) plan.snapshots.push(s);
        seen.add(key);
      } else if (realtime) {
        plan.realtimeOnly.push(s);
      }
    }
  }
  return plan;
}
