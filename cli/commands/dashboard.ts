/**
 * `upbit-ws dashboard`: the browser dashboard fed by a client (the emulator's, with a seeded
 * account, or Upbit's) or by a NATS bus that `upbit-ws relay` fills.
 *
 * @module
 */
import { loadEmulator, streamUrl, throwawayKeys } from "./connect.ts";
import { aborted, type Lifetime, type Run } from "./lifetime.ts";
import { connectNats } from "./relay.ts";
import { UpbitClient, type UpbitClientOptions } from "../../mod.ts";
import type { Emulator } from "../../testing/server/emulator.ts";
import type { DashboardModel } from "../dashboard/model.ts";
import { type Invocation } from "../args/invocation.ts";
import type { Io } from "../runtime.ts";

/** `upbit-ws dashboard`: serves the page until stopped. */
export const dashboard: Run<"dashboard"> = async (inv, io, life) => {
  const { startDashboard } = await import("../dashboard/start.ts");
  if (inv.nats !== undefined) return await dashboardFromBus(inv, inv.nats, io, life);
  const options: UpbitClientOptions = { name: "upbit-ws-dashboard" };
  if (inv.endpoint.format !== undefined) options.format = inv.endpoint.format;
  let emu: Emulator | undefined;
  let accessKey: string | undefined;
  if (inv.endpoint.emulator) {
    const { startEmulator } = await loadEmulator();
    const keys = throwawayKeys();
    accessKey = keys.accessKey;
    emu = await startEmulator({
      accounts: [{ ...keys, balances: { KRW: 10_000_000, BTC: 0.05, ETH: 1 } }],
    });
    options.url = emu.url;
    options.privateUrl = emu.privateUrl;
    Object.assign(options, keys);
  } else {
    if (inv.endpoint.url !== undefined) options.url = inv.endpoint.url;
    if (inv.endpoint.privateUrl !== undefined) options.privateUrl = inv.endpoint.privateUrl;
    if (inv.endpoint.region !== undefined) options.region = inv.endpoint.region;
    if (inv.private) {
      const ak = io.env("UPBIT_ACCESS_KEY");
      const sk = io.env("UPBIT_SECRET_KEY");
      if (!ak || !sk) {
        throw new Error(
          "Cannot show private data as UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY are not both set",
        );
      }
      options.accessKey = ak;
      options.secretKey = sk;
    }
  }
  const client = new UpbitClient(options);
  let dash: Awaited<ReturnType<typeof startDashboard>> | undefined;
  try {
    const e = emu;
    const ak = accessKey;
    dash = await startDashboard({
      client,
      codes: inv.codes,
      private: inv.private,
      port: inv.port,
      units: inv.units,
      ...(e !== undefined && ak !== undefined
        ? { seed: (model: DashboardModel) => seedFromEmulator(e, ak, inv.codes, model) }
        : {}),
    });
    const source = `${emu ? "emulator " : ""}${streamUrl("ticker", options)}`;
    await io.write(
      `upbit-ws dashboard: ${dash.url}\n` +
        `  codes     ${inv.codes.join(" ")}\n` +
        `  feed      ${source}${inv.private ? " (with private data)" : ""}\n` +
        (emu !== undefined && accessKey !== undefined
          ? `  emulator  control API ${emu.httpUrl}/__emulator/ (account ${accessKey})\n`
          : "") +
        (inv.private ? "  The URL carries a token: share it only with yourself.\n" : "") +
        `Open the URL in a browser. Ctrl-C to stop.\n`,
    );
    await aborted(life.signal);
    return life.stopCode() ?? 0;
  } finally {
    await dash?.close();
    await client.close();
    await emu?.close();
  }
};

/** `dashboard --nats`: the page fed by a bus consumer reading what `upbit-ws relay` publishes. */
async function dashboardFromBus(
  inv: Extract<Invocation, { command: "dashboard" }>,
  url: string,
  io: Io,
  life: Lifetime,
): Promise<number> {
  const { startDashboard } = await import("../dashboard/start.ts");
  const { UpbitNatsClient } = await import("../../nats/client.ts");
  const nc = await connectNats(url, "upbit-ws-dashboard");
  const bus = new UpbitNatsClient({ connection: nc });
  let dash: Awaited<ReturnType<typeof startDashboard>> | undefined;
  try {
    dash = await startDashboard({
      bus,
      codes: inv.codes,
      private: false,
      port: inv.port,
      units: inv.units,
    });
    await io.write(
      `upbit-ws dashboard: ${dash.url}\n` +
        `  codes     ${inv.codes.join(" ")}\n` +
        `  feed      NATS ${url} (what upbit-ws relay publishes)\n` +
        `Open the URL in a browser. Ctrl-C to stop.\n`,
    );
    await aborted(life.signal);
    return life.stopCode() ?? 0;
  } finally {
    await dash?.close();
    await bus.close();
    await nc.close();
  }
}

/**
 * The emulated account as the dashboard starts: a resting buy below the market on the first code
 * (so an open order shows at once), its balances and its open orders, put in the model (myAsset
 * and myOrder send changes only).
 */
function seedFromEmulator(
  emu: Emulator,
  accessKey: string,
  codes: readonly string[],
  model: DashboardModel,
): void {
  const code = codes.find((c) => emu.market.has(c));
  if (code !== undefined) {
    const tick = emu.market.tickSize(code);
    const price = Math.floor((emu.market.lastPrice(code) * 0.95) / tick) * tick;
    const volume = Math.floor((100_000 / price) * 1e8) / 1e8;
    if (price > 0 && volume > 0) {
      emu.accounts.placeOrder(accessKey, { market: code, side: "bid", price, volume });
    }
  }
  for (const b of emu.accounts.balances(accessKey)) model.setBalance(b);
  for (const o of emu.accounts.orders(accessKey)) {
    model.setOrder({
      uuid: o.uuid,
      code: o.market,
      side: o.side === "bid" ? "BID" : "ASK",
      orderType: o.ordType,
      state: o.state,
      price: o.price,
      volume: o.volume,
      remainingVolume: o.remainingVolume,
      executedVolume: o.executedVolume,
      at: o.orderTimestamp,
    });
  }
}
