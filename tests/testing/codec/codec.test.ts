import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { TICKER_CORPUS } from "../../corpus/ticker.ts";
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
  // The docs' DEFAULT ticker from tests/corpus/ (the input, not the emulator's own view: the
  // SIMPLE keys it must map to are written out below).
  const ticker: WireObject | undefined = TICKER_CORPUS.find((e) => e.fact.startsWith("§7.1"))
    ?.frame;
  assert.ok(ticker !== undefined, "tests/corpus/ticker.ts has the docs' example (§7.1)");

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
