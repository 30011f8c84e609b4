/**
 * Every argument a stream method or `snapshot()` takes is checked before anything is sent
 * (src/subscribe/target.ts): one test per kind of argument, through the public methods, each
 * asserting the error's class and that its message quotes the value.
 */
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../../../mod.ts";
import { type FakeUpbit, fakeUpbit } from "../../_helpers/fake_upbit.ts";

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A client with keys (private streams get to their argument checks) on a scripted Upbit. */
function setup(): { upbit: FakeUpbit; client: UpbitClient } {
  const upbit = fakeUpbit();
  const client = new UpbitClient({
    url: upbit.url,
    WebSocket: upbit.WebSocket,
    accessKey: "ak",
    secretKey: "sk",
    lingerMs: 0,
    reconnect: false,
  });
  cleanups.push(() => upbit.close(), () => client.close());
  return { upbit, client };
}

// The public methods as a caller in plain JavaScript may call them, with anything at all.
type Loose = Record<string, (...args: unknown[]) => unknown>;
const loose = (client: UpbitClient): Loose => client as unknown as Loose;

/**
 * `call` fails with `kind` (thrown, or rejected for `snapshot()`) whose message holds `quoted`,
 * and nothing reached Upbit.
 */
async function refuses(
  upbit: FakeUpbit,
  call: () => unknown,
  kind: typeof TypeError | typeof RangeError,
  quoted: string,
): Promise<void> {
  let error: unknown;
  try {
    await call();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof kind, `${kind.name} expected: ${String(error)}`);
  assert.equal(error.constructor, kind, String(error));
  assert.ok(error.message.includes(quoted), `${quoted} not in: ${error.message}`);
  assert.equal(upbit.connections, 0, "nothing is sent before the checks pass");
}

const BTC = ["KRW-BTC"];
const RSI = { type: "rsi", params: { period: 14 } };

describe("market codes", () => {
  it("must be an array", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).ticker!("KRW-BTC"), TypeError, '"KRW-BTC"');
  });
  it("must not be empty", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => client.trade([]), RangeError, "current value is []");
  });
  it("must look like QUOTE-BASE, upper case (with a hint)", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => client.ticker(["krw-btc"]), TypeError, '"krw-btc"');
    await refuses(upbit, () => client.ticker(["krw-btc"]), TypeError, '"KRW-BTC"');
    await refuses(upbit, () => client.orderbook(["BTC"]), TypeError, '"BTC"');
  });
  it("must be strings", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).trade!([42]), TypeError, "current value is 42");
  });
  it("of myOrder are checked when given, and may be left out", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => client.myOrder(["x"]), TypeError, '"x"');
  });
});

describe("candle interval", () => {
  it("must be one Upbit streams, with or without candle.", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).candle!("2m", BTC), RangeError, '"2m"');
    await refuses(upbit, () => loose(client).candle!("candle.2m", BTC), RangeError, '"candle.2m"');
    await refuses(upbit, () => loose(client).candle!(1, BTC), RangeError, "current value is 1");
  });
});

describe("orderbook units and level", () => {
  it("units must be 1, 5, 15 or 30", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).orderbook!(BTC, { units: 10 }), RangeError, "10");
  });
  it("level must be a number >= 0", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).orderbook!(BTC, { level: "1" }), TypeError, '"1"');
    await refuses(upbit, () => client.orderbook(BTC, { level: -1 }), RangeError, "-1");
  });
  it("level applies to KRW markets only, naming the code", async () => {
    const { upbit, client } = setup();
    await refuses(
      upbit,
      () => client.orderbook(["KRW-BTC", "BTC-ETH"], { level: 1 }),
      RangeError,
      '"BTC-ETH"',
    );
  });
});

describe("subscription options", () => {
  it("must be an object", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).ticker!(BTC, 5), TypeError, "current value is 5");
  });
  it("stream must be both, snapshot or realtime", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).trade!(BTC, { stream: "all" }), RangeError, '"all"');
  });
  it("stream snapshot is refused where Upbit sends none", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => client.myAsset({ stream: "snapshot" }), RangeError, '"snapshot"');
    await refuses(
      upbit,
      () => client.myOrder([], { stream: "snapshot" }),
      RangeError,
      '"snapshot"',
    );
  });
  it("bufferSize must be an integer >= 1", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => client.ticker(BTC, { bufferSize: 0 }), RangeError, "0");
    await refuses(upbit, () => client.ticker(BTC, { bufferSize: 1.5 }), RangeError, "1.5");
    await refuses(upbit, () => loose(client).ticker!(BTC, { bufferSize: "8" }), TypeError, '"8"');
  });
  it("a callback twin's callback must be a function", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).subscribeTicker!(BTC, 5), TypeError, "value is 5");
  });
});

describe("announcement options", () => {
  it("categories must be a non-empty array of known names, includeBody a boolean", async () => {
    const { upbit, client } = setup();
    const a = (o: unknown) => loose(client).announcements!(o);
    await refuses(upbit, () => a({ categories: "notice" }), TypeError, '"notice"');
    await refuses(upbit, () => a({ categories: [] }), RangeError, "current value is []");
    await refuses(upbit, () => a({ categories: [7] }), TypeError, "current value is 7");
    await refuses(upbit, () => a({ categories: ["nope"] }), RangeError, '"nope"');
    await refuses(upbit, () => a({ includeBody: "yes" }), TypeError, '"yes"');
  });
});

describe("indicator options", () => {
  it("must be an object", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).indicator!(BTC, null), TypeError, "value is null");
  });
  it("codes must be KRW markets", async () => {
    const { upbit, client } = setup();
    const options = { timeframe: "5m", indicators: [RSI] };
    await refuses(
      upbit,
      () => loose(client).indicator!(["BTC-ETH"], options),
      RangeError,
      '"BTC-ETH"',
    );
  });
  it("timeframe must be one Upbit serves", async () => {
    const { upbit, client } = setup();
    const options = { timeframe: "2m", indicators: [RSI] };
    await refuses(upbit, () => loose(client).indicator!(BTC, options), RangeError, '"2m"');
  });
  it("codes × indicators must stay within Upbit's combinations per connection", async () => {
    const { upbit, client } = setup();
    const codes = Array.from({ length: 51 }, (_, i) => `KRW-C${i}`);
    const indicators = [RSI, { type: "rsi", params: { period: 5 } }];
    await refuses(
      upbit,
      () => loose(client).indicator!(codes, { timeframe: "5m", indicators }),
      RangeError,
      "current value is 102",
    );
  });
});

describe("snapshot()", () => {
  it("type must be ticker, trade, orderbook or candle.*", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).snapshot!("nope", BTC), RangeError, '"nope"');
  });
  it("refuses the types Upbit sends no snapshot of, naming it", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).snapshot!("myAsset", []), RangeError, "myAsset");
  });
  it("checks the codes and the orderbook options as the stream methods do", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => client.snapshot("ticker", ["krw-btc"]), TypeError, '"krw-btc"');
    await refuses(
      upbit,
      () => loose(client).snapshot!("orderbook", BTC, { units: 7 }),
      RangeError,
      "7",
    );
    await refuses(
      upbit,
      () => loose(client).snapshot!("candle.2m", BTC),
      RangeError,
      '"candle.2m"',
    );
  });
  it("options must be an object, timeoutMs a number >= 1", async () => {
    const { upbit, client } = setup();
    await refuses(upbit, () => loose(client).snapshot!("ticker", BTC, 5), TypeError, "value is 5");
    await refuses(upbit, () => client.snapshot("ticker", BTC, { timeoutMs: 0 }), RangeError, "0");
  });
});
