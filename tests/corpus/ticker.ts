/**
 * Ticker frames as real Upbit servers send them.
 *
 * @module
 */
import type { TickerEvent } from "../../src/types.ts";
import type { CorpusEntry } from "./_entry.ts";

const DOC_FRAME = {
  type: "ticker",
  code: "KRW-BTC",
  opening_price: 31883000,
  high_price: 32310000,
  low_price: 31855000,
  trade_price: 32287000,
  prev_closing_price: 31883000,
  acc_trade_price: 78039261076.51241,
  change: "RISE",
  change_price: 404000,
  signed_change_price: 404000,
  change_rate: 0.0126713295,
  signed_change_rate: 0.0126713295,
  ask_bid: "ASK",
  trade_volume: 0.03103806,
  acc_trade_volume: 2429.58834336,
  trade_date: "20230221",
  trade_time: "074102",
  trade_timestamp: 1676965262139,
  acc_ask_volume: 1146.25573608,
  acc_bid_volume: 1283.33260728,
  highest_52_week_price: 57678000,
  highest_52_week_date: "2022-03-28",
  lowest_52_week_price: 20700000,
  lowest_52_week_date: "2022-12-30",
  market_state: "ACTIVE",
  is_trading_suspended: false,
  delisting_date: null,
  market_warning: "NONE",
  timestamp: 1676965262177,
  acc_trade_price_24h: 228827082483.70729,
  acc_trade_volume_24h: 7158.8028356,
  stream_type: "REALTIME",
};

const DOC_EVENT: TickerEvent = {
  type: "ticker",
  code: "KRW-BTC",
  openingPrice: 31883000,
  highPrice: 32310000,
  lowPrice: 31855000,
  tradePrice: 32287000,
  prevClosingPrice: 31883000,
  change: "RISE",
  changePrice: 404000,
  signedChangePrice: 404000,
  changeRate: 0.0126713295,
  signedChangeRate: 0.0126713295,
  tradeVolume: 0.03103806,
  accTradeVolume: 2429.58834336,
  accTradeVolume24h: 7158.8028356,
  accTradePrice: 78039261076.51241,
  accTradePrice24h: 228827082483.70729,
  tradeDate: "20230221",
  tradeTime: "074102",
  tradeTimestamp: 1676965262139,
  askBid: "ASK",
  accAskVolume: 1146.25573608,
  accBidVolume: 1283.33260728,
  highest52WeekPrice: 57678000,
  highest52WeekDate: "2022-03-28",
  lowest52WeekPrice: 20700000,
  lowest52WeekDate: "2022-12-30",
  marketState: "ACTIVE",
  isTradingSuspended: false,
  delistingDate: null,
  marketWarning: "NONE",
  timestamp: 1676965262177,
  streamType: "REALTIME",
};

const { is_trading_suspended: _its, market_warning: _mw, ...WITHOUT_DEPRECATED } = DOC_FRAME;

/** Ticker frames. */
export const TICKER_CORPUS: CorpusEntry<TickerEvent>[] = [
  {
    fact: "§7.1: the docs' DEFAULT example, verbatim values",
    frame: DOC_FRAME,
    event: DOC_EVENT,
  },
  {
    fact:
      "§10.1: is_trading_suspended and market_warning announced for removal; a frame without them",
    frame: WITHOUT_DEPRECATED,
    event: { ...DOC_EVENT, isTradingSuspended: undefined, marketWarning: undefined },
  },
  {
    fact: "§10.1: acc_trade_price_24h / acc_trade_volume_24h null (an older live capture)",
    frame: { ...DOC_FRAME, acc_trade_price_24h: null, acc_trade_volume_24h: null },
    event: { ...DOC_EVENT, accTradePrice24h: null, accTradeVolume24h: null },
  },
  {
    fact:
      "§3.1 legacy: trade_status / market_state_for_ios sent as null by older servers (ignored)",
    frame: { ...DOC_FRAME, trade_status: null, market_state_for_ios: null },
    event: DOC_EVENT,
  },
  {
    fact: "§10.1 rule: an unknown extra field (nested, too) never drops a frame",
    frame: {
      ...DOC_FRAME,
      market_event: { warning: false, caution: { PRICE_FLUCTUATIONS: true } },
    },
    event: DOC_EVENT,
  },
  {
    fact: "§3.1: a market under delisting (delisting_date set, market_warning CAUTION)",
    frame: {
      ...DOC_FRAME,
      code: "KRW-XYZ",
      market_state: "ACTIVE",
      delisting_date: "2026-12-15",
      market_warning: "CAUTION",
    },
    event: {
      ...DOC_EVENT,
      code: "KRW-XYZ",
      delistingDate: "2026-12-15",
      marketWarning: "CAUTION",
    },
  },
];
