/**
 * `upbit-ws relay`: the client's events published to NATS (see `upbit-ws/nats`), with its stats
 * on stderr; and the NATS connection the dashboard's bus mode shares.
 *
 * @module
 */
import { connect, describe } from "./connect.ts";
import { aborted, type Run } from "./lifetime.ts";
import { quotedCodes } from "./markets.ts";
import { type Target } from "../args/invocation.ts";

/** Connects to NATS: TCP (`nats://`, `tls://`) on Node/Deno/Bun, or WebSocket. */
export async function connectNats(url: string, name: string) {
  const options = { servers: url, name, maxReconnectAttempts: -1, reconnectTimeWait: 500 };
  if (/^wss?:/.test(url)) {
    const { wsconnect } = await import("@nats-io/nats-core");
    return await wsconnect(options);
  }
  const { connect } = await import("@nats-io/transport-node");
  return await connect(options);
}

/** `upbit-ws relay`: relays until stopped, printing its stats every `--stats` ms. */
export const relayCommand: Run<"relay"> = async (inv, io, life) => {
  const { relay } = await import("../../nats/relay.ts");
  const target: Target = { type: "ticker", codes: [] };
  const withKeys = inv.myOrderSubject !== undefined || inv.myAssetSubject !== undefined;
  const upbit = await connect(inv.endpoint, withKeys ? { type: "myOrder", codes: [] } : target);
  let nc: Awaited<ReturnType<typeof connectNats>> | undefined;
  let stats: ReturnType<typeof setInterval> | undefined;
  try {
    const emulatorHttp = inv.endpoint.emulator
      ? upbit.source.replace(/^emulator ws/, "http").replace(/\/websocket\/v1(\/\w+)?$/, "")
      : undefined;
    const codes = [...inv.codes];
    if (inv.quote !== undefined) {
      for (const c of await quotedCodes(inv.quote, inv.endpoint, emulatorHttp, life.signal)) {
        if (!codes.includes(c)) codes.push(c);
      }
    }
    nc = await connectNats(inv.nats, "upbit-ws relay");
    const r = relay(upbit.client, {
      nats: nc,
      types: inv.types,
      codes,
      prefix: inv.prefix,
      ack: inv.ack,
      lease: inv.leaseTtlMs === 0 ? false : { ttlMs: inv.leaseTtlMs },
      private: {
        ...(inv.myOrderSubject !== undefined ? { myOrder: inv.myOrderSubject } : {}),
        ...(inv.myAssetSubject !== undefined ? { myAsset: inv.myAssetSubject } : {}),
      },
      onError: (e) => io.error(`upbit-ws relay: ${describe(e)}\n`),
    });
    await r.ready;
    const line = () => {
      const st = r.stats();
      return `relay ${st.id} ${st.active ? "active" : "standby"} published=${st.published} ` +
        `acked=${st.acked} failed=${st.failed} inFlight=${st.inFlight} lagMs=${
          st.lagMs.toFixed(0)
        } ackMs=${st.ackMs.toFixed(2)} consumers=${st.consumers} interests=${st.interests}\n`;
    };
    io.error(
      `upbit-ws relay: ${upbit.source} → ${inv.nats} (${inv.prefix}.<type>.<code>), ` +
        `${inv.types.join(",")} × ${codes.length} codes + demand; Ctrl-C to stop\n`,
    );
    io.error(line());
    if (inv.statsMs > 0) stats = setInterval(() => io.error(line()), inv.statsMs);
    await aborted(life.signal);
    await r.close();
    io.error(line());
    return life.stopCode() ?? 0;
  } finally {
    if (stats !== undefined) clearInterval(stats);
    await nc?.close().catch(() => {});
    await upbit.close();
  }
};
