/**
 * Trade frames as real Upbit servers send them.
 *
 * @module
 */
import type { TradeEvent } from "../../src/types.ts";
import type { CorpusEntry } from "./_entry.ts";

const DOC_FRAME = {
  type: "trade",
  code: "KRW-BTC",
  timestamp: 1787728554853,
  trade_date: "2026-08-26",
  trade_time: "07:15:54",
  trade_timestamp: 1787728554797,
  trade_price: 109847000.0,
  trade_volume: 0.00509799,
  ask_bid: "ASK",
  prev_closing_price: 109165000.0,
  change: "RISE",
  change_price: 682000.0,
  sequential_id: 17877285547970000n,
  best_ask_price: 109867000,
  best_ask_size: 0.0099545,
  best_bid_price: 109847000,
  best_bid_size: 0.1583673,
  stream_type: "SNAPSHOT",
};

const DOC_EVENT: TradeEvent = {
  type: "trade",
  code: "KRW-BTC",
  tradePrice: 109847000,
  tradeVolume: 0.00509799,
  askBid: "ASK",
  prevClosingPrice: 109165000,
  change: "RISE",
  changePrice: 682000,
  tradeDate: "2026-08-26",
  tradeTime: "07:15:54",
  tradeTimestamp: 1787728554797,
  timestamp: 1787728554853,
  sequentialId: "17877285547970000",
  bestAskPrice: 109867000,
  bestAskSize: 0.0099545,
  bestBidPrice: 109847000,
  bestBidSize: 0.1583673,
  streamType: "SNAPSHOT",
};

// Two trades of one millisecond (live capture 2026-09-02): JSON.parse reads both ids as
// 17883351803770004.
const SAME_MS = {
  type: "trade",
  code: "KRW-BTC",
  timestamp: 1788335180401,
  trade_date: "2026-09-02",
  trade_time: "07:46:20",
  trade_timestamp: 1788335180377,
  trade_price: 110508000.0,
  trade_volume: 0.0003,
  ask_bid: "BID",
  prev_closing_price: 110001000.0,
  change: "RISE",
  change_price: 507000.0,
  sequential_id: 17883351803770004n,
  best_ask_price: 110508000,
  best_ask_size: 0.01263012,
  best_bid_price: 110507000,
  best_bid_size: 0.26451003,
  stream_type: "REALTIME",
};

const SAME_MS_EVENT: TradeEvent = {
  type: "trade",
  code: "KRW-BTC",
  tradePrice: 110508000,
  tradeVolume: 0.0003,
  askBid: "BID",
  prevClosingPrice: 110001000,
  change: "RISE",
  changePrice: 507000,
  tradeDate: "2026-09-02",
  tradeTime: "07:46:20",
  tradeTimestamp: 1788335180377,
  timestamp: 1788335180401,
  sequentialId: "17883351803770004",
  bestAskPrice: 110508000,
  bestAskSize: 0.01263012,
  bestBidPrice: 110507000,
  bestBidSize: 0.26451003,
  streamType: "REALTIME",
};

const {
  best_ask_price: _bap,
  best_ask_size: _bas,
  best_bid_price: _bbp,
  best_bid_size: _bbs,
  ...WITHOUT_BEST
} = DOC_FRAME;

/** Trade frames. */
export const TRADE_CORPUS: CorpusEntry<TradeEvent>[] = [
  {
    fact: "§7.2: the docs' 2026 DEFAULT example (id above 2^53)",
    frame: DOC_FRAME,
    event: DOC_EVENT,
  },
  {
    fact: "§10.1: two trades in one millisecond, ids …0004 and …0005 (live capture 2026-09-02)",
    frame: SAME_MS,
    event: SAME_MS_EVENT,
  },
  {
    fact: "§10.1: the second trade of that millisecond, sequential_id 17883351803770005",
    frame: { ...SAME_MS, sequential_id: 17883351803770005n, trade_volume: 0.00012 },
    event: { ...SAME_MS_EVENT, sequentialId: "17883351803770005", tradeVolume: 0.00012 },
  },
  {
    fact:
      "§7.8: the docs' JSON_LIST example, id 17303368620800006 (a double holds it only because it is even)",
    frame: {
      type: "trade",
      code: "KRW-ETH",
      timestamp: 1730336862120,
      trade_date: "2024-10-31",
      trade_time: "01:07:42",
      trade_timestamp: 1730336862080,
      trade_price: 3700000.0,
      trade_volume: 0.02207517,
      ask_bid: "BID",
      prev_closing_price: 3695000.0,
      change: "RISE",
      change_price: 5000.0,
      sequential_id: 17303368620800006n,
      best_ask_price: 3700000,
      best_ask_size: 0.39101775,
      best_bid_price: 3699000,
      best_bid_size: 0.13499454,
      stream_type: "SNAPSHOT",
    },
    event: {
      type: "trade",
      code: "KRW-ETH",
      tradePrice: 3700000,
      tradeVolume: 0.02207517,
      askBid: "BID",
      prevClosingPrice: 3695000,
      change: "RISE",
      changePrice: 5000,
      tradeDate: "2024-10-31",
      tradeTime: "01:07:42",
      tradeTimestamp: 1730336862080,
      timestamp: 1730336862120,
      sequentialId: "17303368620800006",
      bestAskPrice: 3700000,
      bestAskSize: 0.39101775,
      bestBidPrice: 3699000,
      bestBidSize: 0.13499454,
      streamType: "SNAPSHOT",
    },
  },
  {
    fact: "§10.1: a trade without best_ask_*/best_bid_* (live frames quoted by two other clients)",
    frame: WITHOUT_BEST,
    event: {
      ...DOC_EVENT,
      bestAskPrice: null,
      bestAskSize: null,
      bestBidPrice: null,
      bestBidSize: null,
    },
  },
  {
    fact: "§3.2: an older id scheme (×1000), below 2^53",
    frame: { ...WITHOUT_BEST, sequential_id: 1523531768829000n },
    event: {
      ...DOC_EVENT,
      sequentialId: "1523531768829000",
      bestAskPrice: null,
      bestAskSize: null,
      bestBidPrice: null,
      bestBidSize: null,
    },
  },
];
