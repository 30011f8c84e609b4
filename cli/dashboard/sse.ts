/**
 * Server-Sent Events framing (the `text/event-stream` format of the HTML standard). Pure.
 *
 * @module
 */

/**
 * One SSE message: an `event:` line, the JSON of `data` on `data:` lines, and the blank line
 * that ends it. JSON never contains a raw line break, but a string field could hold U+2028/9 or
 * `\r`, which `JSON.stringify` keeps escaped, so the payload is always one `data:` line; the
 * split below is a guard for the format's rule, not a path taken.
 *
 * @param event the event name the page listens for, e.g. `update`
 * @param data any JSON value
 * @returns the message text
 * @throws {TypeError} for an event name with a line break or a colon
 *
 * @example
 * ```ts
 * import { sseMessage } from "./sse.ts";
 * sseMessage("update", { a: 1 }); // 'event: update\ndata: {"a":1}\n\n'
 * ```
 */
export function sseMessage(event: string, data: unknown): string {
  if (!/^[A-Za-z][\w.-]*$/.test(event)) {
    throw new TypeError(
      `Cannot frame an SSE message as the event name must be a word: current value is ${
        JSON.stringify(event.slice(0, 40))
      }`,
    );
  }
  const json = JSON.stringify(data) ?? "null";
  const lines = json.split(/\r\n|\r|\n/);
  return `event: ${event}\n${lines.map((l) => `data: ${l}\n`).join("")}\n`;
}

/**
 * The first bytes of an event stream: how long the browser waits before reconnecting.
 *
 * @param retryMs the reconnect delay the page's `EventSource` should use
 * @returns the `retry:` field and a blank line
 *
 * @example
 * ```ts
 * import { sseRetry } from "./sse.ts";
 * sseRetry(1000); // "retry: 1000\n\n"
 * ```
 */
export function sseRetry(retryMs: number): string {
  if (!Number.isInteger(retryMs) || retryMs < 0) {
    throw new RangeError(
      `Cannot frame an SSE retry as it must be a whole number of ms: current value is ${retryMs}`,
    );
  }
  return `retry: ${retryMs}\n\n`;
}
