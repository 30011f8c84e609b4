/**
 * The reconnect loop of one connection, one `async` function driven by an `AbortSignal`:
 * `while (wanted) { wait for a connect slot → open → serve the session until it ends → back off }`.
 *
 * - Backoff: full-jitter exponential (`backoff.ts`) between failed attempts; a connection that
 *   stayed up `minUptimeMs` (the stability gate) resets the attempt counter, one that drops
 *   sooner does not.
 * - Rate limits (429/418 upgrades, `TOO_MANY_REQUEST` frames) and upgrades refused without a
 *   visible status (Node's `WebSocket` hides 429 and 401 so) wait at least half the cap plus a
 *   jittered share of it, and never count towards giving up.
 * - Authentication refusals with no data in between count towards `maxRefusals`, after which the
 *   loop stops with the refusal; a request refused for its content pauses briefly and reconnects.
 * - `NOT_SUPPORTED` (no WebSocket, no way to send a header, a missing permission) stops at once.
 *
 * @module
 */
import { backoff } from "./backoff.ts";
import { delay } from "../clock.ts";
import {
  AuthenticationError,
  ConnectionClosedError,
  RateLimitedError,
  UpbitError,
} from "../errors.ts";
import type { ConnectionConfig, ConnectionHooks, LiveState } from "./connection_types.ts";
import { openFailureKind } from "./open_failure.ts";
import { Session, type SessionContext, type SessionEnd } from "./session.ts";
import { openSocket } from "./transport.ts";

/**
 * The pause before reconnecting after a refusal (times 1–2, jittered): at most 4 connects per
 * second while a refused consumer is searched, under Upbit's 5 per second.
 */
const REFUSAL_PAUSE_MS = 250;

/**
 * What the loop needs of its connection.
 *
 * @example
 * ```ts
 * import type { ReconnectContext } from "./reconnect.ts";
 * ```
 */
export interface ReconnectContext {
  /** The connection's tuning (URL, headers, backoff, limits of attempts and refusals). */
  readonly config: ConnectionConfig;
  /** Where the loop reports failed attempts and closes. */
  readonly hooks: ConnectionHooks;
  /** The connection's live state: the loop writes `state` and `reconnects`. */
  readonly live: LiveState;
  /** What every session of this connection shares with it. */
  readonly session: SessionContext;
  /** The loop gives up with this error: mark the connection failed and tell the consumers. */
  failed(error: UpbitError): void;
}

/**
 * Runs the reconnect loop until `signal` is aborted or it gives up (then `context.failed` was
 * called). Never rejects for what it expects: open failures, closes and refusals are handled.
 *
 * @param signal aborting it ends the loop and the open session
 * @param context the connection's side
 * @returns when the loop is over
 *
 * @example
 * ```ts
 * import { runReconnectLoop, type ReconnectContext } from "./reconnect.ts";
 * declare const context: ReconnectContext;
 * const loop = new AbortController();
 * const running = runReconnectLoop(loop.signal, context);
 * loop.abort();
 * await running;
 * ```
 */
