/**
 * A Bun trading-bot skeleton: it keeps the latest ticker and top of the book per market, watches
 * the account's order events, and shuts down cleanly on SIGINT/SIGTERM (closing every
 * subscription and socket before it exits 0). Strategy and order placement (Upbit's REST API)
 * are left to you — see `decide()`.
 *
 * Run it against Upbit (keys with the "view orders" permission):
 *   UPBIT_ACCESS_KEY=… UPBIT_SECRET_KEY=… bun examples/bun_bot.ts KRW-BTC KRW-ETH
 * or against a local emulator with an account:
 *   UPBIT_WS_URL=ws://127.0.0.1:9000/websocket/v1 UPBIT_WS_PRIVATE_URL=ws://127.0.0.1:9000/websocket/v1/private \
 *   UPBIT_ACCESS_KEY=ak UPBIT_SECRET_KEY=sk bun examples/bun_bot.ts
 *
 * @module
 */
import {
  type MyOrderEvent,
  type OrderbookEvent,
  type Subscription,
  type TickerEvent,
  UpbitClient,
  UpbitError,
} from "../mod.ts"; // in your project: from "upbit-ws"

const codes = process.argv.length > 2 ? process.argv.slice(2) : ["KRW-BTC", "KRW-ETH"];
const url = process.env.UPBIT_WS_URL;
const privateUrl = process.env.UPBIT_WS_PRIVATE_URL;

// Keys come from UPBIT_ACCESS_KEY / UPBIT_SECRET_KEY; the client never logs them.
const client = new UpbitClient({
  name: "bun-bot",
  profile: "production", // reconnect forever with jittered backoff, 30 s heartbeat
  ...(url ? { url } : {}),
  ...(privateUrl ? { privateUrl } : {}),
});

const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`stopping (${signal})`);
    stop.abort();
  });
}

client.addEventListener("reconnect", (e) => console.log(`reconnected ${e.connection}`));
client.addEventListener("error", (e) => console.error(`error ${e.error.code}: ${e.error.message}`));

const tickers = new Map<string, TickerEvent>();
const books = new Map<string, OrderbookEvent>();
let ordersLive = false;
let ready = false;

function checkReady(): void {
  if (ready || !ordersLive || tickers.size < codes.length || books.size < codes.length) return;
  ready = true;
  console.log(`ready ${codes.join(",")}`);
}

/** The strategy goes here: look at the latest state and decide whether to act. */
function decide(code: string): void {
  const t = tickers.get(code);
  const top = books.get(code)?.orderbookUnits[0];
  if (!t || !top) return;
  const spread = (top.askPrice - top.bidPrice) / top.askPrice;
  if (spread > 0.01) console.log(`wide spread ${code} ${(spread * 100).toFixed(2)}%`);
  // e.g. place or cancel orders through Upbit's REST API (POST /v1/orders) here.
}

const opts = { signal: stop.signal };
const subs: { close(): void }[] = [
  client.subscribeTicker(codes, (t) => {
    tickers.set(t.code, t);
    checkReady();
    decide(t.code);
  }, opts),
  client.subscribeOrderbook(codes, (b) => {
    books.set(b.code, b);
    checkReady();
    decide(b.code);
  }, { ...opts, units: 5 }),
];
// onError hears every error of the order stream: the ones the client reconnects through (logged)
// and, once, the final one, when `orders.closed` is already true (then stop, exit non-zero).
const orders: Subscription<MyOrderEvent> = client.subscribeMyOrder(codes, (o) => {
  console.log(`order ${o.uuid} ${o.state} ${o.askBid} ${o.code} ${o.price} x ${o.volume}`);
}, {
  ...opts,
  onError: (e) => {
    const code = e instanceof UpbitError ? e.code : String(e);
    if (!orders.closed) {
      console.error(`order stream: ${code} (the client reconnects)`);
      return;
    }
    console.error(`order stream failed for good: ${code}`);
    process.exitCode = 1;
    stop.abort();
  },
});
subs.push(orders);
// Live once Upbit has the request (README: "When is a subscription live?").
orders.ready.then(() => {
  ordersLive = true;
  checkReady();
}, () => {});

await new Promise<void>((resolve) => stop.signal.addEventListener("abort", () => resolve()));
for (const sub of subs) sub.close();
await client.close();
const m = client.metrics();
console.log(`stopped after ${m.frames} frames, ${m.reconnects} reconnects`);
