/**
 * The error hierarchy of upbit-ws. Misuse (a bad argument or option) throws the built-in
 * `TypeError` or `RangeError`; every failure that comes from the network or from Upbit is an
 * {@linkcode UpbitError} with a stable {@linkcode UpbitErrorCode}. Messages never carry keys,
 * tokens or raw frames.
 *
 * Longer than 250 lines because it is one concept, the hierarchy read as a whole (what a caller
 * can catch): nine small classes, each with its documentation and example.
 *
 * @module
 */
import { classifyServerError } from "./protocol/server_errors.ts";

/**
 * The stable codes of {@linkcode UpbitError}; switch on these, not on messages.
 *
 * @example
 * ```ts
 * import { UpbitError } from "upbit-ws";
 * function retryable(e: unknown): boolean {
 *   return e instanceof UpbitError && (e.code === "CONNECTION_CLOSED" || e.code === "TIMEOUT");
 * }
 * ```
 */
export type UpbitErrorCode =
  | "SERVER_ERROR"
  | "AUTHENTICATION"
  | "CONNECTION_CLOSED"
  | "RECONNECT_EXHAUSTED"
  | "DECODE"
  | "TIMEOUT"
  | "OVERFLOW"
  | "NOT_SUPPORTED"
  | "RATE_LIMITED"
  | "CALLBACK_FAILED";

/**
 * The base class of every error that upbit-ws raises for a failure outside the caller's control.
 *
 * @example Catch any client failure
 * ```ts
 * import { UpbitClient, UpbitError } from "upbit-ws";
 * await using client = new UpbitClient();
 * try {
 *   await client.snapshot("ticker", ["KRW-BTC"], { timeoutMs: 2000 });
 * } catch (e) {
 *   if (e instanceof UpbitError) console.error(e.code, e.message);
 * }
 * ```
 */
export class UpbitError extends Error {
  /** A stable, machine-readable code. */
  readonly code: UpbitErrorCode;
  /**
   * Creates the instance.
   *
   * @param code the stable code
   * @param message a human-readable message without secrets
   * @param options the standard `cause`
   */
  constructor(code: UpbitErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UpbitError";
    this.code = code;
  }
}

/**
 * Upbit answered with an error frame (`{"error":{"name","message"}}`), such as `WRONG_FORMAT` or
 * `INVALID_PARAM`. Upbit closes the connection right after it. `code` is `"RATE_LIMITED"` for the
 * rate-limit names (`TOO_MANY_REQUEST`, `Too Many Requests`, `I'm a teapot`), else
 * `"SERVER_ERROR"`. A subscription whose request Upbit refused fails with this error; the
 * other subscriptions of the client carry on.
 *
 * @example
 * ```ts
 * import { ServerError } from "upbit-ws";
 * const e = new ServerError("NO_CODES", "codes 필드가 존재하지 않습니다.");
 * console.log(e.serverName); // "NO_CODES"
 * ```
 */
export class ServerError extends UpbitError {
  /** Upbit's `error.name`, e.g. `"INVALID_PARAM"`. */
  readonly serverName: string;
  /** Upbit's `error.message`, as sent. */
  readonly serverMessage: string;
  /**
   * Creates the instance.
   *
   * @param serverName Upbit's `error.name`
   * @param serverMessage Upbit's `error.message`
   * @param options the standard `cause`
   */
  constructor(serverName: string, serverMessage: string, options?: ErrorOptions) {
    super(
      classifyServerError(serverName) === "rate-limit" ? "RATE_LIMITED" : "SERVER_ERROR",
      `Upbit refused the request: ${serverName} "${serverMessage}"`,
      options,
    );
    this.name = "ServerError";
    this.serverName = serverName;
    this.serverMessage = serverMessage;
  }
}

/**
 * Credentials are missing, or Upbit refused them (`INVALID_AUTH`, or 401/403 on the upgrade).
 *
 * @example
 * ```ts
 * import { AuthenticationError } from "upbit-ws";
 * const e = new AuthenticationError("Cannot open a private stream as no access key is set");
 * console.log(e.code); // "AUTHENTICATION"
 * ```
 */
export class AuthenticationError extends UpbitError {
  /**
   * Creates the instance.
   *
   * @param message what failed, without secrets
   * @param options the standard `cause`
   */
  constructor(message: string, options?: ErrorOptions) {
    super("AUTHENTICATION", message, options);
    this.name = "AuthenticationError";
  }
}

/**
 * The connection closed, or could not be opened, or the client was closed while waiting.
 *
 * @example
 * ```ts
 * import { ConnectionClosedError } from "upbit-ws";
 * const e = new ConnectionClosedError("Connection closed with code 1006", { closeCode: 1006 });
 * console.log(e.closeCode); // 1006
 * ```
 */
