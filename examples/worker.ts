/**
 * A Cloudflare Worker (an edge function) that answers each HTTP request with a fresh ticker
 * snapshot: `GET /?codes=KRW-BTC,KRW-ETH` → `[{ code, price, changeRate, timestamp }, …]`.
 * One short-lived client per request: connect, one snapshot per code, close.
 *
 * Deploy with wrangler (`main = "examples/worker.ts"`), or run it locally under Miniflare. Set the
 * `UPBIT_WS_URL` variable to point it at an emulator instead of Upbit.
 *
 * @module
 */
import { TimeoutError, UpbitClient } from "../mod.ts"; // in your project: from "upbit-ws"

/** The Worker's bindings. */
export interface Env {
  /** Optional: another public endpoint, e.g. an emulator. */
  UPBIT_WS_URL?: string;
}

const json = (body: unknown, status = 200): Response =>
  new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" },
  });

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const codes = (new URL(request.url).searchParams.get("codes") ?? "KRW-BTC")
      .split(",")
      .map((c) => c.trim())
      .filter(Boolean);
    const url = env.UPBIT_WS_URL;
    // No reconnects: an edge request either gets its snapshot quickly or reports why.
    const client = new UpbitClient({ name: "edge", reconnect: false, ...(url ? { url } : {}) });
    try {
      const tickers = await client.snapshot("ticker", codes, { timeoutMs: 3000 });
      return json(tickers.map((t) => ({
        code: t.code,
        price: t.tradePrice,
        changeRate: t.signedChangeRate,
        timestamp: t.timestamp,
      })));
    } catch (e) {
      if (e instanceof TypeError || e instanceof RangeError) return json({ error: e.message }, 400);
      if (e instanceof TimeoutError) return json({ error: e.message, codes: e.codes }, 504);
      return json({ error: e instanceof Error ? e.message : String(e) }, 502);
    } finally {
      await client.close();
    }
  },
};
