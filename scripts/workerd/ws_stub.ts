/**
 * What `ws` resolves to in workerd bundles: a Worker cannot listen, so any use of the `ws`
 * package there throws a clear error. Tests that need a server get one from the driver process
 * through `useEmulator()` (tests/_helpers/emulator.ts).
 *
 * @module
 */

const MESSAGE = "Cannot use the ws package on workerd as a Worker cannot open a server: " +
  'use useEmulator() from "tests/_helpers/emulator.ts"';

/** Throws: `ws` servers cannot run inside a Worker. */
export class WebSocketServer {
  constructor() {
    throw new Error(MESSAGE);
  }
}

/** Throws: use the global `WebSocket` inside a Worker. */
export class WebSocket {
  constructor() {
    throw new Error(MESSAGE);
  }
}

/** Throws: `ws` streams cannot run inside a Worker. */
export function createWebSocketStream(): never {
  throw new Error(MESSAGE);
}

/** Alias of {@linkcode WebSocketServer}, as `ws` exports it. */
export const Server: typeof WebSocketServer = WebSocketServer;

export default WebSocket;
