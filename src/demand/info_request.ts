/**
 * The type objects of an `/info` request (`indicator`, `indicator_signal`); the request around
 * them is built by `requestText` in `request.ts`.
 *
 * @module
 */
import type { CanonicalIndicator } from "./indicator_key.ts";

/**
 * One `/info` combination as {@linkcode infoObjects} reads it.
 *
 * @example
 * ```ts
 * import type { InfoCombination } from "./info_request.ts";
 * const show = (c: InfoCombination) => `${c.type} ${c.code} ${c.timeframe} ${c.indicator.key}`;
 * ```
 */
export interface InfoCombination {
  /** `indicator` or `indicator_signal`. */
  readonly type: string;
  /** The KRW code. */
  readonly code: string;
  /** The timeframe. */
  readonly timeframe: string;
  /** The checked indicator (or condition). */
  readonly indicator: CanonicalIndicator;
}

/**
 * The type objects of an `/info` request, each as JSON: per type and timeframe, codes that want
 * the same indicators share one object, so the request never multiplies codes by indicators no
 * consumer asked for (Upbit counts codes × indicators of each object, up to 100). Deterministic
 * (sorted), so an unchanged set gives the same list.
 *
 * @param combinations the combinations to put on the wire
 * @returns the objects, for `requestText` (`request.ts`); empty when nothing is wanted
 *
 * @example
 * ```ts
 * import { infoObjects } from "./info_request.ts";
 * infoObjects([]); // []
 * ```
 */
export function infoObjects(combinations: Iterable<InfoCombination>): string[] {
  const groups = new Map<string, Map<string, Map<string, CanonicalIndicator>>>();
  for (const s of combinations) {
    const group = `${s.type}|${s.timeframe}`;
    let byCode = groups.get(group);
    if (!byCode) groups.set(group, byCode = new Map());
    let set = byCode.get(s.code);
    if (!set) byCode.set(s.code, set = new Map());
    set.set(s.indicator.key, s.indicator);
  }
  const objects: string[] = [];
  for (const group of [...groups.keys()].sort()) {
    const [type, timeframe] = group.split("|") as [string, string];
    const bySet = new Map<string, { codes: string[]; indicators: CanonicalIndicator[] }>();
    for (const [code, set] of groups.get(group)!) {
      const keys = [...set.keys()].sort();
      const signature = keys.join("\n");
      let entry = bySet.get(signature);
      if (!entry) {
        bySet.set(signature, entry = { codes: [], indicators: keys.map((k) => set.get(k)!) });
      }
      entry.codes.push(code);
    }
    for (const signature of [...bySet.keys()].sort()) {
      const { codes, indicators } = bySet.get(signature)!;
      objects.push(JSON.stringify({
        type,
        codes: codes.sort(),
        timeframe,
        indicators: indicators.map((i) => i.wire),
      }));
    }
  }
  return objects;
}
