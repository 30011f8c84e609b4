/**
 * Who wants what on the `/info` connection (`indicator` and `indicator_signal`): the consumers,
 * and the combinations they add up to — one per type, code, timeframe and indicator (with its
 * trigger), the union of every live consumer. The `/info` counterpart of `desired_set.ts`.
 *
 * Upbit replaces the whole set on every request and counts combinations (codes × indicators of
 * each type object, both types added together) up to 100 per connection: a consumer that would
 * take the set over is refused before anything is sent. The request is built in
 * `info_request.ts`; events reach consumers through `../deliver/info_router.ts`.
 *
 * @module
 */
import type { UpbitEvent } from "../types.ts";
import type { IndicatorTimeframe } from "../stream_types.ts";
import { MAX_COMBINATIONS } from "../protocol/indicators.ts";
import type { CanonicalIndicator } from "./indicator_key.ts";
import { Members } from "./consumer.ts";

/**
 * What one consumer of the `/info` connection wants, and where its events go; also the handle
 * `add` returns.
 *
 * @example
 * ```ts
 * import type { InfoConsumer } from "./info_desired_set.ts";
 * import { checkIndicators } from "../subscribe/indicator_checks.ts";
 * const consumer: InfoConsumer = {
 *   type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
 *   deliver: (event) => console.log(event),
 * };
 * ```
 */
export interface InfoConsumer {
  /** `indicator` or `indicator_signal`. */
  readonly type: "indicator" | "indicator_signal";
  /** KRW codes. */
  readonly codes: readonly string[];
  /** The timeframe. */
  readonly timeframe: IndicatorTimeframe;
  /** The checked indicators (or conditions). */
  readonly indicators: readonly CanonicalIndicator[];
  /** Receives each event meant for this consumer. */
  readonly deliver: (event: UpbitEvent) => void;
  /** Called when Upbit refused this consumer's part of the request (the consumer is done). */
  readonly fail?: (error: Error) => void;
  /** Called once, when a request carrying every combination of this consumer was sent. */
  readonly live?: () => void;
}

/**
 * One `/info` combination: a type, a code, a timeframe and an indicator (what `infoObjects` in
 * `info_request.ts` reads).
 *
 * @example
 * ```ts
 * import type { InfoCombination } from "./info_desired_set.ts";
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
 * A combination in the desired set and the consumers that want it.
 *
 * @example
 * ```ts
 * import type { WantedCombination } from "./info_desired_set.ts";
 * const count = (c: WantedCombination) => c.consumers.length;
 * ```
 */
export interface WantedCombination extends InfoCombination {
  /** Copied on every change, so a delivery that closes a consumer cannot upset a loop over it. */
  consumers: readonly InfoConsumer[];
}

/**
 * The key of a combination in {@linkcode InfoDesiredSet.combinations}.
 *
 * @param type `indicator` or `indicator_signal`
 * @param code the KRW code
 * @param timeframe the timeframe
 * @param indicator the indicator's key (`indicatorKey` in `indicator_key.ts`)
 * @returns the key
 *
 * @example
 * ```ts
 * import { combinationKey } from "./info_desired_set.ts";
 * combinationKey("indicator", "KRW-BTC", "5m", 'rsi|{"period":14}');
 * ```
 */
export function combinationKey(
  type: string,
  code: string,
  timeframe: string,
  indicator: string,
): string {
  return `${type}|${code}|${timeframe}|${indicator}`;
}

/**
 * The desired set of the `/info` connection: consumers and the combinations they want.
 *
 * @example
 * ```ts
 * import { InfoDesiredSet } from "./info_desired_set.ts";
 * import { checkIndicators } from "../subscribe/indicator_checks.ts";
 * const set = new InfoDesiredSet();
 * const consumer = set.add({
 *   type: "indicator", codes: ["KRW-BTC", "KRW-ETH"], timeframe: "5m",
 *   indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
 *   deliver: (event) => console.log(event),
 * });
 * console.log(set.streamCount); // 2
 * set.remove(consumer);
 * ```
 */
