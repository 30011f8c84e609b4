import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MY_ORDER_KEYS } from "../../_helpers/wire_keys.ts";
import { encodeFrames } from "../../../testing/codec/frames.ts";
import { javaDouble, parseWire, type WireObject, writeJson } from "../../../testing/codec/json.ts";
import { SIMPLE_KEYS } from "../../../testing/protocol/simple_keys.ts";
import { toDefault, toSimple } from "../../../testing/codec/simple.ts";

describe("emulator codec: Java number spelling", () => {
  it("javaDouble() writes like Double.toString", () => {
    const cases: [number, string][] = [
      [116539000, "1.16539E8"],
      [0.00079276, "7.9276E-4"],
      [0.0005, "5.0E-4"],
      [148956000, "1.48956E8"],
      [10_000_000, "1.0E7"],
      [9_999_999, "9999999.0"],
      [1402, "1402.0"],
      [0.5, "0.5"],
      [0.001, "0.001"],
      [0.0126713295, "0.0126713295"],
      [-0.0034, "-0.0034"],
      [-508000, "-508000.0"],
      [0, "0.0"],
      [1e21, "1.0E21"],
    ];
    for (const [x, s] of cases) assert.equal(javaDouble(x), s, `javaDouble(${x})`);
  });

  it("writeJson() keeps Long keys and book prices plain, spells other doubles like Java", () => {
    const text = writeJson({
      timestamp: 1790134773006,
      trade_price: 116539000,
      obu: [{ ask_price: 116606000, bid_size: 0.00079276 }],
      level: 0,
      trades_count: 3,
    }, { javaNumbers: true });
    assert.equal(
      text,
      '{"timestamp":1790134773006,"trade_price":1.16539E8,"obu":[{"ask_price":116606000,"bid_size":7.9276E-4}],"level":0,"trades_count":3}',
    );
    assert.deepEqual(JSON.parse(text), {
      timestamp: 1790134773006,
      trade_price: 116539000,
      obu: [{ ask_price: 116606000, bid_size: 0.00079276 }],
      level: 0,
      trades_count: 3,
    });
  });

  it("writes bigint sequential ids exactly and parseWire() reads them back exactly", () => {
    const sid = 17877285547970001n; // beyond 2^53
    const text = writeJson({ sequential_id: sid, nested: { sid } });
    assert.equal(text, '{"sequential_id":17877285547970001,"nested":{"sid":17877285547970001}}');
    const back = parseWire(text) as { sequential_id: bigint; nested: { sid: bigint } };
    assert.equal(back.sequential_id, sid);
    assert.equal(back.nested.sid, sid);
    assert.notEqual(BigInt(Number(sid)), sid, "the id is really beyond double precision");
  });
});

