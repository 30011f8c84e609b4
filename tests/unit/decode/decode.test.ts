import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createDecoder, type Decoder, type DecoderOptions } from "../../../src/decode/decode.ts";
import { DecodeError } from "../../../src/errors.ts";
import type { CandleType, UpbitEvent } from "../../../src/types.ts";
import {
  allDefaultFrames,
  CANDLE_SIMPLE_LIST_TEXT,
  candleFrame,
  encodeFrame,
  ERROR_TEXT,
  LIST_SUBSCRIPTIONS_TEXTS,
  MY_ASSET_SIMPLE_TEXT,
  MY_ASSET_TEXT,
  MY_ORDER_SIMPLE_TEXT,
  myAssetFrame,
  myOrderFrame,
  ORDERBOOK_SIMPLE_TEXT,
  orderbookFrame,
  orderbookFrame30,
  STATUS_TEXT,
  TICKER_SIMPLE_TEXT,
  TICKER_TEXT,
  tickerFrame,
  toSimple,
  TRADE_JSON_LIST_TEXT,
  TRADE_LEGACY_TEXT,
  TRADE_SIMPLE_TEXT,
  tradeFrame,
} from "../../_helpers/frames.ts";

type Call =
  | { kind: "event"; event: UpbitEvent }
  | { kind: "status"; status: string }
  | { kind: "serverError"; name: string; message: string }
  | { kind: "subscriptions"; list: unknown; ticket: string | undefined }
  | { kind: "invalid"; error: DecodeError };

/** Decodes each input with one decoder and returns every sink call, in order. */
function run(
  inputs: unknown[],
  options?: DecoderOptions,
  decoder: Decoder = createDecoder(options),
): Call[] {
  const calls: Call[] = [];
  for (const input of inputs) {
    decoder.decode(input as string, {
      event: (event) => calls.push({ kind: "event", event }),
      status: (status) => calls.push({ kind: "status", status }),
      serverError: (name, message) => calls.push({ kind: "serverError", name, message }),
      subscriptions: (list, ticket) => calls.push({ kind: "subscriptions", list, ticket }),
      invalid: (error) => calls.push({ kind: "invalid", error }),
    });
  }
  return calls;
}

function events(calls: Call[]): UpbitEvent[] {
  return calls.map((c) => {
    if (c.kind !== "event") assert.fail(`expected an event, got ${show(c)}`);
    return c.event;
  });
}

function show(c: Call): string {
  return c.kind === "invalid" ? `invalid: ${c.error.message}` : c.kind;
}

function errors(calls: Call[]): DecodeError[] {
  return calls.flatMap((c) => (c.kind === "invalid" ? [c.error] : []));
}

/** Decodes one input that must yield exactly one event. */
function one(input: unknown, options?: DecoderOptions): UpbitEvent {
  const calls = run([input], options);
  assert.equal(calls.length, 1, calls.map(show).join("; "));
  return events(calls)[0] as UpbitEvent;
}

/** Decodes one input that must yield exactly one DecodeError. */
function bad(input: unknown, options?: DecoderOptions): DecodeError {
  const calls = run([input], options);
  assert.equal(calls.length, 1);
  const [call] = calls;
  assert.equal(call?.kind, "invalid");
  assert.ok(call.error instanceof DecodeError);
  assert.equal(call.error.code, "DECODE");
  return call.error;
}

