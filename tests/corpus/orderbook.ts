/**
 * Orderbook frames as real Upbit servers send them.
 *
 * @module
 */
import type { OrderbookEvent } from "../../src/types.ts";
import type { CorpusEntry } from "./_entry.ts";

/** Orderbook frames. */
export const ORDERBOOK_CORPUS: CorpusEntry<OrderbookEvent>[] = [
  {
    fact: "§7.3: the docs' DEFAULT example (units cut to 3), level 0",
    frame: {
      type: "orderbook",
      code: "KRW-BTC",
      timestamp: 1746601573804,
      total_ask_size: 4.79158413,
      total_bid_size: 2.65609625,
      orderbook_units: [
        { ask_price: 137002000, bid_price: 137001000, ask_size: 0.10623869, bid_size: 0.03656812 },
        { ask_price: 137023000, bid_price: 137000000, ask_size: 0.06144079, bid_size: 0.33543284 },
        { ask_price: 137050000, bid_price: 136999000, ask_size: 0.0055433, bid_size: 0.00104379 },
      ],
      stream_type: "SNAPSHOT",
      level: 0,
    },
    event: {
      type: "orderbook",
      code: "KRW-BTC",
      totalAskSize: 4.79158413,
      totalBidSize: 2.65609625,
      orderbookUnits: [
        { askPrice: 137002000, bidPrice: 137001000, askSize: 0.10623869, bidSize: 0.03656812 },
        { askPrice: 137023000, bidPrice: 137000000, askSize: 0.06144079, bidSize: 0.33543284 },
        { askPrice: 137050000, bidPrice: 136999000, askSize: 0.0055433, bidSize: 0.00104379 },
      ],
      timestamp: 1746601573804,
      level: 0,
      streamType: "SNAPSHOT",
    },
  },
  {
    fact: "§10.1: a thin bid side padded with zero slots (price 0 = empty slot; live capture)",
    frame: {
      type: "orderbook",
      code: "BTC-XYZ",
      timestamp: 1788335180401,
      total_ask_size: 20.7,
      total_bid_size: 3.1,
      orderbook_units: [
        { ask_price: 0.00000688, bid_price: 0.00000671, ask_size: 12.0, bid_size: 3.1 },
        { ask_price: 0.00000689, bid_price: 0, ask_size: 8.7, bid_size: 0 },
      ],
      stream_type: "REALTIME",
      level: 0,
    },
    event: {
      type: "orderbook",
      code: "BTC-XYZ",
      totalAskSize: 20.7,
      totalBidSize: 3.1,
      orderbookUnits: [
        { askPrice: 0.00000688, bidPrice: 0.00000671, askSize: 12, bidSize: 3.1 },
        { askPrice: 0.00000689, bidPrice: 0, askSize: 8.7, bidSize: 0 },
      ],
      timestamp: 1788335180401,
      level: 0,
      streamType: "REALTIME",
    },
  },
  {
    fact: "§7.3: SIMPLE wire capture by the probe (Java exponents 7.9276E-4, 5.0E-4)",
    frame: {
      type: "orderbook",
      code: "KRW-BTC",
      timestamp: 1790134773006,
      total_ask_size: 0.48514983,
      total_bid_size: 2.2403413,
      orderbook_units: [
        { ask_price: 116606000, bid_price: 116534000, ask_size: 0.06288509, bid_size: 0.00079276 },
        { ask_price: 116609000, bid_price: 116521000, ask_size: 0.0005, bid_size: 0.01624318 },
      ],
      stream_type: "SNAPSHOT",
      level: 0,
    },
    event: {
      type: "orderbook",
      code: "KRW-BTC",
      totalAskSize: 0.48514983,
      totalBidSize: 2.2403413,
      orderbookUnits: [
        { askPrice: 116606000, bidPrice: 116534000, askSize: 0.06288509, bidSize: 0.00079276 },
        { askPrice: 116609000, bidPrice: 116521000, askSize: 0.0005, bidSize: 0.01624318 },
      ],
      timestamp: 1790134773006,
      level: 0,
      streamType: "SNAPSHOT",
    },
  },
  {
    fact: "§3.3: a frame from before price grouping, without level (read as 0)",
    frame: {
      type: "orderbook",
      code: "KRW-ETH",
      timestamp: 1700000000000,
      total_ask_size: 1.5,
      total_bid_size: 2.5,
      orderbook_units: [{ ask_price: 2900000, bid_price: 2899000, ask_size: 1.5, bid_size: 2.5 }],
      stream_type: "REALTIME",
    },
    event: {
      type: "orderbook",
      code: "KRW-ETH",
      totalAskSize: 1.5,
      totalBidSize: 2.5,
      orderbookUnits: [{ askPrice: 2900000, bidPrice: 2899000, askSize: 1.5, bidSize: 2.5 }],
      timestamp: 1700000000000,
      level: 0,
      streamType: "REALTIME",
    },
  },
  {
    fact:
      "§7.3: the docs' SIMPLE_LIST example echoes a grouping level (10000); its stream_type was cut by the doc's truncation",
    frame: {
      type: "orderbook",
      code: "KRW-BTC",
      timestamp: 1751855921432,
      total_ask_size: 17.12835169,
      total_bid_size: 4.81969018,
      orderbook_units: [
        { ask_price: 148880000, bid_price: 148830000, ask_size: 0.37765316, bid_size: 0.34809059 },
      ],
      stream_type: "SNAPSHOT",
      level: 10000,
    },
    event: {
      type: "orderbook",
      code: "KRW-BTC",
      totalAskSize: 17.12835169,
      totalBidSize: 4.81969018,
      orderbookUnits: [
        { askPrice: 148880000, bidPrice: 148830000, askSize: 0.37765316, bidSize: 0.34809059 },
      ],
      timestamp: 1751855921432,
      level: 10000,
      streamType: "SNAPSHOT",
    },
  },
];
