/**
 * A consumer on the bus (Deno, Bun or Node): the same subscription API as `UpbitClient`, but the
 * events come from a relay through NATS, so any number of these share one Upbit connection.
 *
 *   NATS_WS_URL=ws://127.0.0.1:8080 deno run --allow-net=127.0.0.1 --allow-env examples/nats_consumer.ts KRW-BTC
 *   NATS_WS_URL=ws://127.0.0.1:8080 bun examples/nats_consumer.ts KRW-BTC
 *
 * It prints `EXAMPLE_EVENTS` ticker events (default 4), one orderbook, the health, and exits.
 *
 * @module
 */
import process from "node:process";
import { UpbitNatsClient } from "../nats/mod.ts"; // in your project: from "upbit-ws/nats"

const servers = process.env["NATS_WS_URL"] ?? "ws://127.0.0.1:8080";
const wanted = Number(process.env["EXAMPLE_EVENTS"] ?? 4);
const codes = process.argv.slice(2).filter((a) => a.includes("-"));

await using bus = new UpbitNatsClient({ servers });
let n = 0;
// The first event of each code is the newest one the bus holds, marked SNAPSHOT.
for await (const t of bus.ticker(codes.length > 0 ? codes : ["KRW-BTC"])) {
  console.log(`ticker ${t.code} ${t.tradePrice} ${t.streamType}`);
  if (++n >= wanted) break;
}
const [book] = await bus.snapshot("orderbook", [codes[0] ?? "KRW-BTC"]);
const top = book?.orderbookUnits[0];
console.log(`orderbook ${book?.code} bid ${top?.bidPrice} ask ${top?.askPrice}`);
const h = bus.health();
console.log(`health ${h.status} ingest ${h.ingest.id === null ? "none" : "answered"}`);
