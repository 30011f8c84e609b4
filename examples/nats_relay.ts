/**
 * A relay (Node): one Upbit client publishes ticker and orderbook events into NATS JetStream, and
 * serves whatever codes consumers ask for. Stop it with Ctrl-C or SIGTERM.
 *
 * Against Upbit and a local nats-server (`nats-server -js`):
 *   NATS_URL=nats://127.0.0.1:4222 node examples/nats_relay.ts KRW-BTC KRW-ETH
 * `UPBIT_WS_URL` points it at an emulator instead (`npx upbit-ws emulate --port 9000`).
 * The same from the command line: `npx upbit-ws relay --nats nats://127.0.0.1:4222 ticker orderbook KRW-BTC`.
 *
 * @module
 */
import process from "node:process";
import { connect } from "@nats-io/transport-node";
import { wsconnect } from "@nats-io/nats-core";
import { UpbitClient } from "../mod.ts"; // in your project: from "upbit-ws"
import { relay } from "../nats/mod.ts"; // in your project: from "upbit-ws/nats"

const natsUrl = process.env["NATS_URL"] ?? "nats://127.0.0.1:4222";
const url = process.env["UPBIT_WS_URL"];
const codes = process.argv.slice(2);

const options = { servers: natsUrl, maxReconnectAttempts: -1, name: "example relay" };
const nc = natsUrl.startsWith("ws") ? await wsconnect(options) : await connect(options);
const client = new UpbitClient({ name: "nats-relay", ...(url ? { url } : {}) });
const ingest = relay(client, {
  nats: nc,
  types: ["ticker", "orderbook"],
  codes: codes.length > 0 ? codes : ["KRW-BTC", "KRW-ETH"],
});
await ingest.ready;
console.log(`ready ${ingest.stats().active ? "active" : "standby"}`);

const stop = async (signal: string) => {
  await ingest.close();
  await client.close();
  await nc.close();
  console.log(`stopped (${signal}) after ${ingest.stats().published} events`);
  process.exit(0);
};
process.once("SIGINT", () => void stop("SIGINT"));
process.once("SIGTERM", () => void stop("SIGTERM"));
