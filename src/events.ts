/**
 * Lifecycle events of {@linkcode UpbitClient}: `open`, `close`, `reconnect` and `error`.
 *
 * @module
 */
import type { UpbitError } from "./errors.ts";
import type { ConnectionName } from "./wire/connection.ts";

/**
 * A connection opened, reopened or closed.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * client.addEventListener("reconnect", (e) => console.log(e.connection, "is back"));
 * client.addEventListener("close", (e) => console.log(e.connection, "closed", e.code));
 * ```
 */
export class ConnectionEvent extends Event {
  /** Which connection: public market data, private account data, or `info` (indicators). */
  readonly connection: ConnectionName;
  /** The close code (`close` only; 0 otherwise). */
  readonly code: number;
  /** The close reason (`close` only). */
  readonly reason: string;
  /**
   * Creates the instance.
   *
   * @param type `open`, `reconnect` or `close`
   * @param init which connection, and the close code and reason
   */
  constructor(
    type: "open" | "reconnect" | "close",
    init: { connection: ConnectionName; code?: number; reason?: string },
  ) {
    super(type);
    this.connection = init.connection;
    this.code = init.code ?? 0;
    this.reason = init.reason ?? "";
  }
}

/**
 * Something went wrong that the client survived (or, for `RECONNECT_EXHAUSTED` and
 * `AUTHENTICATION`, gave up on): a bad frame, a server error frame, a failed connect, a stall,
 * a callback that threw.
 *
 * @example
 * ```ts
 * import { UpbitClient } from "upbit-ws";
 * await using client = new UpbitClient();
 * client.addEventListener("error", (e) => console.error(e.error.code, e.error.message));
 * ```
 */
export class UpbitErrorEvent extends Event {
  /** The error, with a stable `code`. */
  readonly error: UpbitError;
  /** Which connection it concerns, when it concerns one. */
  readonly connection: ConnectionName | undefined;
  /**
   * Creates the instance.
   *
   * @param error the error
   * @param connection the connection it concerns
   */
  constructor(error: UpbitError, connection?: ConnectionName) {
    super("error");
    this.error = error;
    this.connection = connection;
  }
}

/**
 * The event map of {@linkcode UpbitClient}, for typed `addEventListener`.
 *
 * @example
 * ```ts
 * import type { UpbitClientEventMap } from "upbit-ws";
 * type OnError = (e: UpbitClientEventMap["error"]) => void;
 * ```
 */
export interface UpbitClientEventMap {
  /** A connection opened for the first time. */
  open: ConnectionEvent;
  /** A connection reopened after a loss. */
  reconnect: ConnectionEvent;
  /** A connection closed. */
  close: ConnectionEvent;
  /** Something failed; see `error.code`. */
  error: UpbitErrorEvent;
}

/**
 * A listener for {@linkcode UpbitClient.addEventListener}'s untyped form: a function or an object
 * with `handleEvent`. The same shape as the DOM's `EventListenerOrEventListenerObject`, declared
 * here so that the package's types compile in a Node project without the DOM library.
 *
 * @example
 * ```ts
 * import type { Listener } from "upbit-ws";
 * const log: Listener = (e) => console.log(e.type);
 * ```
 */
export type Listener = ((event: Event) => void) | { handleEvent(event: Event): void };

/**
 * The options of {@linkcode UpbitClient.addEventListener}: the DOM's `AddEventListenerOptions`,
 * declared here so that the package's types need no DOM library.
 *
 * @example
 * ```ts
 * import type { ListenerOptions } from "upbit-ws";
 * const once: ListenerOptions = { once: true };
 * ```
 */
export interface ListenerOptions {
  /** Listen in the capture phase (no effect on an `EventTarget` without a tree). */
  capture?: boolean;
  /** Remove the listener after its first call. */
  once?: boolean;
  /** Promise not to call `preventDefault()`. */
  passive?: boolean;
  /** Aborting it removes the listener. */
  signal?: AbortSignal;
}
