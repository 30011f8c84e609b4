/**
 * A consumer in a Cloudflare Worker: NATS over WebSocket (`wsconnect`, no `nodejs_compat`), the
 * newest ticker and order book per code from the bus, as JSON. `NATS_WS_URL` is a binding.
 *
 *   GET /?codes=KRW-BTC,KRW-ETH → [{ code, price, bid, ask, streamType }]
 *
 * @module
 */
import { UpbitNatsClient } from "../nats/mod.ts"; // in your project: from "upbit-ws/nats"

export default {
  async fetch(request: Request, env: { NATS_WS_URL: string }): Promise<Response> {
    const codes = (new URL(request.url).searchParams.get("codes") ?? "KRW-BTC").split(",");
    await using bus = new UpbitNatsClient({ servers: env.NATS_WS_URL, demandLeaseMs: 5000 });
    try {
      const tickers = await bus.snapshot("ticker", codes, { timeoutMs: 5000 });
      const books = await bus.snapshot("orderbook", codes, { timeoutMs: 5000 });
      return Response.json(tickers.map((t, i) => ({
        code: t.code,
        price: t.tradePrice,
        bid: books[i]?.orderbookUnits[0]?.bidPrice,
        ask: books[i]?.orderbookUnits[0]?.askPrice,
        streamType: t.streamType,
      })));
    } catch (e) {
      // A bad code is a TypeError thrown before anything is sent.
      const status = e instanceof TypeError || e instanceof RangeError ? 400 : 502;
      return new Response(e instanceof Error ? e.message : String(e), { status });
    }
  },
};
