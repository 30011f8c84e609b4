/**
 * A refused WebSocket upgrade written on the raw socket: the HTTP status line, a JSON body and
 * the headers the core chose, then the socket closed.
 *
 * @module
 */
import type { Duplex } from "node:stream";

/**
 * Writes a refusal and destroys the socket. @internal
 *
 * @param socket the upgrading socket
 * @param status 401, 429, 404 or another status
 * @param body the JSON body
 * @param headers extra headers (e.g. `Retry-After`)
 */
export function writeRefusal(
  socket: Duplex,
  status: number,
  body: string,
  headers: Record<string, string>,
): void {
  const reason = status === 401
    ? "Unauthorized"
    : status === 429
    ? "Too Many Requests"
    : status === 404
    ? "Not Found"
    : "Error";
  const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  const bytes = new TextEncoder().encode(body).byteLength;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${bytes}\r\n${extra}Connection: close\r\n\r\n${body}`,
  );
  socket.destroy();
}
