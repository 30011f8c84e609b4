/**
 * A Node script (Node 22+; also runs on Node 26 and Bun): streams tickers of two markets, takes a
 * one-shot order-book snapshot, and prints the client's health and metrics.
 *
 * Run it against Upbit:            node examples/node.ts
 * or against a local emulator:     UPBIT_WS_URL=ws://127.0.0.1:9000/websocket/v1 node examples/node.ts
 * (start one with `node cli/mod.ts emulate --port 9000`). `EXAMPLE_EVENTS` sets how many ticker
 * events to print (default 6).
 *
 * Node 22 cannot parse `using`, so this closes the client in `finally`.
 *
 * @module
 */
import { UpbitClient, UpbitError } from "../mod.ts"; // in your project: from "upbit-ws"

const url = process.env.UPBIT_WS_URL; // undefined: Upbit's own endpoint
const wanted = Number(process.env.EXAMPLE_EVENTS ?? 6);
const codes = ["KRW-BTC", "KRW-ETH"];

const client = new UpbitClient({ name: "node-example", ...(url ? { url } : {}) });
client.addEventListener("reconnect", (e) => console.error(`reconnected (${e.connection})`));
client.addEventListener("error", (e) => console.error(`error ${e.error.code}: ${e.error.message}`));

try {
  let seen = 0;
  // Snapshot first (one per code), then realtime; leaving the loop unsubscribes.
  for await (const t of client.ticker(codes)) {
    const pct = (t.signedChangeRate * 100).toFixed(2);
    console.log(`ticker ${t.code} ${t.tradePrice} ${pct}% ${t.streamType}`);
    if (++seen >= wanted) break;
  }

  const [book] = await client.snapshot("orderbook", ["KRW-BTC"], { units: 5, timeoutMs: 5000 });
  const top = book?.orderbookUnits[0];
  console.log(`orderbook ${book?.code} bid ${top?.bidPrice} ask ${top?.askPrice}`);

  const health = client.health();
  const m = client.metrics();
  console.log(`health ${health.status} frames ${m.frames} reconnects ${m.reconnects}`);
} catch (e) {
  console.error(e instanceof UpbitError ? `${e.code}: ${e.message}` : e);
  process.exitCode = 1;
} finally {
  await client.close();
}
