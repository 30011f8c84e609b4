/**
 * A Bun bot that reacts to Upbit's push events instead of polling: an RSI(14) signal on 5-minute
 * candles (`indicator_signal`, from `/websocket/v1/info`) and new listing announcements
 * (`announcement`, category `trade`). Both need keys, but no key permission. It stops cleanly on
 * SIGINT/SIGTERM, closing every subscription and socket before it exits 0.
 *
 * Run it against Upbit:
 *   UPBIT_ACCESS_KEY=… UPBIT_SECRET_KEY=… bun examples/bun_signals.ts KRW-BTC KRW-ETH
 * or against a local emulator with an account (its /info endpoint derives from the URL):
 *   UPBIT_WS_URL=ws://127.0.0.1:9000/websocket/v1 UPBIT_ACCESS_KEY=ak UPBIT_SECRET_KEY=sk \
 *   bun examples/bun_signals.ts
 *
 * @module
 */
import { type AnnouncementEvent, type IndicatorSignalEvent, UpbitClient } from "../mod.ts"; // in your project: from "upbit-ws"

const codes = process.argv.length > 2 ? process.argv.slice(2) : ["KRW-BTC"];
const url = process.env.UPBIT_WS_URL;

// Keys come from UPBIT_ACCESS_KEY / UPBIT_SECRET_KEY; the client never logs them.
const client = new UpbitClient({ name: "bun-signals", ...(url ? { url } : {}) });

const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.log(`stopping (${signal})`);
    stop.abort();
  });
}
client.addEventListener("error", (e) => console.error(`error ${e.error.code}: ${e.error.message}`));

/** What to do on a signal: here, print it (place orders through Upbit's REST API instead). */
function onSignal(s: IndicatorSignalEvent): void {
  if (s.indicator !== "rsi") return;
  const side = s.trigger === "oversold" ? "buy?" : "sell?";
  console.log(
    `rsi ${s.trigger} ${s.code} ${s.value.rsi.toFixed(2)} ${s.candleDateTimeUtc} ${side}`,
  );
}

/** What to do on a listing notice. */
function onListing(a: AnnouncementEvent): void {
  console.log(`listing ${a.eventType} ${a.title} ${a.url}`);
}

const listings = client.subscribeAnnouncements(onListing, {
  categories: ["trade"],
  signal: stop.signal,
});
const rsi = { type: "rsi" as const, params: { period: 14 } };
try {
  console.log(`watching ${codes.join(",")}`);
  // `for await` ends when `stop` aborts (SIGINT/SIGTERM).
  for await (
    const s of client.indicatorSignal(codes, {
      timeframe: "5m",
      indicators: [
        { ...rsi, trigger: "oversold", eventParams: { threshold: 30 } },
        { ...rsi, trigger: "overbought", eventParams: { threshold: 70 } },
      ],
      signal: stop.signal,
    })
  ) onSignal(s);
} finally {
  listings.close();
  await client.close();
  console.log("stopped");
}
