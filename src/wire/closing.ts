/**
 * What a connection's `close()` waits for: its reconnect loop and every socket it closed, until
 * each is really closed (or a second has passed), so that `close()` resolves only once nothing is
 * left behind.
 *
 * @module
 */

/**
 * The loops and sockets of one connection that are still ending.
 *
 * @example
 * ```ts
 * import { Closing } from "./closing.ts";
 * const closing = new Closing();
 * const ws = new WebSocket("wss://api.upbit.com/websocket/v1");
 * closing.closeSocket(ws, 1000, "client closed");
 * await closing.settled(); // once its close event came, at most a second later
 * ```
 */
export class Closing {
  #pending = new Set<Promise<void>>();

  /**
   * Waits for `ending` too, until {@linkcode Closing.delete} (a loop still running).
   *
   * @param ending a promise that settles once the thing has ended (must not reject)
   */
  add(ending: Promise<void>): void {
    this.#pending.add(ending);
  }

  /**
   * No longer waits for `ending`.
   *
   * @param ending a promise given to {@linkcode Closing.add}
   */
  delete(ending: Promise<void>): void {
    this.#pending.delete(ending);
  }

  /**
   * Closes a socket (if it is connecting or open) and waits for it until its `close` event, or a
   * second at most: a stalled peer may never answer the close handshake.
   *
   * @param socket the socket
   * @param code the close code (1000, or 3000–4999)
   * @param reason the close reason
   */
  closeSocket(socket: WebSocket, code: number, reason: string): void {
    if (socket.readyState !== 0 && socket.readyState !== 1) return;
    const closing: Promise<void> = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        socket.removeEventListener("close", done);
        this.#pending.delete(closing);
        resolve();
      };
      // The real runtime timer is used on purpose: a fake clock must not be able to hang close().
      const timer = setTimeout(done, 1000);
      socket.addEventListener("close", done);
    });
    this.#pending.add(closing);
    try {
      socket.close(code, reason);
    } catch {
      // Already closing.
    }
  }

  /**
   * Resolves once everything pending now has ended.
   *
   * @returns a promise of nothing
   */
  settled(): Promise<void> {
    return Promise.all(this.#pending).then(() => {});
  }
}
