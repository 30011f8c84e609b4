/**
 * `snapshot()`: one snapshot per code through a snapshot-only subscription, bounded by a timeout
 * and a signal. A connection that cannot be made at all (nothing listening, a name that does not
 * resolve, a runtime without `WebSocket`) ends it at the first failed attempt, naming the URL and
 * why; any other failure is retried until the timeout.
 *
 * @module
 */
import { checkNumber, quote, quoteCodes } from "../args.ts";
import { ConnectionClosedError, TimeoutError, UpbitError } from "../errors.ts";
import type { DataType, EventOf } from "../types.ts";
import { openFailureKind } from "../wire/open_failure.ts";
import { openSubscription, type StreamContext } from "./open.ts";
import type { SnapshotOptions } from "./options.ts";
import { snapshotTarget } from "./target.ts";
import type { Subscription } from "../deliver/subscription.ts";

/**
 * Takes one snapshot per code.
 *
 * @param context the client
 * @param type `ticker`, `trade`, `orderbook` or a `candle.*` type
 * @param codes market codes
 * @param options timeout, signal, orderbook depth and grouping
 * @returns one event per code, in the order of `codes`
 * @throws see `UpbitClient.snapshot`
 */
export async function takeSnapshot<T extends DataType>(
  context: StreamContext,
  type: T,
  codes: readonly string[],
  options: SnapshotOptions = {},
): Promise<EventOf<T>[]> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot take a snapshot as options must be an object: current value is ${quote(options)}`,
    );
  }
  const timeoutMs = checkNumber(options.timeoutMs ?? 5000, "timeoutMs", 1);
  const target = snapshotTarget(type, codes, options);
  const quoted = quoteCodes(target.codes);
  const got = new Map<string, EventOf<T>>();
  const clock = context.options.clock;
  let connectionError: UpbitError | undefined;
  const holder: { sub?: Subscription<EventOf<T>> } = {};
  const sub = openSubscription<EventOf<T>>(context, target, {
    stream: "snapshot",
    bufferSize: Math.max(target.codes.length, 1),
    ...(options.signal ? { signal: options.signal } : {}),
    onError: (error) => {
      if (!(error instanceof UpbitError) || error.code === "DECODE") return;
      connectionError = error;
      // Nothing listens at the URL, or its name does not resolve: retrying until the timeout
      // would only hide why. (A runtime without WebSocket fails the subscription by itself.)
      if (openFailureKind(error) === "network") {
        holder.sub?.fail(
          new ConnectionClosedError(
            `Cannot take a snapshot of ${quoted} as the connection failed: ${error.message}`,
            { cause: error },
          ),
        );
      }
    },
  });
  holder.sub = sub;
  const timer = clock.setTimeout(() => {
    const missing = target.codes.filter((c) => !got.has(c));
    const names = quoteCodes(missing);
    const state = context.endpoints.existing("public")?.connection.state;
    // Not Upbit being slow: the connection failed (and is still not open), so say so and why.
    sub.fail(
      connectionError !== undefined && state !== "open"
        ? new ConnectionClosedError(
          `Cannot take a snapshot of ${names} within ${timeoutMs} ms as the connection failed: ${connectionError.message}`,
          { cause: connectionError },
        )
        : new TimeoutError(`No snapshot within ${timeoutMs} ms for ${names}`, { codes: missing }),
    );
  }, timeoutMs);
  try {
    for await (const event of sub) got.set((event as { code: string }).code, event);
  } finally {
    clock.clearTimeout(timer);
    sub.close();
  }
  if (options.signal?.aborted) {
    throw abortReason(options.signal, `The snapshot of ${target.type} for ${quoted}`);
  }
  if (got.size < target.codes.length) {
    throw new ConnectionClosedError("Cannot take a snapshot as the client was closed");
  }
  return target.codes.map((c) => got.get(c)!);
}

/**
 * What an aborted operation rejects with: the signal's reason, as `fetch` does; the runtime's
 * default `AbortError` (which says only "aborted") becomes one that names the operation.
 */
function abortReason(signal: AbortSignal, what: string): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof DOMException && reason.name === "AbortError") {
    return new DOMException(`${what} was aborted`, "AbortError");
  }
  return reason;
}