export class InfoDesiredSet {
  /** {@linkcode combinationKey} → the combination; read by the request and the router. */
  readonly combinations: ReadonlyMap<string, WantedCombination> = new Map();
  /** Every consumer, and those not live yet. */
  readonly members: Members<InfoConsumer> = new Members();

  /** The number of combinations wanted on the wire. */
  get streamCount(): number {
    return this.combinations.size;
  }

  /**
   * How many combinations the set would hold with this consumer added.
   *
   * @param consumer the would-be consumer
   * @returns the total
   */
  countWith(consumer: Omit<InfoConsumer, "deliver">): number {
    let added = 0;
    for (const key of keysOf(consumer)) if (!this.combinations.has(key)) added++;
    return this.combinations.size + added;
  }

  /**
   * Adds a consumer.
   *
   * @param consumer what it wants and where its events go
   * @returns the same consumer, as the handle for {@linkcode InfoDesiredSet.remove}
   * @throws {RangeError} when the set would exceed Upbit's 100 combinations per connection
   */
  add(consumer: InfoConsumer): InfoConsumer {
    const total = this.countWith(consumer);
    if (total > MAX_COMBINATIONS) {
      throw new RangeError(
        `Cannot subscribe to ${consumer.type} as the /info connection would carry ${total} combinations (codes × indicators, indicator and indicator_signal together), ${
          total - MAX_COMBINATIONS
        } over Upbit's limit of ${MAX_COMBINATIONS}: current value is ${consumer.codes.length} codes × ${consumer.indicators.length} indicators`,
      );
    }
    this.members.add(consumer);
    const { type, timeframe } = consumer;
    const combinations = this.#combinations;
    for (const code of consumer.codes) {
      for (const indicator of consumer.indicators) {
        const key = combinationKey(type, code, timeframe, indicator.key);
        let combination = combinations.get(key);
        if (!combination) {
          combination = { type, code, timeframe, indicator, consumers: [] };
          combinations.set(key, combination);
        }
        combination.consumers = [...combination.consumers, consumer];
      }
    }
    return consumer;
  }

  /**
   * Removes a consumer; idempotent. A combination left without consumers leaves the set at once.
   *
   * @param consumer what {@linkcode InfoDesiredSet.add} returned
   */
  remove(consumer: InfoConsumer): void {
    if (!this.members.delete(consumer)) return;
    for (const key of keysOf(consumer)) {
      const combination = this.#combinations.get(key);
      if (!combination) continue;
      combination.consumers = combination.consumers.filter((c) => c !== consumer);
      if (combination.consumers.length === 0) this.#combinations.delete(key);
    }
  }

  /**
   * The combinations wanted by a consumer `include` lets through.
   *
   * @param include the consumers a request may carry (all when absent)
   * @returns the combinations, in the order added
   */
  *carried(include?: (consumer: InfoConsumer) => boolean): IterableIterator<WantedCombination> {
    for (const c of this.combinations.values()) {
      if (include === undefined || c.consumers.some(include)) yield c;
    }
  }

  /**
   * Marks live every waiting consumer `include` lets through; the registry calls it once what
   * flows on the wire is the desired set for them.
   *
   * @param include the consumers now on the wire (all when absent)
   */
  settle(include?: (consumer: InfoConsumer) => boolean): void {
    for (const consumer of this.members.waiting) {
      if (include === undefined || include(consumer)) this.members.markLive(consumer);
    }
  }

  get #combinations(): Map<string, WantedCombination> {
    return this.combinations as Map<string, WantedCombination>;
  }
}

function keysOf(consumer: Omit<InfoConsumer, "deliver">): string[] {
  const keys: string[] = [];
  for (const code of consumer.codes) {
    for (const indicator of consumer.indicators) {
      keys.push(combinationKey(consumer.type, code, consumer.timeframe, indicator.key));
    }
  }
  return keys;
}
