/**
 * Routing a decoded event of the `/info` connection (`indicator`, `indicator_signal`) to the
 * consumers of its combination. The `/info` counterpart of `router.ts`: no snapshots, no levels;
 * an event's combination is found by the key Upbit's echo of its params gives
 * (`eventKey` in `../demand/indicator_key.ts`, the same key the request was made with).
 *
 * @module
 */
import type { UpbitEvent } from "../types.ts";
import { eventKey } from "../demand/indicator_key.ts";
import { combinationKey, type InfoDesiredSet } from "../demand/info_desired_set.ts";

/**
 * Hands decoded events to the consumers of an {@linkcode InfoDesiredSet}.
 *
 * @example
 * ```ts
 * import { InfoDesiredSet } from "../demand/info_desired_set.ts";
 * import { InfoRouter } from "./info_router.ts";
 * import { checkIndicators } from "../subscribe/indicator_checks.ts";
 * const set = new InfoDesiredSet();
 * set.add({ type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: checkIndicators([{ type: "rsi", params: { period: 14 } }], false),
 *   deliver: (e) => console.log(e.type) });
 * const router = new InfoRouter(set);
 * router.route({ type: "trade", code: "KRW-BTC" } as never); // false: not an /info event
 * ```
 */
export class InfoRouter {
  readonly #set: InfoDesiredSet;

  /**
   * Routes to the consumers of `set`.
   *
   * @param set the consumers and their combinations
   */
  constructor(set: InfoDesiredSet) {
    this.#set = set;
  }

  /**
   * Hands a decoded event to the consumers of its exact combination (type, code, timeframe,
   * indicator with its params, and for a signal its trigger and condition params).
   *
   * @param event the decoded event
   * @returns whether a combination matched
   */
  route(event: UpbitEvent): boolean {
    if (event.type !== "indicator" && event.type !== "indicator_signal") return false;
    const key = event.type === "indicator"
      ? eventKey(event.indicator, event.params)
      : eventKey(event.indicator, event.params, event.trigger, event.eventParams);
    if (key === undefined) return false;
    const combination = this.#set.combinations.get(
      combinationKey(event.type, event.code, event.timeframe, key),
    );
    if (combination === undefined) return false;
    const list = combination.consumers;
    for (let i = 0; i < list.length; i++) list[i]!.deliver(event);
    return true;
  }
}
