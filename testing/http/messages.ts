/**
 * The HTTP side's plain messages (a request, a response, what it needs besides the core) and
 * reading a JSON body: an object, with typed fields whose misuse is a `TypeError` naming the
 * field (answered 400).
 *
 * @module
 */
import type { EmulatorCore } from "../core/core.ts";
import type { ReplayHandle, ReplayOptions } from "../replay/replayer.ts";

/**
 * A plain HTTP request.
 *
 * @example A market list request
 * ```ts
 * import type { HttpRequest } from "upbit-ws/testing";
 * const req: HttpRequest = { method: "GET", url: "/v1/market/all", body: "" };
 * ```
 */
export interface HttpRequest {
  /** HTTP method. */
  method: string;
  /** Path and query, e.g. `/v1/market/all?is_details=true`. */
  url: string;
  /** Request body text. */
  body: string;
}

/**
 * A plain HTTP response.
 *
 * @example Read a response
 * ```ts
 * import type { HttpResponse } from "upbit-ws/testing";
 * const ok = (r: HttpResponse) => r.status === 200;
 * ```
 */
export interface HttpResponse {
  /** Status code. */
  status: number;
  /** Response headers. */
  headers: Record<string, string>;
  /** Response body (JSON). */
  body: string;
}

/**
 * What the HTTP side needs besides the core.
 *
 * @example A host around a core
 * ```ts
 * import { EmulatorCore, type HttpHost, replayRecording } from "upbit-ws/testing";
 * const core = new EmulatorCore({ market: { tickMs: 0 } });
 * const host: HttpHost = { core, replay: (r, o) => replayRecording(core, r, o) };
 * core.close();
 * ```
 */
export interface HttpHost {
  /** The emulator core. */
  core: EmulatorCore;
  /** Starts a replay. */
  replay(recording: string, options: ReplayOptions): ReplayHandle;
}

const JSON_TYPE = { "content-type": "application/json; charset=utf-8" };

/** A JSON response. @internal */
export function json(status: number, value: unknown): HttpResponse {
  return {
    status,
    headers: JSON_TYPE,
    body: JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
  };
}

/** The request's JSON object body (`{}` when empty). @internal */
export function body(req: HttpRequest): Record<string, unknown> {
  if (req.body.trim() === "") return {};
  let v: unknown;
  try {
    v = JSON.parse(req.body);
  } catch {
    throw new TypeError("Cannot read the request as the body must be JSON");
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new TypeError("Cannot read the request as the body must be a JSON object");
  }
  return v as Record<string, unknown>;
}

/** A string field. @internal */
export function str(o: Record<string, unknown>, k: string): string {
  const v = o[k];
  if (typeof v !== "string") {
    throw new TypeError(
      `Cannot read the request as "${k}" must be a string: current value is "${String(v)}"`,
    );
  }
  return v;
}

/** A number field, or `undefined` when absent or null. @internal */
export function optNum(o: Record<string, unknown>, k: string): number | undefined {
  const v = o[k];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number") {
    throw new TypeError(
      `Cannot read the request as "${k}" must be a number: current value is "${String(v)}"`,
    );
  }
  return v;
}
