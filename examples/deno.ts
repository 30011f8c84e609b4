/**
 * A Deno script: the volume-weighted average price of each market's trades over a time window,
 * printed as the trades arrive, using `await using` and an `AbortSignal` to stop.
 *
 * Run it against Upbit:
 *   deno run --allow-net=api.upbit.com --allow-env examples/deno.ts KRW-BTC KRW-ETH
 * or against a local emulator (start one with `deno run -A cli/mod.ts emulate --port 9000`):
 *   UPBIT_WS_URL=ws://127.0.0.1:9000/websocket/v1 deno run --allow-net=127.0.0.1 --allow-env examples/deno.ts
 * `EXAMPLE_SECONDS` sets the window (default 3).
 *
 * @module
 */
import { UpbitClient } from "../mod.ts"; // in your project: from "jsr:@upbit-ws/core"

// `deno check` knows Deno's namespace; this declaration lets `tsc` (which does not) check the rest.
declare const Deno: { args: string[]; env: { get(name: string): string | undefined } };

const url = Deno.env.get("UPBIT_WS_URL");
const seconds = Number(Deno.env.get("EXAMPLE_SECONDS") ?? 3);
const codes = Deno.args.length > 0 ? Deno.args : ["KRW-BTC", "KRW-ETH"];

await using client = new UpbitClient({ name: "deno-example", ...(url ? { url } : {}) });

const totals = new Map<string, { volume: number; turnover: number; trades: number }>();
const signal = AbortSignal.timeout(seconds * 1000);

// Realtime trades only; the subscription ends when the signal aborts.
for await (const t of client.trade(codes, { stream: "realtime", signal })) {
  const s = totals.get(t.code) ?? { volume: 0, turnover: 0, trades: 0 };
  s.volume += t.tradeVolume;
  s.turnover += t.tradePrice * t.tradeVolume;
  s.trades++;
  totals.set(t.code, s);
  console.log(`trade ${t.code} ${t.askBid} ${t.tradePrice} x ${t.tradeVolume}`);
}

for (const code of codes) {
  const s = totals.get(code);
  const vwap = s && s.volume > 0 ? (s.turnover / s.volume).toFixed(2) : "n/a";
  console.log(`vwap ${code} ${vwap} over ${s?.trades ?? 0} trades in ${seconds}s`);
}