export async function runReconnectLoop(
  signal: AbortSignal,
  context: ReconnectContext,
): Promise<void> {
  const { config, hooks, live } = context;
  let attempt = 0;
  let refusals = 0;
  let opened = false;
  while (!signal.aborted) {
    live.state = "connecting";
    // Listeners go on inside onOpen, synchronously at open: on Deno a frame (or an error frame
    // and its close) sent right at open is lost to a listener added one microtask later.
    let served: Promise<SessionEnd> | undefined;
    const reconnect = opened;
    try {
      const headers = config.headers ? await config.headers() : undefined;
      signal.throwIfAborted();
      // Upbit allows 5 upgrades per second (per IP, or per account with a key): every attempt
      // of every connection of this client to this host waits for its turn, whatever the
      // backoff. The slot is taken right before the socket is made (nothing awaited between).
      if (!(await connectSlot(config, signal))) return;
      await openSocket(config.url, {
        ...(config.WebSocket ? { WebSocket: config.WebSocket } : {}),
        ...(config.compression === undefined ? {} : { compression: config.compression }),
        ...(headers ? { headers } : {}),
        signal,
        timeoutMs: config.connectTimeoutMs,
        onOpen: (socket) => {
          if (reconnect) live.reconnects++;
          served = new Session(socket, signal, reconnect, context.session).ended;
        },
      });
    } catch (error) {
      if (signal.aborted) return;
      const failure = asUpbitError(error, `Cannot connect to "${safeUrl(config.url)}"`);
      if (failure.code === "NOT_SUPPORTED") {
        // No WebSocket, no way to send the header, a missing permission: retrying cannot
        // help, so every consumer hears it now instead of after the reconnect budget.
        context.failed(failure);
        return;
      }
      hooks.error(failure);
      if (failure instanceof AuthenticationError) refusals++;
      // A rate limit is waited out, never counted towards giving up.
      if (failure.code !== "RATE_LIMITED") attempt++;
      // An upgrade that ended before open without a reason (Node's built-in WebSocket hides 429
      // and 401 this way) waits like a rate limit, not 10–150 ms.
      const refused = openFailureKind(failure) === "refused";
      if (!(await backOff(context, signal, { attempt, cause: failure, refusals }, refused))) {
        return;
      }
      continue;
    }
    const ended = await served!;
    opened = true;
    if (signal.aborted) return;
    hooks.close({ code: ended.code, reason: ended.reason });
    // The stability gate: only a socket that stayed up resets the backoff.
    if (ended.uptime >= config.minUptimeMs) attempt = 0;
    if (ended.refused) {
      // Upbit refused part of the request and the consumers concerned failed; the rest come
      // back at once, paced under Upbit's connect limit (5 per second).
      live.state = "backoff";
      try {
        await delay(config.clock, Math.round(REFUSAL_PAUSE_MS * (1 + config.random())), signal);
      } catch {
        return;
      }
      continue;
    }
    const refused = ended.error instanceof AuthenticationError;
    if (refused && !ended.gotData) refusals++;
    else if (ended.gotData) refusals = 0;
    // A rate limit is waited out (jittered, see backOff), never counted towards giving up.
    if (ended.error?.code !== "RATE_LIMITED") attempt++;
    if (!(await backOff(context, signal, { attempt, cause: ended.error, refusals }))) return;
  }
}

/** Waits for a connect slot of the host (see `connectGate`); false when aborted. */
async function connectSlot(config: ConnectionConfig, signal: AbortSignal): Promise<boolean> {
  const { clock, connectGate } = config;
  for (;;) {
    if (signal.aborted) return false;
    const wait = connectGate.waitMs(clock.now());
    if (wait <= 0) {
      connectGate.record(clock.now());
      return true;
    }
    try {
      await delay(clock, wait, signal);
    } catch {
      return false;
    }
  }
}

/** Where the loop stands when it backs off. */
interface Failures {
  /** Failed attempts since the last stable connection (1-based once one failed). */
  attempt: number;
  /** What ended the last attempt. */
  cause: UpbitError | undefined;
  /** Authentication refusals in a row with no data between. */
  refusals: number;
}

/**
 * Waits before the next attempt; false when the loop must stop. `likeRateLimit`: an upgrade
 * refused without a visible status waits as a rate-limit refusal does.
 */
async function backOff(
  context: ReconnectContext,
  signal: AbortSignal,
  { attempt, cause, refusals }: Failures,
  likeRateLimit = false,
): Promise<boolean> {
  const config = context.config;
  if (attempt > config.maxAttempts || refusals >= config.maxRefusals) {
    const error = refusals >= config.maxRefusals && cause !== undefined ? cause : new UpbitError(
      "RECONNECT_EXHAUSTED",
      `Cannot reconnect as all ${config.maxAttempts} attempts failed`,
      { cause },
    );
    context.failed(error);
    return false;
  }
  context.live.state = "backoff";
  // A rate-limit refusal (429/418, "Too Many Requests") waits longer than the curve: at least
  // what the server asked (else half the cap), plus a uniform share of the cap, so clients
  // refused together do not come back together and trip the connect limit again.
  const ms = cause?.code === "RATE_LIMITED" || likeRateLimit
    ? Math.round(
      Math.max(
        cause instanceof RateLimitedError ? cause.retryAfterMs ?? 0 : 0,
        config.backoff.maxDelayMs / 2,
      ) + config.random() * config.backoff.maxDelayMs,
    )
    : backoff(attempt, config.backoff, config.random);
  try {
    await delay(config.clock, ms, signal);
    return true;
  } catch {
    return false;
  }
}

/** A URL for messages: no credentials, no query (which could carry a token). */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "the endpoint";
  }
}

function asUpbitError(error: unknown, message: string): UpbitError {
  return error instanceof UpbitError ? error : new ConnectionClosedError(message, { cause: error });
}
