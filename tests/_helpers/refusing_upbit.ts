/**
 * A scripted Upbit that answers subscriptions like the real one or refuses them by error frame,
 * and a client on a fake clock against it: shared by tests/unit/demand/isolation.test.ts and
 * tests/unit/protocol/server_errors.test.ts.
 */
import { UpbitClient } from "../../mod.ts";
import type { UpbitError } from "../../src/errors.ts";
import type { UpbitEvent } from "../../src/types.ts";
import { fakeClock } from "./fake_clock.ts";
import { type FakeAnswer, type FakeSocket, fakeUpbit } from "./fake_upbit.ts";
import { orderbookFrame30, tickerFrame } from "./frames.ts";

/** A subscription object of a request, as far as these tests read it. */
export type TypeObject = { type?: string; codes?: string[]; level?: number };
/** The subscription objects of a request (those with a `type`). */
export const objects = (request: unknown[]) =>
  request.filter((o) => (o as TypeObject).type !== undefined);

/** Answers like Upbit: a snapshot per code (unless is_only_realtime), or refuses. */
export function serve(
  refuse: (o: TypeObject) => string | undefined,
  rateLimited: { count: number } = { count: 0 },
) {
  return (request: unknown[], socket: FakeSocket) => {
    if (rateLimited.count > 0) {
      rateLimited.count--;
      socket.send({ error: { message: "요청 수 제한을 초과했습니다.", name: "TOO_MANY_REQUEST" } });
      return socket.close(1000);
    }
    for (const o of objects(request) as TypeObject[]) {
      const name = refuse(o);
      if (name !== undefined) {
        // As on the wire: `message` before `name`, and a message the client must not read.
        socket.send({ error: { message: "Format 이 맞지 않습니다.", name } });
        return socket.close(1000);
      }
    }
    for (const o of objects(request) as (TypeObject & { is_only_realtime?: boolean })[]) {
      if (o.is_only_realtime) continue;
      for (const code of o.codes ?? []) {
        if (o.type === "ticker") socket.send(tickerFrame({ code, stream_type: "SNAPSHOT" }));
        if (o.type === "orderbook") {
          socket.send({ ...orderbookFrame30(), code: code.split(".")[0], level: o.level ?? 0 });
        }
      }
    }
  };
}

/** A development-profile client on a fake clock against `answer`; closed by `cleanups`. */
export function setup(
  cleanups: Array<() => Promise<void>>,
  answer: FakeAnswer,
  random = () => 0.5,
) {
  const clock = fakeClock();
  const upbit = fakeUpbit({ clock, answer });
  const client = new UpbitClient({
    url: "ws://upbit.test/websocket/v1",
    WebSocket: upbit.WebSocket,
    clock,
    random,
    profile: "development",
    reconnect: { initialDelayMs: 100, maxDelayMs: 2000 },
    lingerMs: 0,
  });
  const clientErrors: UpbitError[] = [];
  client.addEventListener("error", (e) => void clientErrors.push(e.error));
  cleanups.push(() => client.close());
  return { clock, upbit, client, clientErrors };
}

/** A callback subscription that records its events and errors. */
export function record() {
  const got: UpbitEvent[] = [];
  const errors: unknown[] = [];
  return {
    got,
    errors,
    callback: (e: UpbitEvent) => void got.push(e),
    onError: (e: unknown) => void errors.push(e),
  };
}

/** The most connection attempts in any one-second window. */
export function maxPerSecond(times: number[]): number {
  let most = 0;
  for (const t of times) most = Math.max(most, times.filter((u) => u >= t && u < t + 1000).length);
  return most;
}
