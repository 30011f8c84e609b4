/**
 * The emulator's market list: what `GET /v1/market/all` returns and which codes stream data.
 *
 * @module
 */

/**
 * One trading pair of the emulated exchange.
 *
 * @example A custom thin market
 * ```ts
 * import { startEmulator, type MarketSpec } from "upbit-ws/testing";
 * const thin: MarketSpec = { market: "BTC-THIN", koreanName: "씬", englishName: "Thin", price: 0.0001, depth: 4 };
 * await using emu = await startEmulator({ market: { markets: [thin] } });
 * ```
 */
export interface MarketSpec {
  /** The pair code, `{QUOTE}-{BASE}`, e.g. `KRW-BTC`. */
  market: string;
  /** Korean name for `/v1/market/all`. */
  koreanName: string;
  /** English name for `/v1/market/all`. */
  englishName: string;
  /** Starting last price. */
  price: number;
  /** Price step; derived from Upbit's tick table when omitted. */
  tickSize?: number;
  /** Levels per book side (default 40; below 30 the sent book is padded with zero slots). */
  depth?: number;
  /** `market_event.warning` of `/v1/market/all?is_details=true`. */
  warning?: boolean;
  /** `market_state` of the ticker (default `ACTIVE`). */
  marketState?: "PREVIEW" | "ACTIVE" | "DELISTED";
}

const KRW: [string, string, string, number][] = [
  ["BTC", "비트코인", "Bitcoin", 148_500_000],
  ["ETH", "이더리움", "Ethereum", 5_120_000],
  ["XRP", "엑스알피(리플)", "XRP", 3_125],
  ["SOL", "솔라나", "Solana", 281_600],
  ["DOGE", "도지코인", "Dogecoin", 331.2],
  ["ADA", "에이다", "Cardano", 1_012],
  ["TRX", "트론", "TRON", 402.5],
  ["AVAX", "아발란체", "Avalanche", 41_230],
  ["LINK", "체인링크", "Chainlink", 30_150],
  ["DOT", "폴카닷", "Polkadot", 6_145],
  ["BCH", "비트코인캐시", "Bitcoin Cash", 712_500],
  ["ETC", "이더리움클래식", "Ethereum Classic", 29_870],
  ["SHIB", "시바이누", "Shiba Inu", 0.01952],
  ["SUI", "수이", "Sui", 5_210],
  ["XLM", "스텔라루멘", "Stellar Lumens", 512.3],
  ["HBAR", "헤데라", "Hedera", 318.4],
  ["NEAR", "니어프로토콜", "NEAR Protocol", 4_055],
  ["APT", "앱토스", "Aptos", 7_020],
  ["USDT", "테더", "Tether", 1_402],
  ["ATOM", "코스모스", "Cosmos", 6_010],
  ["SAND", "샌드박스", "The Sandbox", 402.1],
];

const BTC: [string, string, string, number][] = [
  ["ETH", "이더리움", "Ethereum", 0.03447],
  ["XRP", "엑스알피(리플)", "XRP", 0.00002104],
  ["SOL", "솔라나", "Solana", 0.00189612],
  ["DOGE", "도지코인", "Dogecoin", 0.00000223],
  ["ADA", "에이다", "Cardano", 0.00000681],
];

const USDT: [string, string, string, number][] = [
  ["BTC", "비트코인", "Bitcoin", 105_912.3],
  ["ETH", "이더리움", "Ethereum", 3_651.27],
  ["XRP", "엑스알피(리플)", "XRP", 2.2291],
  ["SOL", "솔라나", "Solana", 200.84],
];

/**
 * The default market list: 21 KRW pairs (KRW-BTC, KRW-ETH, KRW-XRP, KRW-SOL, KRW-DOGE, …),
 * 5 BTC pairs and 4 USDT pairs, at realistic prices.
 *
 * @returns a fresh array (callers may modify it)
 *
 * @example The first three codes
 * ```ts
 * import { defaultMarkets } from "upbit-ws/testing";
 * console.log(defaultMarkets().map((m) => m.market).slice(0, 3)); // ["KRW-BTC", "KRW-ETH", "KRW-XRP"]
 * ```
 */
export function defaultMarkets(): MarketSpec[] {
  const out: MarketSpec[] = [];
  for (const [quote, list] of [["KRW", KRW], ["BTC", BTC], ["USDT", USDT]] as const) {
    for (const [base, koreanName, englishName, price] of list) {
      out.push({ market: `${quote}-${base}`, koreanName, englishName, price });
    }
  }
  const eth = out.find((m) => m.market === "KRW-ETH");
  if (eth) eth.warning = true; // as in the doc example of is_details=true
  return out;
}

/**
 * The codes that trade often and stream orderbooks on the 100 ms grid by default.
 *
 * @example Is a code busy?
 * ```ts
 * import { DEFAULT_ACTIVE_CODES } from "upbit-ws/testing";
 * console.log(DEFAULT_ACTIVE_CODES.includes("KRW-BTC")); // true
 * ```
 */
export const DEFAULT_ACTIVE_CODES: readonly string[] = Object.freeze([
  "KRW-BTC",
  "KRW-ETH",
  "KRW-XRP",
  "KRW-SOL",
  "KRW-DOGE",
  "USDT-BTC",
  "BTC-ETH",
]);

/**
 * Upbit's price step for a pair at a price: the KRW tick table, 1 satoshi on BTC pairs and seven
 * significant digits on USDT pairs.
 *
 * @param market the pair code
 * @param price the price
 * @returns the tick size
 *
 * @example KRW-BTC moves in 1000 KRW steps
 * ```ts
 * import { tickSizeFor } from "upbit-ws/testing";
 * console.log(tickSizeFor("KRW-BTC", 148_500_000)); // 1000
 * ```
 */
export function tickSizeFor(market: string, price: number): number {
  const quote = market.split("-")[0];
  if (quote === "BTC") return 0.00000001;
  if (quote !== "KRW") {
    const e = Math.floor(Math.log10(Math.max(price, 1e-8))) - 6;
    return Math.max(1e-8, Number(`1e${e}`));
  }
  const table: [number, number][] = [
    [2_000_000, 1000],
    [1_000_000, 500],
    [500_000, 100],
    [100_000, 50],
    [10_000, 10],
    [1_000, 1],
    [100, 0.1],
    [10, 0.01],
    [1, 0.001],
    [0.1, 0.0001],
    [0.01, 0.00001],
    [0.001, 0.000001],
    [0.0001, 0.0000001],
  ];
  for (const [min, tick] of table) if (price >= min) return tick;
  return 0.00000001;
}

/**
 * The orderbook `level` values a pair accepts: `0` everywhere, and on KRW pairs the tick size
 * times 1, 10, …, 100000 (what `GET /v1/orderbook/instruments` reports as `supported_levels`).
 *
 * @param market the pair code
 * @param tick the pair's tick size
 * @returns the supported levels, ascending
 *
 * @example Levels of KRW-BTC
 * ```ts
 * import { supportedLevels } from "upbit-ws/testing";
 * console.log(supportedLevels("KRW-BTC", 1000)); // [0, 1000, 10000, 100000, 1000000, 10000000, 100000000]
 * ```
 */
export function supportedLevels(market: string, tick: number): number[] {
  if (!market.startsWith("KRW-")) return [0];
  const out = [0];
  for (let k = 0; k <= 5; k++) out.push(Number((tick * 10 ** k).toPrecision(12)));
  return out;
}
