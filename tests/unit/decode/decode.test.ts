/**
 * The dispatcher: every data type in the four formats, the kinds of input, validation modes, and bad input of every kind (`src/decode/decode.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createDecoder } from "../../../src/decode/decode.ts";
import {
  allDefaultFrames,
  candleFrame,
  encodeFrame,
  ERROR_TEXT,
  MY_ASSET_SIMPLE_TEXT,
  MY_ASSET_TEXT,
  MY_ORDER_SIMPLE_TEXT,
  myAssetFrame,
  myOrderFrame,
  orderbookFrame,
  STATUS_TEXT,
  TICKER_SIMPLE_TEXT,
  TICKER_TEXT,
  tickerFrame,
  toSimple,
  TRADE_JSON_LIST_TEXT,
  TRADE_SIMPLE_TEXT,
  tradeFrame,
} from "../../_helpers/frames.ts";
import {
  bad,
  errors,
  events,
  EXPECTED,
  fourFormats,
  one,
  run,
  TICKER_EVENT,
  TRADE_EVENT,
} from "./_decode.ts";

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

  it("delivers an empty list frame as nothing", () => {
    assert.deepEqual(run(["[]", encodeFrame("[]")]), []);
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
