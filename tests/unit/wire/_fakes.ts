/**
 * Scripted sockets and a fake `fetch` for the transport's unit tests (`tests/unit/wire/`): no
 * network, each test fires the events it needs.
 */
import assert from "node:assert/strict";
import type { WebSocketConstructor } from "../../../src/wire/transport.ts";

/** The runtime the test runs on. */
export const runtime: "deno" | "bun" | "node" = "Deno" in globalThis
  ? "deno"
  : "Bun" in globalThis
  ? "bun"
  : "node";

/** A bearer token whose secret part must never reach an error. */
export const TOKEN = "Bearer eyJ.SECRET-TOKEN.sig";

/** Asserts that an error's message and stack do not hold the token's secret. */
export function assertNoSecret(error: unknown): void {
  assert.ok(error instanceof Error);
  assert.doesNotMatch(error.message, /SECRET/);
  assert.doesNotMatch(String(error.stack), /SECRET/);
}

/** A scripted WebSocket: records its arguments and lets the test fire events. */
export class FakeSocket extends EventTarget {
  static made: FakeSocket[] = [];
  readyState = 0;
  binaryType = "blob";
  closed = 0;
  readonly args: unknown[];
  constructor(...args: unknown[]) {
    super();
    this.args = args;
    FakeSocket.made.push(this);
  }
  close(): void {
    this.closed++;
    this.readyState = 3;
  }
  fire(type: string, fields: Record<string, unknown> = {}): void {
    const event = new Event(type);
    for (const [key, value] of Object.entries(fields)) {
      Object.defineProperty(event, key, { value });
    }
    this.dispatchEvent(event);
  }
}

/** The last FakeSocket, once openSocket has made it. */
export async function lastFake(): Promise<FakeSocket> {
  await Promise.resolve();
  const fake = FakeSocket.made.at(-1);
  assert.ok(fake !== undefined);
  return fake;
}

export const Fake = FakeSocket as unknown as WebSocketConstructor;

/** workerd's client end of a fetch-upgraded socket. */
export class FakeAccepted extends FakeSocket {
  accepted = 0;
  accept(): void {
    this.accepted++;
    this.readyState = 1;
  }
}

export interface FetchCall {
  url: string;
  init: RequestInit | undefined;
}

/** A fake `fetch` that records its calls and answers with `respond()`. */
export function fakeFetch(respond: (call: FetchCall) => Promise<unknown> | unknown) {
  const calls: FetchCall[] = [];
  const fn = ((input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: String(input), init };
    calls.push(call);
    return Promise.resolve(respond(call));
  }) as typeof fetch;
  return { fetch: fn, calls };
}

export function upgradeResponse(status: number, extra: Record<string, unknown> = {}): unknown {
  let cancelled = 0;
  return {
    status,
    headers: new Headers(extra.headers as Record<string, string> | undefined),
    body: {
      cancel() {
        cancelled++;
        return Promise.resolve();
      },
    },
    get cancelled() {
      return cancelled;
    },
    ...("webSocket" in extra ? { webSocket: extra.webSocket } : {}),
  };
}