describe("emulator codec: formats and SIMPLE abbreviations", () => {
  const ticker: WireObject = {
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

  it("maps the doc's DEFAULT ticker to the doc-derived SIMPLE keys in order", () => {
    const simple = toSimple(ticker);
    assert.deepEqual(Object.keys(simple), [
      "ty",
      "cd",
      "op",
      "hp",
      "lp",
      "tp",
      "pcp",
      "atp",
      "c",
      "cp",
      "scp",
      "cr",
      "scr",
      "ab",
      "tv",
      "atv",
      "tdt",
      "ttm",
      "ttms",
      "aav",
      "abv",
      "h52wp",
      "h52wdt",
      "l52wp",
      "l52wdt",
      "ms",
      "its",
      "dd",
      "mw",
      "tms",
      "atp24h",
      "atv24h",
      "st",
    ]);
    assert.deepEqual(toDefault(simple), ticker);
  });

  it("abbreviates trade (td, not tdt), orderbook units, candle, myOrder, myAsset and LIST_SUBSCRIPTIONS", () => {
    assert.equal(SIMPLE_KEYS["trade"]?.["trade_date"], "td");
    assert.equal(SIMPLE_KEYS["ticker"]?.["trade_date"], "tdt");
    assert.equal(SIMPLE_KEYS["trade"]?.["sequential_id"], "sid");
    assert.deepEqual(
      toSimple({
        type: "orderbook",
        code: "KRW-BTC",
        timestamp: 1,
        total_ask_size: 1,
        total_bid_size: 2,
        orderbook_units: [{ ask_price: 10, bid_price: 9, ask_size: 1, bid_size: 2 }],
        stream_type: "SNAPSHOT",
        level: 0,
      }),
      {
        ty: "orderbook",
        cd: "KRW-BTC",
        tms: 1,
        tas: 1,
        tbs: 2,
        obu: [{ ap: 10, bp: 9, as: 1, bs: 2 }],
        st: "SNAPSHOT",
        lv: 0,
      },
    );
    assert.deepEqual(
      Object.keys(toSimple({
        type: "candle.1s",
        code: "KRW-BTC",
        candle_date_time_utc: "",
        candle_date_time_kst: "",
        opening_price: 1,
        high_price: 1,
        low_price: 1,
        trade_price: 1,
        candle_acc_trade_volume: 1,
        candle_acc_trade_price: 1,
        timestamp: 1,
        stream_type: "SNAPSHOT",
      })),
      ["ty", "cd", "cdttmu", "cdttmk", "op", "hp", "lp", "tp", "catv", "catp", "tms", "st"],
    );
    const myOrderKeys = MY_ORDER_KEYS;
    const myOrder = Object.fromEntries(
      myOrderKeys.map((k) => [k, k === "type" ? "myOrder" : null]),
    );
    assert.deepEqual(Object.keys(toSimple(myOrder)), [
      "ty",
      "cd",
      "uid",
      "ab",
      "ot",
      "s",
      "tuid",
      "p",
      "ap",
      "v",
      "rv",
      "ev",
      "tc",
      "rsf",
      "rmf",
      "pf",
      "l",
      "ef",
      "tif",
      "tf",
      "im",
      "id",
      "smpt",
      "pv",
      "pl",
      "ttms",
      "otms",
      "tms",
      "st",
    ]);
    assert.deepEqual(
      toSimple({
        type: "myAsset",
        asset_uuid: "u",
        assets: [{ currency: "KRW", balance: 1, locked: 2 }],
        asset_timestamp: 1,
        timestamp: 2,
        stream_type: "REALTIME",
      }),
      {
        ty: "myAsset",
        astuid: "u",
        ast: [{ cu: "KRW", b: 1, l: 2 }],
        asttms: 1,
        tms: 2,
        st: "REALTIME",
      },
    );
    assert.deepEqual(
      toSimple({
        method: "LIST_SUBSCRIPTIONS",
        result: [{ type: "orderbook", codes: ["KRW-BTC"], level: 0 }],
        ticket: "t",
      }),
      {
        mthd: "LIST_SUBSCRIPTIONS",
        rslt: [{ ty: "orderbook", cds: ["KRW-BTC"], lv: 0 }],
        tckt: "t",
      },
    );
  });

  it("encodeFrames(): one frame per object, or one array for the list formats", () => {
    const a: WireObject = { type: "trade", code: "KRW-BTC", trade_price: 1 };
    const b: WireObject = { type: "trade", code: "KRW-ETH", trade_price: 2 };
    assert.deepEqual(encodeFrames([a, b], "DEFAULT"), [
      '{"type":"trade","code":"KRW-BTC","trade_price":1}',
      '{"type":"trade","code":"KRW-ETH","trade_price":2}',
    ]);
    assert.deepEqual(encodeFrames([a], "SIMPLE"), ['{"ty":"trade","cd":"KRW-BTC","tp":1}']);
    assert.deepEqual(encodeFrames([a, b], "JSON_LIST"), [
      '[{"type":"trade","code":"KRW-BTC","trade_price":1},{"type":"trade","code":"KRW-ETH","trade_price":2}]',
    ]);
    assert.deepEqual(encodeFrames([a, b], "SIMPLE_LIST"), [
      '[{"ty":"trade","cd":"KRW-BTC","tp":1},{"ty":"trade","cd":"KRW-ETH","tp":2}]',
    ]);
    assert.deepEqual(encodeFrames([], "JSON_LIST"), []);
  });
});
