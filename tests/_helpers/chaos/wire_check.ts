/**
 * The checks against the emulator's own view of a socket: the streams on the wire must equal what
 * the live consumers want (no missing, extra or duplicate stream, the deepest book asked), and a
 * request re-sent on a stable socket keeps its objects flagged `is_only_realtime` unless a
 * newcomer waits for a snapshot (§10.3).
 *
 * @module
 */
import type { ConnectionInfo } from "../../../testing/reports.ts";
import { type Consumer, isLive } from "./consumer.ts";

/** The key of a (type, level, code) stream, as both sides are compared. */
export function streamKey(type: string, level: number, code: string): string {
  return `${type}|${level}|${code}`;
}

/** Streams that must be on the wire with realtime: key → orderbook depth. */
export function expectedRealtime(consumers: Iterable<Consumer>): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of consumers) {
    if (!isLive(c) || c.stream === "snapshot") continue;
    for (const code of c.codes) {
      const key = streamKey(c.type, c.level, code);
      out.set(key, Math.max(out.get(key) ?? 0, c.units));
    }
  }
  return out;
}

/** One socket's subscription, as the emulator reports it. */
export interface ServerWire {
  /** Realtime streams: key → depth asked for (30 without a suffix) and the onlyRealtime flag. */
  realtime: Map<string, { units: number; onlyRealtime: boolean }>;
  /** Keys subscribed with is_only_snapshot. */
  snapshotOnly: Set<string>;
  /** Keys that appear twice (would deliver twice). */
  duplicates: string[];
}

/** Reads a connection's subscription into keys. */
export function serverWire(conn: ConnectionInfo): ServerWire {
  const wire: ServerWire = { realtime: new Map(), snapshotOnly: new Set(), duplicates: [] };
  for (const s of conn.subscriptions) {
    for (const raw of s.codes ?? []) {
      const [code = "", suffix] = raw.split(".");
      const key = streamKey(s.type, s.level, code);
      if (s.onlySnapshot) {
        if (wire.snapshotOnly.has(key)) wire.duplicates.push(key);
        wire.snapshotOnly.add(key);
        continue;
      }
      if (wire.realtime.has(key)) wire.duplicates.push(key);
      wire.realtime.set(key, {
        units: suffix === undefined ? 30 : Number(suffix),
        onlyRealtime: s.onlyRealtime,
      });
    }
  }
  for (const key of wire.snapshotOnly) if (wire.realtime.has(key)) wire.duplicates.push(key);
  return wire;
}

/** Why the server's set differs from the consumers' (empty when equal). */
export function wireDiff(expected: Map<string, number>, wire: ServerWire): string[] {
  const out: string[] = [];
  for (const [key, units] of expected) {
    const got = wire.realtime.get(key);
    if (got === undefined) out.push(`missing ${key}`);
    else if (got.units !== units) out.push(`${key} at ${got.units} units, want ${units}`);
  }
  for (const key of wire.realtime.keys()) if (!expected.has(key)) out.push(`extra ${key}`);
  for (const key of wire.duplicates) out.push(`duplicate ${key}`);
  return out;
}

/**
 * The onlyRealtime rule on a request re-sent after a change on a stable socket: one object per
 * (type, level), and an object goes without flags (so Upbit snapshots every code in it) only when
 * `fresh` (keys a newcomer waits a snapshot of) holds one of its codes. Returns the breach, or the
 * number of objects checked.
 */
export function checkFlags(
  subscriptions: ConnectionInfo["subscriptions"],
  fresh: ReadonlySet<string>,
): { breach: string } | { checked: number } {
  let checked = 0;
  const objects = new Set<string>();
  for (const s of subscriptions) {
    const object = `${s.type}|${s.level}`;
    if (objects.has(object)) return { breach: `two ${object} objects in one request` };
    objects.add(object);
    if (s.onlyRealtime || s.onlySnapshot) continue;
    const codes = (s.codes ?? []).map((raw) => streamKey(s.type, s.level, raw.split(".")[0]!));
    if (!codes.some((key) => fresh.has(key))) {
      return {
        breach:
          `${object} was re-sent without is_only_realtime after a change with no newcomer waiting for a snapshot of it`,
      };
    }
    checked++;
  }
  return { checked };
}