const TICKER_EVENT = {
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

const TRADE_EVENT = {
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

const ORDERBOOK_EVENT = {
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
};

const CANDLE_EVENT = {
  type: "candle.1m",
  code: "KRW-BTC",
  candleDateTimeUtc: "2026-08-26T08:08:00",
  candleDateTimeKst: "2026-08-26T17:08:00",
  openingPrice: 109715000,
  highPrice: 109756000,
  lowPrice: 109714000,
  tradePrice: 109756000,
  candleAccTradeVolume: 0.71326612,
  candleAccTradePrice: 78269528.64757,
  timestamp: 1787731717049,
  streamType: "SNAPSHOT",
};

const MY_ORDER_EVENT = {
  type: "myOrder",
  code: "KRW-BTC",
  uuid: "ac2dc2a3-fce9-40a2-a4f6-5987c25c438f",
  askBid: "BID",
  orderType: "limit",
  state: "trade",
  tradeUuid: "68315169-fba4-4175-ade3-aff14a616657",
  price: 0.001453,
  avgPrice: 0.00145372,
  volume: 30925891.29839369,
  remainingVolume: 29968038.09235948,
  executedVolume: 30925891.29839369,
  tradesCount: 1,
  reservedFee: 44.23943970238218,
  remainingFee: 21.77177967409916,
  paidFee: 22.467660028283017,
  locked: 43565.33112787242,
  executedFunds: 44935.32005656603,
  timeInForce: null,
  tradeFee: 22.467660028283017,
  isMaker: true,
  identifier: "test-1",
  smpType: "cancel_maker",
  preventedVolume: 1.174291929,
  preventedLocked: 0.001706246173,
  tradeTimestamp: 1710751590421,
  orderTimestamp: 1710751590000,
  timestamp: 1710751597500,
  streamType: "REALTIME",
};

const MY_ASSET_EVENT = {
  type: "myAsset",
  assetUuid: "e635f223-1609-4969-8fb6-4376937baad6",
  assets: [{ currency: "KRW", balance: 1386929.3723106678, locked: 10329.670127489597 }],
  assetTimestamp: 1710146517259,
  timestamp: 1710146517267,
  streamType: "REALTIME",
};

const EXPECTED: Record<string, object> = {
  ticker: TICKER_EVENT,
  trade: TRADE_EVENT,
  orderbook: ORDERBOOK_EVENT,
  "candle.1m": CANDLE_EVENT,
  myOrder: MY_ORDER_EVENT,
  myAsset: MY_ASSET_EVENT,
};

const CANDLE_TYPES: CandleType[] = [
  "candle.1s",
  "candle.1m",
  "candle.3m",
  "candle.5m",
  "candle.10m",
  "candle.15m",
  "candle.30m",
  "candle.60m",
  "candle.240m",
];

/** The four wire formats of one DEFAULT frame, as text. */
function fourFormats(frame: object): [string, string][] {
  const simple = toSimple(frame);
  return [
    ["DEFAULT", JSON.stringify(frame)],
    ["SIMPLE", JSON.stringify(simple)],
    ["JSON_LIST", JSON.stringify([frame])],
    ["SIMPLE_LIST", JSON.stringify([simple])],
  ];
}

describe("createDecoder() data frames", () => {
  for (const frame of allDefaultFrames()) {
    it(`decodes the doc's ${frame.type} in DEFAULT, SIMPLE, JSON_LIST and SIMPLE_LIST`, () => {
      for (const [format, text] of fourFormats(frame)) {
        for (const validate of ["first", "always", "never"] as const) {
          assert.deepEqual(one(text, { validate }), EXPECTED[frame.type], `${format} ${validate}`);
        }
      }
    });
  }

  it("decodes every candle interval in all four formats", () => {
    for (const type of CANDLE_TYPES) {
      for (const [format, text] of fourFormats(candleFrame({ type }))) {
        assert.deepEqual(one(text, { validate: "always" }), { ...CANDLE_EVENT, type }, format);
      }
    }
  });

  it("decodes the doc's verbatim DEFAULT ticker (Java-style trailing zeros)", () => {
    assert.deepEqual(one(TICKER_TEXT, { validate: "always" }), TICKER_EVENT);
  });

  it("decodes the doc's SIMPLE examples to the same events as their DEFAULT twins", () => {
    const pairs: [string, object][] = [
      [TICKER_SIMPLE_TEXT, tickerFrame()],
      [TRADE_SIMPLE_TEXT, tradeFrame()],
      [MY_ORDER_SIMPLE_TEXT, myOrderFrame()],
      [MY_ASSET_SIMPLE_TEXT, myAssetFrame()],
    ];
    for (const [simple, twin] of pairs) {
      const fromSimple = one(simple, { validate: "always" });
      assert.deepEqual(fromSimple, one(JSON.stringify(twin), { validate: "always" }));
      assert.deepEqual(fromSimple, EXPECTED[fromSimple.type]);
    }
  });

  it("decodes the doc's SIMPLE_LIST candle", () => {
    assert.deepEqual(one(CANDLE_SIMPLE_LIST_TEXT, { validate: "always" }), {
      type: "candle.1s",
      code: "KRW-BTC",
      candleDateTimeUtc: "2025-07-07T02:29:24",
      candleDateTimeKst: "2025-07-07T11:29:24",
      openingPrice: 149000000,
      highPrice: 149000000,
      lowPrice: 149000000,
      tradePrice: 149000000,
      candleAccTradeVolume: 0.00033557,
      candleAccTradePrice: 49999.93,
      timestamp: 1751855364161,
      streamType: "SNAPSHOT",
    });
  });

  it("reads Java-style exponents (7.9276E-4, 5.0E-4, 1.16539E8)", () => {
    const book = one(ORDERBOOK_SIMPLE_TEXT, { validate: "always" });
    assert.equal(book.type, "orderbook");
    assert.deepEqual(book.orderbookUnits, [
      { askPrice: 116606000, bidPrice: 116534000, askSize: 0.06288509, bidSize: 0.00079276 },
      { askPrice: 116609000, bidPrice: 116521000, askSize: 0.0005, bidSize: 0.01624318 },
    ]);
    const text = TICKER_TEXT.replace('"trade_price":32287000', '"trade_price":1.16539E8');
    const ticker = one(text, { validate: "always" });
    assert.equal(ticker.type === "ticker" && ticker.tradePrice, 116539000);
  });

  it("decodes the doc's JSON_LIST frame into two events, in order", () => {
    const calls = run([TRADE_JSON_LIST_TEXT], { validate: "always" });
    assert.deepEqual(
      events(calls).map((e) => e.type === "trade" && [e.code, e.sequentialId]),
      [["KRW-BTC", "17303368620470000"], ["KRW-ETH", "17303368620800006"]],
    );
  });

  it("decodes a 30-level orderbook", () => {
    const book = one(encodeFrame(orderbookFrame30()), { validate: "always" });
    assert.equal(book.type === "orderbook" && book.orderbookUnits.length, 30);
  });

  it("does not copy unknown fields, including legacy ticker keys", () => {
    const frame = tickerFrame({ trade_status: null, market_state_for_ios: null, extra: { a: 1 } });
    for (const [format, text] of fourFormats(frame)) {
      assert.deepEqual(one(text, { validate: "always" }), TICKER_EVENT, format);
    }
    const unit = { ...orderbookFrame().orderbook_units[0], extra: 1 };
    const book = one(JSON.stringify(orderbookFrame({ orderbook_units: [unit] })));
    assert.deepEqual(book.type === "orderbook" && Object.keys(book.orderbookUnits[0] ?? {}), [
      "askPrice",
      "bidPrice",
      "askSize",
      "bidSize",
    ]);
  });

  it("accepts the legacy SIMPLE `mk` key as the code", () => {
    const simple = toSimple(tradeFrame());
    const { cd, ...rest } = simple;
    assert.equal(cd, "KRW-BTC");
    for (const validate of ["first", "always"] as const) {
      assert.deepEqual(one(JSON.stringify({ ...rest, mk: "KRW-BTC" }), { validate }), TRADE_EVENT);
    }
  });

  it("reports the 2018 SIMPLE trade, which has no type at all", () => {
    const error = bad(TRADE_LEGACY_TEXT);
    assert.equal(error.message, 'Cannot decode a frame as field "type" is missing');
    assert.equal(error.frameType, undefined);
  });

  it("maps null or absent nullable fields to null", () => {
    const absent = myOrderFrame({ state: "wait" });
    for (
      const key of [
        "trade_uuid",
        "time_in_force",
        "trade_fee",
        "is_maker",
        "identifier",
        "smp_type",
        "trade_timestamp",
      ] as const
    ) delete absent[key];
    const nulls = myOrderFrame({
      state: "wait",
      trade_uuid: null,
      trade_fee: null,
      is_maker: null,
      identifier: null,
      smp_type: null,
      trade_timestamp: null,
    });
    const expected = {
      ...MY_ORDER_EVENT,
      state: "wait",
      tradeUuid: null,
      timeInForce: null,
      tradeFee: null,
      isMaker: null,
      identifier: null,
      smpType: null,
      tradeTimestamp: null,
    };
    for (const frame of [absent, nulls]) {
      for (const [format, text] of fourFormats(frame)) {
        assert.deepEqual(one(text, { validate: "always" }), expected, format);
      }
    }
    const ticker = tickerFrame();
    delete ticker.delisting_date;
    assert.deepEqual(one(JSON.stringify(ticker), { validate: "always" }), TICKER_EVENT);
    const delisting = one(JSON.stringify(tickerFrame({ delisting_date: "2026-12-01" })));
    assert.equal(delisting.type === "ticker" && delisting.delistingDate, "2026-12-01");
  });

  it("reads a missing orderbook level as 0", () => {
    const frame = orderbookFrame();
    delete frame.level;
    for (const [format, text] of fourFormats(frame)) {
      assert.deepEqual(one(text, { validate: "always" }), ORDERBOOK_EVENT, format);
    }
  });

  it("accepts text, ArrayBuffer, Uint8Array, an offset view and a DataView", () => {
    const text = JSON.stringify(tradeFrame());
    const bytes = encodeFrame(text);
    const padded = new Uint8Array(bytes.length + 10);
    padded.set(bytes, 5);
    const inputs = [
      text,
      bytes,
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
      padded.subarray(5, 5 + bytes.length),
      new DataView(padded.buffer, 5, bytes.length),
    ];
    assert.deepEqual(events(run(inputs)), inputs.map(() => TRADE_EVENT));
  });

  it("decodes UTF-8 text beyond ASCII", () => {
    const frame = myOrderFrame({ identifier: "주문-✓-🚀" });
    const e = one(encodeFrame(frame));
    assert.equal(e.type === "myOrder" && e.identifier, "주문-✓-🚀");
  });

  it("reports a number that overflows to Infinity when validating, and delivers the frame", () => {
    const text = JSON.stringify(tickerFrame()).replace(
      /"trade_price":[^,]+/,
      '"trade_price":1e999',
    );
    const calls = run([text], { validate: "always" });
    assert.equal(errors(calls).length, 1);
    assert.match(errors(calls)[0]!.message, /trade_price/);
    assert.equal(errors(calls)[0]!.delivered, true);
    const e = calls.at(-1);
    assert.ok(e?.kind === "event" && e.event.type === "ticker");
    assert.equal(e.event.tradePrice, Infinity);
  });

  it("delivers an empty list frame as nothing", () => {
    assert.deepEqual(run(["[]", encodeFrame("[]")]), []);
  });
});

describe("createDecoder() control frames", () => {
  it('hands {"status":"UP"} to sink.status, as text or binary', () => {
    assert.deepEqual(run([STATUS_TEXT, encodeFrame(STATUS_TEXT)]), [
      { kind: "status", status: "UP" },
      { kind: "status", status: "UP" },
    ]);
  });

  it("hands error frames to sink.serverError in either key order", () => {
    const reversed = `{"error":{"message":"codes 필드가 존재하지 않습니다.","name":"NO_CODES"}}`;
    assert.deepEqual(run([ERROR_TEXT, encodeFrame(reversed)]), [
      { kind: "serverError", name: "WRONG_FORMAT", message: "Format 이 맞지 않습니다." },
      { kind: "serverError", name: "NO_CODES", message: "codes 필드가 존재하지 않습니다." },
    ]);
  });

  it("reports malformed error and status frames", () => {
    const cases: [string, string][] = [
      [
        `{"error":{"name":400,"message":"x"}}`,
        'Cannot decode an error frame as field "error.name" must be a string: current type is "number"',
      ],
      [
        `{"error":{"name":"X"}}`,
        'Cannot decode an error frame as field "error.message" must be a string: current type is "undefined"',
      ],
      [
        `{"error":"boom"}`,
        'Cannot decode an error frame as field "error" must be an object: current type is "string"',
      ],
      [
        `{"status":1}`,
        'Cannot decode a status frame as field "status" must be a string: current type is "number"',
      ],
    ];
    for (const [text, message] of cases) assert.equal(bad(text).message, message);
  });

  it("hands LIST_SUBSCRIPTIONS replies to sink.subscriptions in DEFAULT and SIMPLE keys", () => {
    const publicList = [
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
      { type: "orderbook", codes: ["KRW-BTC", "KRW-ETH"], level: 0 },
    ];
    assert.deepEqual(
      run([
        LIST_SUBSCRIPTIONS_TEXTS.public,
        encodeFrame(LIST_SUBSCRIPTIONS_TEXTS.simple),
        LIST_SUBSCRIPTIONS_TEXTS.private,
      ]),
      [
        { kind: "subscriptions", list: publicList, ticket: "unique uuid" },
        { kind: "subscriptions", list: publicList, ticket: "unique uuid" },
        {
          kind: "subscriptions",
          list: [{ type: "myAsset" }, { type: "myOrder", codes: ["KRW-BTC", "KRW-ETH"] }],
          ticket: "unique uuid",
        },
      ],
    );
    assert.deepEqual(
      toSimple(JSON.parse(LIST_SUBSCRIPTIONS_TEXTS.public)),
      JSON.parse(
        LIST_SUBSCRIPTIONS_TEXTS.simple,
      ),
    );
  });

  it("turns a numeric ticket into a string and tolerates a missing one", () => {
    const calls = run([
      `{"method":"LIST_SUBSCRIPTIONS","result":[],"ticket":12345}`,
      `{"mthd":"LIST_SUBSCRIPTIONS","rslt":[]}`,
    ]);
    assert.deepEqual(calls, [
      { kind: "subscriptions", list: [], ticket: "12345" },
      { kind: "subscriptions", list: [], ticket: undefined },
    ]);
  });

  it("reports malformed LIST_SUBSCRIPTIONS replies", () => {
    const cases: [string, string][] = [
      [
        `{"method":"LIST_SUBSCRIPTIONS","result":{}}`,
        'Cannot decode a LIST_SUBSCRIPTIONS reply as field "result" must be a list: current type is "object"',
      ],
      [
        `{"mthd":"LIST_SUBSCRIPTIONS","rslt":[{"ty":1}]}`,
        'Cannot decode a LIST_SUBSCRIPTIONS reply as field "rslt[0].ty" must be a string: current type is "number"',
      ],
      [
        `{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"ticker","codes":[1]}]}`,
        'Cannot decode a LIST_SUBSCRIPTIONS reply as field "result[0].codes" must be a list of strings: current type is "array"',
      ],
      [
        `{"method":"LIST_SUBSCRIPTIONS","result":[{"type":"orderbook","level":"0"}]}`,
        'Cannot decode a LIST_SUBSCRIPTIONS reply as field "result[0].level" must be a number: current type is "string"',
      ],
      [
        `{"method":"SUBSCRIBE","result":[]}`,
        'Cannot decode a reply as its method is not supported: current value is "SUBSCRIBE"',
      ],
    ];
    for (const [text, message] of cases) assert.equal(bad(text).message, message);
  });
});

describe("createDecoder() lossless", () => {
  it("keeps myAsset amounts as numbers by default", () => {
    assert.deepEqual(one(MY_ASSET_TEXT), MY_ASSET_EVENT);
    assert.deepEqual(one(encodeFrame(MY_ASSET_SIMPLE_TEXT), { lossless: false }), MY_ASSET_EVENT);
  });

  it("delivers the exact digits with lossless: true, DEFAULT and SIMPLE", () => {
    const expected = {
      ...MY_ASSET_EVENT,
      assets: [{
        currency: "KRW",
        balance: "1386929.37231066771348207123",
        locked: "10329.670127489597585685",
      }],
    };
    for (const text of [MY_ASSET_TEXT, MY_ASSET_SIMPLE_TEXT, `[${MY_ASSET_TEXT}]`]) {
      for (const validate of ["first", "always", "never"] as const) {
        assert.deepEqual(one(encodeFrame(text), { lossless: true, validate }), expected);
      }
    }
  });

  it("finds each item's amounts in a mixed list, whatever the key order and spacing", () => {
    const order = toSimple(myOrderFrame({ locked: 1.5 })); // has "l", which is not an asset
    const text =
      `[${
        JSON.stringify(order)
      }, 7, {"ast" : [ {"l": 0, "cu":"KRW", "b" : 12.340000000000000000001},` +
      `{"cu":"BTC","b":1.0E-4,"l":-0.0}], "ty":"myAsset","astuid":"a\\"ast\\":[{\\"b\\":9}",` +
      `"asttms":1,"tms":2,"st":"REALTIME"}, ${TICKER_SIMPLE_TEXT}]`;
    const calls = run([text], { lossless: true, validate: "always" });
    assert.deepEqual(calls.map((c) => c.kind), ["event", "invalid", "event", "event"]);
    const [o, , a, t] = calls.map((c) => (c.kind === "event" ? c.event : undefined));
    assert.equal(o?.type === "myOrder" && o.locked, 1.5);
    assert.deepEqual(a?.type === "myAsset" && a.assets, [
      { currency: "KRW", balance: "12.340000000000000000001", locked: "0" },
      { currency: "BTC", balance: "1.0E-4", locked: "-0.0" },
    ]);
    assert.equal(a?.type === "myAsset" && a.assetUuid, 'a"ast":[{"b":9}');
    assert.deepEqual(t, TICKER_EVENT);
  });

  it("decodes two myAsset items of one list frame, each with its own amounts", () => {
    const first = MY_ASSET_TEXT;
    const second = MY_ASSET_TEXT.replace("1386929.37231066771348207123", "5.000000000000000000001");
    const calls = run([`[${first},${second}]`], { lossless: true });
    assert.deepEqual(
      events(calls).map((e) => e.type === "myAsset" && e.assets[0]?.balance),
      ["1386929.37231066771348207123", "5.000000000000000000001"],
    );
  });

  it("leaves other types as numbers", () => {
    assert.deepEqual(one(TICKER_TEXT, { lossless: true }), TICKER_EVENT);
    assert.deepEqual(one(JSON.stringify(myOrderFrame()), { lossless: true }), MY_ORDER_EVENT);
  });
});

describe("createDecoder() exact trade ids", () => {
  const id = (text: string) => {
    const e = one(text, { validate: "always" });
    return e.type === "trade" ? e.sequentialId : undefined;
  };
  const base = JSON.stringify(tradeFrame()).replace(/"sequential_id":\d+/, '"sequential_id":ID');

  it("keeps ids above 2^53 exact, where JSON.parse rounds", () => {
    assert.equal(JSON.parse("17883351803770005"), 17883351803770004);
    assert.equal(id(base.replace("ID", "17883351803770005")), "17883351803770005");
    assert.equal(id(base.replace("ID", "9007199254740993")), "9007199254740993");
    assert.equal(id(base.replace("ID", "1")), "1");
  });

  it("finds the id whatever the spacing, and skips the same key elsewhere in the frame", () => {
    const spaced = base.replace('"sequential_id":ID', '"sequential_id" :\n 17883351803770005');
    assert.equal(id(spaced), "17883351803770005");
    // An unknown nested object holding the key before the real one, and the key inside strings.
    const stray = base.replace(
      '{"type":"trade",',
      '{"type":"trade","x":{"sequential_id":1},"note":"\\"sequential_id\\":2",',
    ).replace("ID", "17883351803770005");
    assert.equal(id(stray), "17883351803770005");
    const nestedAfter = base.replace("ID", "17883351803770005").replace(
      '"stream_type"',
      '"x":[{"sequential_id":17883351803770007}],"stream_type"',
    );
    assert.equal(id(nestedAfter), "17883351803770005");
  });

  it("gives each item of a list frame its own id, in DEFAULT and SIMPLE keys", () => {
    const texts = ["17883351803770004", "17883351803770005", "17883351803770006"].map((n) =>
      base.replace("ID", n)
    );
    const list = `[${texts[0]},${JSON.stringify(tickerFrame())},${texts[1]},${texts[2]}]`;
    const ids = (text: string) =>
      events(run([text])).flatMap((e) => e.type === "trade" ? [e.sequentialId] : []);
    assert.deepEqual(ids(list), ["17883351803770004", "17883351803770005", "17883351803770006"]);
    const simple = `[${
      texts.map((t) =>
        JSON.stringify(toSimple(JSON.parse(t))).replace(
          /"sid":\d+/,
          `"sid":${t.match(/"sequential_id":(\d+)/)?.[1]}`,
        )
      ).join(",")
    }]`;
    assert.deepEqual(ids(simple), ["17883351803770004", "17883351803770005", "17883351803770006"]);
  });

  it("accepts an id relayed as a digit string, and drops one of an impossible kind", () => {
    const relayed = run([base.replace("ID", '"17883351803770005"')], { validate: "always" });
    assert.deepEqual(relayed.map((c) => c.kind), ["invalid", "event"], "reported, delivered");
    const [report, event] = relayed;
    assert.ok(report?.kind === "invalid" && report.error.delivered);
    assert.ok(event?.kind === "event" && event.event.type === "trade");
    assert.equal(event.event.sequentialId, "17883351803770005");
    for (const value of ['"abc"', "true", "null", "1.5", "-1"]) {
      const error = bad(base.replace("ID", value));
      assert.match(error.message, /field "sequential_id"/, value);
      assert.equal(error.delivered, false);
    }
  });

  it("makes ids that survive JSON, as the NATS relay and the dashboard send events", () => {
    const e = one(base.replace("ID", "17883351803770005"));
    assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
  });
});

describe("event types: closed value sets", () => {
  it("fail to compile a misspelt comparison, and still deliver a value Upbit adds later", () => {
    const [o] = events(run([JSON.stringify(myOrderFrame({ state: "archived" }))]).slice(1));
    assert.ok(o?.type === "myOrder");
    // Type-level checks, enforced by tsc and deno check on this file:
    // @ts-expect-error "canceled" is not an order state (Upbit says "cancel")
    assert.equal(o.state === "canceled", false);
    // @ts-expect-error "MARKET" is not an order type
    assert.equal(o.orderType === "MARKET", false);
    // @ts-expect-error "SELL" is not a side (Upbit says "ASK")
    assert.equal(o.askBid === "SELL", false);
    // @ts-expect-error "snapshot" is upper case on the wire
    assert.equal(o.streamType === "snapshot", false);
    // Open sets (Upbit added values before) take any string.
    assert.equal(o.smpType === "some_future_mode", false);
    // At run time the new value is delivered as sent.
    assert.equal(o.state as string, "archived");
  });
});

describe("createDecoder() validation modes", () => {
  // "UP" is not a Change: the cheap checks let it through, the schema does not.
  const drift = JSON.stringify(tickerFrame({ change: "UP" }));
  const driftSimple = JSON.stringify(toSimple(tickerFrame({ change: "UP" })));

  it('"first" checks the first frame of each type and key style, and delivers it', () => {
    const calls = run([drift, drift, driftSimple, driftSimple, JSON.stringify(tradeFrame())]);
    assert.deepEqual(calls.map((c) => c.kind), [
      "invalid",
      "event",
      "event",
      "invalid",
      "event",
      "event",
      "event",
    ]);
    const [first, simple] = errors(calls);
    assert.equal(
      first?.message,
      'Delivered the "ticker" frame although field "change" must be "RISE" | "EVEN" | "FALL": current value is "UP" (Upbit\'s documented shape)',
    );
    assert.equal(first?.frameType, "ticker");
    assert.equal(first?.delivered, true);
    assert.match(simple?.message ?? "", /field "c" must be/);
    const delivered = calls.filter((c) => c.kind === "event").map((c) => c.event);
    assert.deepEqual(delivered[0], { ...TICKER_EVENT, change: "UP" }, "the value as sent");
  });

  it('"always" checks every frame until one fails, "never" none; every frame is delivered', () => {
    const good = JSON.stringify(tickerFrame());
    assert.deepEqual(
      run([good, good, drift, drift, driftSimple], { validate: "always" }).map((c) => c.kind),
      ["event", "event", "invalid", "event", "event", "invalid", "event"],
    );
    assert.deepEqual(run([drift, drift], { validate: "never" }).map((c) => c.kind), [
      "event",
      "event",
    ]);
  });

  it("keeps the validation state per decoder", () => {
    const a = createDecoder();
    const b = createDecoder();
    assert.equal(run([drift], {}, a)[0]?.kind, "invalid");
    assert.equal(run([drift], {}, a)[0]?.kind, "event");
    assert.equal(run([drift], {}, b)[0]?.kind, "invalid");
  });

  it("runs the cheap checks in every mode", () => {
    const text = JSON.stringify(tickerFrame({ trade_price: "32287000" }));
    for (const validate of ["first", "always", "never"] as const) {
      const error = bad(text, { validate });
      assert.equal(
        error.message,
        'Cannot decode "ticker" frame as field "trade_price" must be a number: current type is "string"',
      );
      assert.equal(error.frameType, "ticker");
    }
  });

  it("rejects bad options", () => {
    assert.throws(() => createDecoder({ validate: "sometimes" as "first" }), {
      name: "RangeError",
      message:
        'Cannot create a decoder as option "validate" must be "first", "always" or "never": current value is "sometimes"',
    });
    assert.throws(() => createDecoder({ lossless: "yes" as unknown as boolean }), TypeError);
  });
});

describe("createDecoder() bad input", () => {
  it("reports a missing or ill-typed essential field, naming the wire field", () => {
    const orderbook = orderbookFrame();
    const cases: [unknown, string][] = [
      [
        { ...tradeFrame(), code: undefined },
        'Cannot decode "trade" frame as field "code" is missing',
      ],
      [
        toSimple(tradeFrame({ trade_volume: null })),
        'Cannot decode "trade" frame as field "tv" must be a number: current type is "null"',
      ],
      [
        { ...tradeFrame(), sequential_id: undefined },
        'Cannot decode "trade" frame as field "sequential_id" is missing',
      ],
      [
        toSimple(tradeFrame({ sequential_id: 1.5 })),
        'Cannot decode "trade" frame as field "sid" must be an integer: current value is "1.5"',
      ],
      [
        tradeFrame({ best_ask_price: "1" }),
        'Cannot decode "trade" frame as field "best_ask_price" must be a number: current type is "string"',
      ],
      [
        myOrderFrame({ order_type: "price", volume: "1" }),
        'Cannot decode "myOrder" frame as field "volume" must be a number: current type is "string"',
      ],
      [
        tickerFrame({ is_trading_suspended: "false" }),
        'Cannot decode "ticker" frame as field "is_trading_suspended" must be a boolean: current type is "string"',
      ],
      [
        orderbookFrame({ orderbook_units: [orderbook.orderbook_units[0], { ask_price: "1" }] }),
        'Cannot decode "orderbook" frame as field "orderbook_units[1].ask_price" must be a number: current type is "string"',
      ],
      [
        toSimple(orderbookFrame({ orderbook_units: [null] })),
        'Cannot decode "orderbook" frame as field "obu[0]" must be an object: current type is "null"',
      ],
      [
        orderbookFrame({ orderbook_units: {} }),
        'Cannot decode "orderbook" frame as field "orderbook_units" must be a list: current type is "object"',
      ],
      [
        orderbookFrame({ level: "0" }),
        'Cannot decode "orderbook" frame as field "level" must be a number: current type is "string"',
      ],
      [
        candleFrame({ type: "candle.5m", opening_price: [] }),
        'Cannot decode "candle.5m" frame as field "opening_price" must be a number: current type is "array"',
      ],
      [
        myOrderFrame({ trade_fee: "0.1" }),
        'Cannot decode "myOrder" frame as field "trade_fee" must be a number: current type is "string"',
      ],
      [
        myAssetFrame({ assets: [{ currency: "KRW", balance: "1.5", locked: 0 }] }),
        'Cannot decode "myAsset" frame as field "assets[0].balance" must be a number: current type is "string"',
      ],
      [
        toSimple(myAssetFrame({ assets: [{ currency: 1, balance: 1, locked: 0 }] })),
        'Cannot decode "myAsset" frame as field "ast[0].cu" must be a string: current type is "number"',
      ],
      [
        { type: 7 },
        'Cannot decode a frame as field "type" must be a string: current type is "number"',
      ],
      [
        { ty: null },
        'Cannot decode a frame as field "ty" must be a string: current type is "null"',
      ],
    ];
    for (const [frame, message] of cases) {
      for (const validate of ["first", "never"] as const) {
        assert.equal(bad(JSON.stringify(frame), { validate }).message, message);
      }
    }
  });

  it("reports unknown types with their frameType", () => {
    // announcement/indicator/indicator_signal are served (tests/integration/announcement.test.ts,
    // tests/unit/decode/indicator.test.ts); candle.1d is not a WebSocket candle type.
    for (const type of ["indicators", "candle.1d", "myTrade", ""]) {
      const error = bad(JSON.stringify({ type, code: "KRW-BTC" }));
      assert.equal(error.frameType, type);
      assert.equal(error.message, `Cannot decode "${type}" frame as its type is not supported`);
    }
    const long = bad(JSON.stringify({ ty: "x".repeat(100_000) }));
    assert.ok(long.message.length < 120);
    assert.equal(long.frameType, "x".repeat(40));
  });

  it("decodes the good items of a list and reports each bad one, in order", () => {
    const good1 = tickerFrame({ code: "KRW-ETH" });
    const good2 = toSimple(tradeFrame());
    const list = [good1, 1, { type: "nope" }, tickerFrame({ trade_price: "x" }), good2, null, []];
    const calls = run([encodeFrame(list)]);
    assert.deepEqual(calls.map((c) => c.kind), [
      "event",
      "invalid",
      "invalid",
      "invalid",
      "event",
      "invalid",
      "invalid",
    ]);
    assert.deepEqual(events(calls.filter((c) => c.kind === "event")), [
      { ...TICKER_EVENT, code: "KRW-ETH" },
      TRADE_EVENT,
    ]);
    assert.deepEqual(errors(calls).map((e) => [e.message, e.frameType]), [
      [
        'Cannot decode frame item 1 as it must be a JSON object: current type is "number"',
        undefined,
      ],
      ['Cannot decode "nope" frame item 2 as its type is not supported', "nope"],
      [
        'Cannot decode "ticker" frame item 3 as field "trade_price" must be a number: current type is "string"',
        "ticker",
      ],
      ['Cannot decode frame item 5 as it must be a JSON object: current type is "null"', undefined],
      [
        'Cannot decode frame item 6 as it must be a JSON object: current type is "array"',
        undefined,
      ],
    ]);
  });

  it("reports truncated JSON without throwing", () => {
    const texts = [TICKER_TEXT, TRADE_JSON_LIST_TEXT, MY_ASSET_TEXT, STATUS_TEXT, ERROR_TEXT];
    for (const text of texts) {
      for (const cut of [0, 1, 2, 10, Math.floor(text.length / 2), text.length - 1]) {
        const truncated = text.slice(0, cut);
        for (const input of [truncated, encodeFrame(truncated)]) {
          for (const lossless of [false, true]) {
            const error = bad(input, { lossless });
            assert.match(
              error.message,
              /^Cannot decode a frame as it is not valid JSON \(length \d+\)$/,
            );
          }
        }
      }
    }
  });

  it("reads malformed UTF-8 as U+FFFD: invalid JSON outside strings, kept inside", () => {
    const status = encodeFrame(STATUS_TEXT);
    const broken = new Uint8Array([0xff, ...status]);
    assert.equal(bad(broken).message, "Cannot decode a frame as it is not valid JSON (length 16)");
    const order = encodeFrame(myOrderFrame({ identifier: "ab" }));
    const at = new TextDecoder().decode(order).indexOf('"ab"') + 2;
    const patched = new Uint8Array([...order.subarray(0, at), 0xc3, ...order.subarray(at)]);
    const e = one(patched);
    assert.equal(e.type === "myOrder" && e.identifier, "a\uFFFDb");
  });

  it("reports a detached buffer as an empty frame", () => {
    const buffer = encodeFrame(STATUS_TEXT).buffer as ArrayBuffer;
    const view = new Uint8Array(buffer);
    structuredClone(buffer, { transfer: [buffer] }); // detaches both
    for (const data of [buffer, view]) {
      assert.equal(bad(data).message, "Cannot decode a frame as it is not valid JSON (length 0)");
    }
  });

  it("reports data that is neither text nor bytes", () => {
    for (const data of [42, null, undefined, {}, [1], new Blob(["{}"])]) {
      assert.match(
        bad(data).message,
        /^Cannot decode a frame as it must be a string, an ArrayBuffer/,
      );
    }
  });

  it("reports JSON that is not an object or a list", () => {
    for (const text of ["1", '"text"', "null", "true", "PONG"]) {
      assert.match(
        bad(text).message,
        /^Cannot decode a frame as it (must be a JSON object|is not)/,
      );
    }
  });

  it("survives deep nesting", () => {
    const depth = 100_000;
    const nested = "[".repeat(depth) + "]".repeat(depth);
    for (const input of [nested, encodeFrame(nested)]) {
      const calls = run([input], { validate: "always" });
      assert.equal(calls.length, 1);
      assert.equal(calls[0]?.kind, "invalid");
    }
    const deepField = TICKER_TEXT.replace('{"type"', `{"deep":${nested},"type"`);
    const calls = run([deepField], { validate: "always", lossless: true });
    assert.equal(calls.length, 1);
    if (calls[0]?.kind === "event") assert.deepEqual(calls[0].event, TICKER_EVENT);
    else assert.equal(calls[0]?.kind, "invalid"); // an engine may refuse that depth in JSON.parse
  });

  it("decodes multi-megabyte frames", () => {
    const big = tickerFrame({ padding: "x".repeat(4_000_000) });
    assert.deepEqual(one(encodeFrame(big), { validate: "always" }), TICKER_EVENT);
    const list = Array.from(
      { length: 10_000 },
      (_, i) => toSimple(tradeFrame({ sequential_id: i })),
    );
    const bytes = encodeFrame(list);
    assert.ok(bytes.length > 2_000_000);
    const decoded = events(run([bytes], { validate: "always" }));
    assert.equal(decoded.length, 10_000);
    assert.deepEqual(decoded[9999], { ...TRADE_EVENT, sequentialId: "9999" });
    const assets = Array.from({ length: 20_000 }, (_, i) => ({
      currency: `C${i}`,
      balance: i + 0.5,
      locked: 0,
    }));
    const wallet = one(encodeFrame(myAssetFrame({ assets })), { lossless: true });
    assert.equal(wallet.type === "myAsset" && wallet.assets[19_999]?.balance, "19999.5");
  });

  it("never puts the frame's content in a message", () => {
    const secret = "SECRET-7f3a";
    const frames: unknown[] = [
      myOrderFrame({ identifier: secret, price: "x" }),
      myOrderFrame({ identifier: secret, state: 1 }),
      myAssetFrame({ asset_uuid: secret, assets: [{ currency: secret, balance: "1", locked: 0 }] }),
      { type: "myOrder", code: secret },
      { error: { name: 1, message: secret } },
      {
        method: "LIST_SUBSCRIPTIONS",
        result: [{ type: "ticker", codes: [secret, 1] }],
        ticket: secret,
      },
      `{"type":"myOrder","identifier":"${secret}"`,
      `[{"type":"myOrder","identifier":"${secret}"}, {"unknown":"${secret}"}]`,
      { ticker: secret },
    ];
    const calls = run(
      frames.map((f) => (typeof f === "string" ? f : JSON.stringify(f))),
      { validate: "always", lossless: true },
    );
    const errs = errors(calls);
    assert.equal(errs.length, calls.length);
    assert.ok(errs.length >= frames.length);
    for (const e of errs) {
      assert.ok(!e.message.includes(secret), e.message);
      assert.ok(!String(e.cause ?? "").includes(secret));
      assert.ok(!e.message.includes("KRW-BTC"), e.message);
    }
  });

  it("never throws on arbitrary JSON, arbitrary text or mutated frames", () => {
    const decoder = createDecoder({ validate: "first", lossless: true });
    const sink = {
      event: () => {},
      status: () => {},
      serverError: () => {},
      subscriptions: () => {},
      invalid: () => {},
    };
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        decoder.decode(JSON.stringify(value) ?? "", sink);
        decoder.decode(encodeFrame(JSON.stringify([value, value]) ?? ""), sink);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => decoder.decode(text, sink)),
      { numRuns: 300 },
    );
    fc.assert(fc.property(fc.uint8Array(), (bytes) => decoder.decode(bytes, sink)), {
      numRuns: 300,
    });
    const frames = allDefaultFrames().flatMap((f) => [f, toSimple(f)]);
    fc.assert(
      fc.property(
        fc.constantFrom(...frames),
        fc.nat(),
        fc.jsonValue(),
        fc.boolean(),
        (frame, index, value, list) => {
          const keys = Object.keys(frame);
          const key = keys[index % keys.length] as string;
          const mutated = { ...frame, [key]: value };
          const calls = run([JSON.stringify(list ? [mutated] : mutated)], {
            validate: "always",
            lossless: true,
          });
          // One event, one drop, or a validation report followed by its delivered event.
          const call = calls.at(-1);
          if (calls.length === 2) {
            const [first] = calls;
            assert.ok(first?.kind === "invalid" && first.error.delivered, "a report, delivered");
            assert.equal(call?.kind, "event");
          } else {
            assert.equal(calls.length, 1);
          }
          if (call?.kind === "event") assert.equal(typeof call.event.timestamp, "number");
          else assert.ok(call?.kind === "invalid" && !call.error.delivered);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("lets what the sink throws propagate, and decodes the next frame as usual", () => {
    const decoder = createDecoder({ lossless: true });
    const throwing = {
      event: () => {
        throw new Error("consumer bug");
      },
      status: () => {},
      serverError: () => {},
      subscriptions: () => {},
      invalid: () => {},
    };
    assert.throws(() => decoder.decode(`[${MY_ASSET_TEXT}]`, throwing), /consumer bug/);
    const calls = run([MY_ASSET_SIMPLE_TEXT], {}, decoder);
    const e = events(calls)[0];
    assert.equal(e?.type === "myAsset" && e.assets[0]?.balance, "1386929.37231066771348207123");
  });
});
