/**
 * `upbit-ws markets`: the markets of `GET /v1/market/all` from the REST twin of the endpoint (the
 * emulator's, a region's or the `--url` host's), as a table or NDJSON lines; and the codes of a
 * quote currency, for `relay --quote`.
 *
 * @module
 */
import { fetchFailure, loadEmulator } from "./connect.ts";
import type { Run } from "./lifetime.ts";
import type { Emulator } from "../../testing/server/emulator.ts";
import { type CommandName, type Endpoint, UsageError } from "../args/invocation.ts";
import { filterMarkets, type MarketEntry, quotesOf, renderMarkets } from "../format/markets.ts";
import { ndjsonLine } from "../format/lines.ts";
// A fact about Upbit (src/protocol/ imports nothing), with no public form.
import { API_VERSION, REGION_HOSTS } from "../../src/protocol/hosts.ts";
import { quote as quoted } from "../../src/args.ts";

const REST_HOSTS = REGION_HOSTS;

/** `upbit-ws markets`: lists the markets as a table (terminal) or NDJSON lines. */
export const markets: Run<"markets"> = async (inv, io, life) => {
  let emu: Emulator | undefined;
  try {
    let base = `https://${REST_HOSTS[inv.endpoint.region ?? "kr"]}`;
    if (inv.endpoint.url !== undefined) {
      // The REST twin of the WebSocket host (the emulator serves both on one port).
      const ws = new URL(inv.endpoint.url);
      base = `${ws.protocol === "wss:" ? "https:" : "http:"}//${ws.host}`;
    }
    if (inv.endpoint.emulator) {
      const { startEmulator } = await loadEmulator();
      emu = await startEmulator({ market: { tickMs: 0 } });
      base = emu.httpUrl;
    }
    const url = `${base}/${API_VERSION}/market/all${inv.details ? "?is_details=true" : ""}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: life.signal, headers: { accept: "application/json" } });
    } catch (e) {
      if (life.signal.aborted) throw e;
      throw new Error(
        `Cannot list markets as ${url} could not be reached: ${fetchFailure(e, url)}`,
        {
          cause: e,
        },
      );
    }
    const body = await res.text();
    if (!res.ok) {
      throw new Error(`Cannot list markets as ${url} answered HTTP ${res.status}`);
    }
    const list = marketsQuoted(JSON.parse(body) as MarketEntry[], inv.quote, "markets");
    if (io.isTty && !inv.json) {
      const color = io.env("NO_COLOR") === undefined;
      await io.write(`${renderMarkets(list, { color, width: io.columns() }).join("\n")}\n`);
    } else {
      for (const m of list) await io.write(ndjsonLine(m));
    }
    return 0;
  } catch (e) {
    const code = life.stopCode();
    if (code !== undefined) return code;
    throw e;
  } finally {
    await emu?.close();
  }
};

/** The codes of every market quoted in `quote`, from the REST twin of the endpoint. */
export async function quotedCodes(
  quote: string,
  endpoint: Endpoint,
  emulatorHttp: string | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  let base = emulatorHttp ?? `https://${REST_HOSTS[endpoint.region ?? "kr"]}`;
  if (emulatorHttp === undefined && endpoint.url !== undefined) {
    const ws = new URL(endpoint.url);
    base = `${ws.protocol === "wss:" ? "https:" : "http:"}//${ws.host}`;
  }
  const res = await fetch(`${base}/${API_VERSION}/market/all`, { signal });
  if (!res.ok) throw new Error(`Cannot list markets as ${base} answered HTTP ${res.status}`);
  return marketsQuoted(await res.json() as MarketEntry[], quote, "relay").map((m) => m.market);
}

/**
 * The markets quoted in `quote` (all without one). A quote no market has is a bad argument
 * (exit 2), not an empty list: it names the quotes there are.
 */
function marketsQuoted(
  markets: readonly MarketEntry[],
  quote: string | undefined,
  command: CommandName,
): MarketEntry[] {
  const list = filterMarkets(markets, quote);
  if (quote === undefined || list.length > 0) return list;
  const known = quotesOf(markets);
  throw new UsageError(
    `Cannot run ${command} as no market is quoted in ${quoted(quote)}: ${
      known.length > 0 ? `known quotes are ${known.join(", ")}` : "the market list is empty"
    }`,
    command,
  );
}
