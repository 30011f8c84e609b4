/**
 * Frames without a data type: errors, status, LIST_SUBSCRIPTIONS replies (`src/decode/control.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  encodeFrame,
  ERROR_TEXT,
  LIST_SUBSCRIPTIONS_TEXTS,
  STATUS_TEXT,
  toSimple,
  TRADE_LEGACY_TEXT,
} from "../../_helpers/frames.ts";
import { bad, run } from "./_decode.ts";

describe("createDecoder() data frames", () => {
  it("reports the 2018 SIMPLE trade, which has no type at all", () => {
    const error = bad(TRADE_LEGACY_TEXT);
    assert.equal(error.message, 'Cannot decode a frame as field "type" is missing');
    assert.equal(error.frameType, undefined);
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
