/**
 * The help texts of the `upbit-ws` command. Pure strings, so tests can check them anywhere. The
 * file is longer than 250 lines because it holds the help text of every command and nothing else.
 *
 * @module
 */
import type { CommandName } from "./args/invocation.ts";

/** The CLI's version; `scripts/check-publish.ts` checks it against package.json. */
export const VERSION = "0.1.0";

const EXIT = `Exit codes:
  0    success (also the end of --duration)
  1    runtime failure (connection failed, authentication, timeout, bad file; also a watch
       or record whose connection never opened)
  2    bad arguments
  130  interrupted by Ctrl-C (SIGINT), after a clean shutdown; 143 for SIGTERM`;

const ENDPOINT = `  --emulator            run against a built-in emulator (no network, no keys)
  --url <ws-url>        public endpoint, and the base of the others (default: Upbit's,
                        by --region)
  --region <kr|sg|id|th>  Upbit's hosts of a region (not with --url)
  --format <DEFAULT|SIMPLE|JSON_LIST|SIMPLE_LIST>
                        wire format (events look the same whichever is used)`;

const PRIVATE_ENDPOINT =
  `  --private-url <ws-url>  private endpoint (default: --url + /private); on the host of --url
  --info-url <ws-url>   indicator endpoint (default: --url + /info); on the host of --url
                        Keys go only to these hosts: with --url alone, every endpoint is there.`;

const TYPES = `Types: ticker, trade, orderbook, candle.<1s|1m|3m|5m|10m|15m|30m|60m|240m>`;

