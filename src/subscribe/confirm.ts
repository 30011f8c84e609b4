/**
 * When a subscription without a snapshot is live: a `LIST_SUBSCRIPTIONS` sent after its request
 * is answered only once Upbit applied what came before it on that connection. Upbit sends no
 * other acknowledgement.
 *
 * @module
 */
import { type Clock, delay } from "../clock.ts";
import type { Endpoint } from "../endpoint.ts";
import { UpbitError } from "../errors.ts";

/** How soon `confirm` asks again while the rate gate is shut (it opens within ~200 ms at 5/s). */
const CONFIRM_RETRY_MS = 100;

/** How long a confirmation waits for its answer before the request is taken as applied. */
const CONFIRM_TIMEOUT_MS = 5000;

/**
 * Resolves once a LIST_SUBSCRIPTIONS sent from now on was answered. While the rate gate is shut
 * (the subscribe request just took its slot) it is asked again every 100 ms; if the connection
 * is not open, or no answer comes within 5 s, it resolves anyway (then "live" means only "on the
 * wire": Upbit sends no acknowledgement). Never rejects.
 *
 * @param endpoint the endpoint whose connection carries the request
 * @param clock the client's clock
 * @returns when the request is taken as applied
 */
export function confirm(
  endpoint: Pick<Endpoint, "connection" | "confirming">,
  clock: Clock,
): Promise<void> {
  // One LIST_SUBSCRIPTIONS answers every consumer that became live in the same tick.
  let pending = endpoint.confirming;
  if (pending === undefined) {
    pending = Promise.resolve().then(async () => {
      endpoint.confirming = undefined;
      // An answer lost with its socket would leave `ready` pending forever: after 5 s the
      // request is taken as applied (it is on the wire; Upbit sends no acknowledgement).
      const abort = new AbortController();
      const timer = clock.setTimeout(() => abort.abort(), CONFIRM_TIMEOUT_MS);
      try {
        for (;;) {
          try {
            await endpoint.connection.listSubscriptions(abort.signal);
            return;
          } catch (error) {
            // Not open any more, or no answer: the request is on the wire. The gate shut: the
            // subscribe request took the slot; ask again once the gate has room.
            const shut = error instanceof UpbitError && error.code === "RATE_LIMITED";
            if (!shut || abort.signal.aborted) return;
            await delay(clock, CONFIRM_RETRY_MS, abort.signal).catch(() => {});
          }
        }
      } finally {
        clock.clearTimeout(timer);
      }
    });
    endpoint.confirming = pending;
  }
  return pending;
}
