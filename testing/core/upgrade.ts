/**
 * What an adapter asks the core when a socket wants to upgrade, what it gets back (a ticket to
 * accept the socket with, or the HTTP refusal to write), and the body of a refusal.
 *
 * @module
 */
import { ERROR_MESSAGES, ERROR_MESSAGES_EN } from "../protocol/server_errors.ts";
import type { AuthFailureReason } from "./auth.ts";

/**
 * An upgrade request as the adapter sees it.
 *
 * @example Ask the core about an upgrade
 * ```ts
 * import { EmulatorCore, type UpgradeRequest } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const req: UpgradeRequest = { path: "/websocket/v1", headers: {}, ip: "127.0.0.1" };
 * console.log((await core.upgrade(req)).ok); // true
 * core.close();
 * ```
 */
export interface UpgradeRequest {
  /** Path with or without a query string. */
  path: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** Remote address. */
  ip: string;
}

/**
 * An accepted upgrade, to pass to {@linkcode EmulatorCore.accept}.
 *
 * @example Accept a ticket
 * ```ts
 * import { EmulatorCore } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const d = await core.upgrade({ path: "/websocket/v1", headers: {}, ip: "127.0.0.1" });
 * if (d.ok) console.log(d.ticket.endpoint); // "public"
 * core.close();
 * ```
 */
export interface UpgradeTicket {
  /** Normalised path. */
  path: string;
  /** Which endpoint. */
  endpoint: "public" | "private" | "info";
  /** Remote address. */
  ip: string;
  /** The authenticated access key. */
  accessKey?: string;
  /** Why the JWT was refused (answered with INVALID_AUTH). */
  authError?: AuthFailureReason;
  /** The upgrade's `Sec-WebSocket-Extensions` header ("" when absent). */
  offeredExtensions?: string;
  /** The extensions the server accepted (the answer's header; "" for none). */
  negotiatedExtensions?: string;
}

/**
 * The core's answer to an upgrade request.
 *
 * @example Refusals carry a status
 * ```ts
 * import { EmulatorCore } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const d = await core.upgrade({ path: "/nope", headers: {}, ip: "127.0.0.1" });
 * if (!d.ok) console.log(d.status); // 404
 * core.close();
 * ```
 */
export type UpgradeDecision =
  | { ok: true; ticket: UpgradeTicket; headers: Record<string, string> }
  | { ok: false; status: number; body: string; headers: Record<string, string> };

/**
 * The JSON body of a refused upgrade, as Upbit writes it. @internal
 *
 * @param name the error name
 * @param language the host's language (default Korean)
 * @returns the body text
 */
export function errorBody(name: string, language: "ko" | "en" = "ko"): string {
  const messages = language === "en" ? ERROR_MESSAGES_EN : ERROR_MESSAGES;
  return JSON.stringify({
    error: { name, message: messages[name as keyof typeof ERROR_MESSAGES] ?? name },
  });
}