const TEXTS: Readonly<Record<CommandName | "main", string>> = Object.freeze({
  main: `upbit-ws ${VERSION} — Upbit WebSocket market data from the command line

Usage: upbit-ws <command> [options]

Commands:
  watch <type> <codes…>          live table on a terminal; NDJSON when piped or with --json
  snapshot <type> <codes…>       one snapshot per code as JSON, then exit
  record <file> <type> <codes…>  write received frames to an NDJSON recording
  replay <file> [--speed N]      serve a recording on a local emulator
  emulate [--port N]             serve the simulated market on a local emulator
  markets [--quote KRW]          list the markets
  relay --nats <url> [types…] [codes… | --quote KRW]
                                 publish events into NATS JetStream for many consumers
  dashboard [codes…]             the market (and your orders) live in a browser tab

Run "upbit-ws <command> --help" for a command's options.
Private types (myOrder, myAsset) read UPBIT_ACCESS_KEY and UPBIT_SECRET_KEY; the keys go only to
the host of --url (--private-url and --info-url default to --url + /private and + /info).
UPBIT_WS_PROFILE=development|production picks the client's tuning profile.

${EXIT}`,
  watch: `Usage: upbit-ws watch <type> <codes…> [options]

Streams events. On a terminal: a live table (price, change, volume, bid/ask and spread, time
since the last update, connection state) redrawn at most 10 times a second. When stdout is not a
terminal, or with --json: NDJSON, one event per line.

${TYPES}, myOrder [codes…], myAsset, announcement, indicator <codes…>,
indicator_signal <codes…> (these three need keys; on a terminal a table of the latest values
per indicator, or of the newest notices)

Options:
${ENDPOINT}
${PRIVATE_ENDPOINT}
  --stream <both|snapshot|realtime>  default both (snapshot first, then realtime)
  --units <1|5|15|30>   orderbook depth
  --level <n>           orderbook price grouping
  --json                NDJSON even on a terminal
  --no-color            no colours (also when NO_COLOR is set)
  --duration <s>        stop after s seconds (exit 0)
  --category <list>     announcement: notice,trade,wallet,maintenance,digital_asset,nft,service,event
  --body                announcement: with each notice's Markdown body
  --timeframe <tf>      indicator(_signal): 5m (default), 15m, 60m, 240m or 1d
  --rsi <n> --volume <n> --sma <n> --ema <n> --crossover <s,l> --bollinger <n[,m]> --macd <f,s,g>
                        indicator(_signal): the indicators (a signal takes one)
  --trigger <name> --threshold <n> --multiplier <x>
                        indicator_signal: the condition (e.g. oversold, 30)
  -h, --help

Examples:
  upbit-ws watch announcement --category trade
  upbit-ws watch indicator KRW-BTC --timeframe 5m --rsi 14 --macd 12,26,9
  upbit-ws watch indicator_signal KRW-BTC --rsi 14 --trigger oversold --threshold 30
  upbit-ws watch ticker KRW-BTC KRW-ETH --emulator
  upbit-ws watch orderbook KRW-BTC --units 5 --json | head -n 3

${EXIT}`,
  snapshot: `Usage: upbit-ws snapshot <type> <codes…> [options]

Prints one snapshot per code, one JSON object per line (NDJSON), in the order of the codes, then
exits.

${TYPES}

Options:
${ENDPOINT}
  --units <1|5|15|30>   orderbook depth
  --level <n>           orderbook price grouping
  --timeout <s>         give up after s seconds (default 5): the codes that answered are
                        printed, the silent ones named on stderr, exit 1
  --pretty              indented JSON
  -h, --help

Example:
  upbit-ws snapshot ticker KRW-BTC KRW-ETH --emulator

${EXIT}`,
  record: `Usage: upbit-ws record <file> <type> <codes…> [options]

Writes every received frame (data, {"status":"UP"} and error frames) to <file> in the emulator's
recording format: NDJSON, one frame per line with its receive time,
  {"t":1790134773006,"frame":{…}}
On a terminal a progress line shows frames, frames/s, bytes and elapsed time.

${TYPES}, myOrder [codes…], myAsset

Options:
${ENDPOINT}
${PRIVATE_ENDPOINT}
  --stream <both|snapshot|realtime>
  --units <1|5|15|30>   orderbook depth
  --level <n>           orderbook price grouping
  --duration <s>        stop after s seconds (exit 0)
  --frames <n>          stop after n frames (exit 0)
  -h, --help

Example:
  upbit-ws record btc.ndjson orderbook KRW-BTC --duration 60

${EXIT}`,
  replay: `Usage: upbit-ws replay <file> [options]

Serves a recording on a local emulator and prints its URLs. The replay starts when the first
client subscribes; recorded frames reach every connection subscribed to their type and code, in
that connection's format. Snapshots that a subscription asks for come from the simulated market.
Exits when the recording ends (unless --loop).

Options:
  --speed <n>           1 = recorded pace (default), 10 = ten times faster
  --port <n>            listen port (default: any free port)
  --loop                start over at the end
  --no-wait             start at once instead of at the first subscription
  --duration <s>        stop after s seconds (exit 0)
  -h, --help

Example:
  upbit-ws replay btc.ndjson --speed 10 --port 9000

${EXIT}`,
  emulate: `Usage: upbit-ws emulate [options]

Serves the simulated market (public and private endpoints, GET /v1/market/all, and the control
API under /__emulator/) on 127.0.0.1 and prints the URLs. Point any client at them.

Options:
  --port <n>            listen port (default: any free port)
  --seed <n>            market seed (default 1)
  --duration <s>        stop after s seconds (exit 0)
  -h, --help

Example:
  upbit-ws emulate --port 9000

${EXIT}`,
  dashboard: `Usage: upbit-ws dashboard [codes…] [options]

Serves a live dashboard on http://127.0.0.1:<port>/ and prints its URL: a ticker table (price,
change in red for a rise and blue for a fall, as on Upbit; 24 h volume, spread, age), a
candlestick chart (1s to 240m, with the candles this session has seen), the order book as a
ladder with cumulative depth, the latest trades and the connection's health (a stalled or
reconnecting feed is shown as such). With --private (keys from UPBIT_ACCESS_KEY and
UPBIT_SECRET_KEY) it also shows your open orders and balances, and the URL carries a random token
that the page and its event stream require. On the emulator an emulated account is shown (its
control API URL and access key are printed, to place orders). The page is fed by this process
over Server-Sent Events, never by the browser talking to Upbit; the chart library (TradingView
Lightweight Charts, Apache-2.0) is served from the installed package. Codes default to KRW-BTC
KRW-ETH.

Options:
${ENDPOINT}
  --private             show open orders and balances (needs keys)
  --nats <url>          read from a relay's NATS bus (upbit-ws relay) instead of Upbit:
                        nats://, tls://, ws:// or wss://; public data only
  --private-url <ws-url>  private endpoint (default: --url + /private); on the host of --url
  --port <n>            listen port on 127.0.0.1 (default: any free port)
  --units <1|5|15|30>   order book depth (default 15)
  --duration <s>        stop after s seconds (exit 0)
  -h, --help

Examples:
  upbit-ws dashboard KRW-BTC KRW-ETH
  upbit-ws dashboard --emulator --port 8080
  upbit-ws dashboard KRW-BTC --nats nats://127.0.0.1:4222

${EXIT}`,
  markets: `Usage: upbit-ws markets [options]

Lists the markets (GET /v1/market/all): a table on a terminal, NDJSON when piped or with --json.

Options:
  --quote <currency>    only markets quoted in this currency, e.g. KRW, BTC, USDT (exit 2,
                        naming the quotes there are, when no market is)
  --details             include the market warning flag
  --emulator            ask the built-in emulator instead of Upbit
  --url <ws-url>        ask the REST twin of this WebSocket host (http(s)://host/v1/market/all)
  --region <kr|sg|id|th>
  --json                NDJSON even on a terminal
  -h, --help

Example:
  upbit-ws markets --quote KRW

${EXIT}`,
  relay: `Usage: upbit-ws relay --nats <url> [types…] [codes… | --quote KRW] [options]

Holds the Upbit sockets and publishes every decoded event into NATS JetStream on
<prefix>.<type>.<code> (candles: upbit.candle.1m.KRW-BTC), as JSON with an Upbit-Ws-Schema
header. Consumers (upbit-ws/nats UpbitNatsClient) read them on any host and ask this relay for
the codes they need; their interest lapses when they go away. Run two relays: one holds a lease
in the NATS key-value store and publishes, the other takes over when it lapses.
${TYPES} (default: ticker, trade, orderbook). Codes listed here are always relayed;
without codes or --quote the relay serves only what consumers ask for.

Options:
  --nats <url>          NATS server: nats://host:4222 (TCP) or ws://host:port (WebSocket)
  --quote <currency>    also relay every market quoted in it, e.g. KRW (exit 2 when none is)
  --prefix <subject>    first subject token(s) (default upbit)
  --ack <mode>          pipelined (default: publish without awaiting each ack), each, none
  --lease-ttl <s>       active/standby lease; failover within about this (default 3)
  --no-lease            always active (a single relay)
  --stats <s>           a stats line on stderr every s seconds (default 10; 0: none)
  --my-order-subject <subject>, --my-asset-subject <subject>
                        put private streams on the bus, only on these subjects (needs keys)
  --duration <s>        stop after s seconds (exit 0)
${ENDPOINT}
  -h, --help

Examples:
  upbit-ws relay --nats nats://127.0.0.1:4222 ticker orderbook --quote KRW
  upbit-ws relay --nats nats://127.0.0.1:4222 --emulator ticker KRW-BTC KRW-ETH

${EXIT}`,
});

/**
 * The help text of a command, or the overview.
 *
 * @param topic a command, or undefined for the overview
 * @returns the text, without a trailing newline
 *
 * @example
 * ```ts
 * import { helpText } from "./help.ts";
 * console.log(helpText("watch"));
 * ```
 */
export function helpText(topic: CommandName | undefined): string {
  return TEXTS[topic ?? "main"];
}