export class ConnectionClosedError extends UpbitError {
  /** The WebSocket close code, when there was one. */
  readonly closeCode: number | undefined;
  /**
   * Creates the instance.
   *
   * @param message what happened
   * @param options the close code and the standard `cause`
   */
  constructor(message: string, options?: ErrorOptions & { closeCode?: number }) {
    super("CONNECTION_CLOSED", message, options);
    this.name = "ConnectionClosedError";
    this.closeCode = options?.closeCode;
  }
}

/**
 * A frame could not be decoded, or broke the documented shape. The connection carries on; this
 * error only reports it. With `delivered: false` the frame (or list item) could not be the event
 * at all and was dropped; with `delivered: true` the `validate` check found a field outside
 * Upbit's documented shape (a value outside a documented set, a number that is not finite, …),
 * reported once per type and key style, and the event was delivered all the same.
 *
 * @example
 * ```ts
 * import { DecodeError } from "upbit-ws";
 * const e = new DecodeError("Cannot decode a frame as it is not JSON", { frameType: "ticker" });
 * console.log(e.frameType, e.delivered); // "ticker" false
 * ```
 */
export class DecodeError extends UpbitError {
  /** The `type` of the frame when it could be read. */
  readonly frameType: string | undefined;
  /** Whether the event was delivered despite this report (a `validate` finding). */
  readonly delivered: boolean;
  /**
   * Creates the instance.
   *
   * @param message what was wrong (never the raw frame)
   * @param options the frame's type, whether the event was delivered anyway (default `false`)
   *   and the standard `cause`
   */
  constructor(
    message: string,
    options?: ErrorOptions & { frameType?: string | undefined; delivered?: boolean },
  ) {
    super("DECODE", message, options);
    this.name = "DecodeError";
    this.frameType = options?.frameType;
    this.delivered = options?.delivered ?? false;
  }
}

/**
 * Something did not answer in time, e.g. codes that sent no snapshot within `timeoutMs`.
 *
 * @example
 * ```ts
 * import { TimeoutError } from "upbit-ws";
 * const e = new TimeoutError("No snapshot within 5000 ms for \"KRW-NOPE\"", { codes: ["KRW-NOPE"] });
 * console.log(e.codes); // ["KRW-NOPE"]
 * ```
 */
export class TimeoutError extends UpbitError {
  /** The codes that never answered, when the timeout concerns codes. */
  readonly codes: readonly string[];
  /**
   * Creates the instance.
   *
   * @param message what timed out
   * @param options the codes concerned and the standard `cause`
   */
  constructor(message: string, options?: ErrorOptions & { codes?: readonly string[] }) {
    super("TIMEOUT", message, options);
    this.name = "TimeoutError";
    this.codes = options?.codes ?? [];
  }
}

/**
 * A subscription's buffer was full and its overflow policy is `"error"`.
 *
 * @example
 * ```ts
 * import { OverflowError } from "upbit-ws";
 * const e = new OverflowError("Cannot buffer more events as the limit is 1024");
 * console.log(e.code); // "OVERFLOW"
 * ```
 */
export class OverflowError extends UpbitError {
  /**
   * Creates the instance.
   *
   * @param message what overflowed
   * @param options the standard `cause`
   */
  constructor(message: string, options?: ErrorOptions) {
    super("OVERFLOW", message, options);
    this.name = "OverflowError";
  }
}

/**
 * The runtime lacks an API the client needs (no `WebSocket`, no WebCrypto, no way to send a
 * header for private streams).
 *
 * @example
 * ```ts
 * import { NotSupportedError } from "upbit-ws";
 * const e = new NotSupportedError("Cannot open a WebSocket as globalThis.WebSocket is missing");
 * console.log(e.code); // "NOT_SUPPORTED"
 * ```
 */
export class NotSupportedError extends UpbitError {
  /**
   * Creates the instance.
   *
   * @param message the missing API
   * @param options the standard `cause`
   */
  constructor(message: string, options?: ErrorOptions) {
    super("NOT_SUPPORTED", message, options);
    this.name = "NotSupportedError";
  }
}

/**
 * The server refused a connection because of its rate limits (HTTP 429 or 418 on the upgrade).
 * `retryAfterMs` is set when the answer carried a `Retry-After` header.
 *
 * @example Back off for as long as the server asked
 * ```ts
 * import { RateLimitedError } from "upbit-ws";
 * const e = new RateLimitedError("Cannot open a WebSocket as the server answered 429", {
 *   retryAfterMs: 3000,
 * });
 * console.log(e.code, e.retryAfterMs); // "RATE_LIMITED" 3000
 * ```
 */
export class RateLimitedError extends UpbitError {
  /** How long the server asked to wait, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;
  /**
   * Creates the instance.
   *
   * @param message what was refused
   * @param options the wait the server asked for and the standard `cause`
   */
  constructor(message: string, options?: ErrorOptions & { retryAfterMs?: number }) {
    super("RATE_LIMITED", message, options);
    this.name = "RateLimitedError";
    this.retryAfterMs = options?.retryAfterMs;
  }
}
