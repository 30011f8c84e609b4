/**
 * `listSubscriptions()`: asks Upbit which streams a connection carries (`LIST_SUBSCRIPTIONS`),
 * waiting for the connection to open first.
 *
 * @module
 */
import { ConnectionClosedError, TimeoutError } from "../errors.ts";
import type { ListedSubscription } from "../decode/decode.ts";
import type { ConnectionName } from "../wire/connection.ts";
import type { StreamContext } from "./open.ts";

/** How long `listSubscriptions()` waits for the open and the answer when no signal is given. */
export const LIST_TIMEOUT_MS = 5000;

/**
 * Lists what one connection carries, once it is open.
 *
 * @param context the client (its endpoints and clock)
 * @param which `public`, `private` or `info`
 * @param signal bounds the wait (open and answer); without one, {@linkcode LIST_TIMEOUT_MS}
 * @returns the server's list
 * @throws {ConnectionClosedError} when no subscription needs that connection, or the client
 *   closed while waiting
 * @throws {TimeoutError} when no answer came within the default bound
 * @throws the error that made the connection give up, or `signal.reason` on abort
 */
export async function listSubscriptions(
  context: Pick<StreamContext, "endpoints" | "options">,
  which: ConnectionName,
  signal: AbortSignal | undefined,
): Promise<ListedSubscription[]> {
  const endpoint = context.endpoints.existing(which);
  if (!endpoint) {
    throw new ConnectionClosedError(`Cannot list subscriptions as no ${which} connection exists`);
  }
  let bound = signal;
  let cancel: (() => void) | undefined;
  if (bound === undefined) {
    const timeout = new AbortController();
    const clock = context.options.clock;
    const timer = clock.setTimeout(
      () =>
        timeout.abort(
          new TimeoutError(
            `Cannot list subscriptions as the ${which} connection gave no answer within ${LIST_TIMEOUT_MS} ms`,
          ),
        ),
      LIST_TIMEOUT_MS,
    );
    cancel = () => clock.clearTimeout(timer);
    bound = timeout.signal;
  }
  try {
    await endpoint.whenOpen(bound);
    return await endpoint.connection.listSubscriptions(bound);
  } finally {
    cancel?.();
  }
}
