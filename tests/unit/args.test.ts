/** The argument checks every public method runs first (src/args.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  candleType,
  checkCodes,
  checkInterval,
  checkNumber,
  checkOneOf,
  checkUnits,
  quote,
} from "../../src/args.ts";

describe("argument checks", () => {
  it("accepts upper-case QUOTE-BASE codes and removes duplicates", () => {
    assert.deepEqual(checkCodes(["KRW-BTC", "KRW-BTC", "USDT-ETH", "KRW-1INCH"]), [
      "KRW-BTC",
      "USDT-ETH",
      "KRW-1INCH",
    ]);
  });

  it("refuses lower case, bad shapes, empty lists and non-arrays with the value quoted", () => {
    assert.throws(() => checkCodes(["krw-btc"]), {
      name: "TypeError",
      message: /current value is "krw-btc" \(Upbit codes are upper case: "KRW-BTC"\)/,
    });
    assert.throws(() => checkCodes(["BTC"]), /current value is "BTC"/);
    assert.throws(() => checkCodes([42]), /current value is 42/);
    assert.throws(() => checkCodes([]), RangeError);
    assert.throws(() => checkCodes("KRW-BTC"), { name: "TypeError", message: /"KRW-BTC"/ });
  });

  it("accepts only 1/5/15/30 units and Upbit's candle intervals", () => {
    assert.equal(checkUnits(15), 15);
    assert.throws(() => checkUnits(10), { name: "RangeError", message: /current value is 10/ });
    assert.equal(checkInterval("240m"), "240m");
    assert.throws(() => checkInterval("1d"), { name: "RangeError", message: /"1d"/ });
  });

  it("takes a candle interval with or without the candle. prefix", () => {
    assert.equal(candleType("1s"), "candle.1s");
    assert.equal(candleType("candle.240m"), "candle.240m");
    assert.throws(() => candleType("candle.2m"), { name: "RangeError", message: /"candle.2m"/ });
    assert.throws(() => candleType(5), { name: "RangeError", message: /current value is 5/ });
  });

  it("names the option and quotes the value of a number or one-of check", () => {
    assert.equal(checkNumber(5, "n", 1), 5);
    assert.throws(() => checkNumber("5", "n", 1), {
      name: "TypeError",
      message: /option "n" .* current value is "5"/,
    });
    assert.throws(() => checkNumber(NaN, "n", 1), TypeError);
    assert.throws(() => checkNumber(0, "n", 1), { name: "RangeError", message: />= 1: .* 0$/ });
    assert.throws(() => checkNumber(11, "n", 1, { max: 10 }), /between 1 and 10/);
    assert.throws(() => checkNumber(1.5, "n", 1, { integer: true }), /an integer/);
    assert.throws(() => checkNumber(Infinity, "n", 1), RangeError);
    assert.equal(checkNumber(Infinity, "n", 1, { infinity: true }), Infinity);
    assert.equal(checkOneOf("a", ["a", "b"], "x"), "a");
    assert.throws(() => checkOneOf("c", ["a", "b"], "x"), {
      name: "RangeError",
      message: /option "x" as it must be one of a, b: current value is "c"/,
    });
  });

  it("quotes any value readably and briefly", () => {
    assert.equal(quote("a"), '"a"');
    assert.equal(quote(1), "1");
    assert.equal(quote(null), "null");
    assert.equal(quote(undefined), "undefined");
    assert.equal(quote(10n), "10");
    assert.equal(quote(() => 1), "a function");
    assert.equal(quote({ a: 1 }), '{"a":1}');
    assert.equal(quote("x".repeat(100), 5), '"xxxxx…"');
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    assert.equal(quote(cyclic), "object");
  });
});
