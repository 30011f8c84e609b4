// @workerd-skip-bundle: tests the emulator's own server (ws, node:http), which a Worker cannot host; the client against the quirky emulator on workerd is in tests/integration/emulator.test.ts
/**
 * The emulator's `quirks` option: frames shaped as real Upbit servers have sent them
 * (`upbit-protocol.md` §10.1), and `smp_type` as §10.4 says, read as raw JSON off the socket.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { startEmulator } from "../../../testing/server/server.ts";
import type { EmulatorOptions } from "../../../testing/options.ts";
import { openRaw } from "../../_helpers/raw_socket.ts";
import { eventually } from "../../_helpers/wait.ts";

const AK = "test-access-key";
const SK = "test-secret-key-not-base64";
type Obj = Record<string, unknown>;

function token(): Promise<string> {
  return new SignJWT({ access_key: AK, nonce: crypto.randomUUID() })
    .setProtectedHeader({ alg: "HS512", typ: "JWT" })
    .sign(new TextEncoder().encode(SK));
}

async function withEmulator(
  options: EmulatorOptions,
  fn: (emu: Awaited<ReturnType<typeof startEmulator>>) => Promise<void>,
): Promise<void> {
  const emu = await startEmulator({
    market: { tickMs: 0 },
    errorCloseDelayMs: 10,
    // These tests fill orders by hand (/fill); matching would fill market orders at once.
    matchOrders: false,
    accounts: [{ accessKey: AK, secretKey: SK, balances: { KRW: 10_000_000, BTC: 1 } }],
    ...options,
  });
  try {
    await fn(emu);
  } finally {
    await emu.close();
  }
}

/** Places a market buy (fully filled) and a market sell, and returns their myOrder frames. */
async function marketOrders(options: EmulatorOptions): Promise<Obj[]> {
  let frames: Obj[] = [];
  await withEmulator(options, async (emu) => {
    const s = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
    s.send([{ ticket: "q" }, { type: "myOrder" }]);
    await eventually(() => emu.stats().requests === 1);
    const buy = emu.accounts.placeOrder(AK, {
      market: "KRW-BTC",
      side: "bid",
      ordType: "price",
      price: 5000,
    });
    emu.accounts.fillOrder(buy.uuid);
    const sell = emu.accounts.placeOrder(AK, {
      market: "KRW-BTC",
      side: "ask",
      ordType: "market",
      volume: 0.001,
    });
    emu.accounts.cancelOrder(sell.uuid);
    await s.waitFrames(5);
    frames = s.json() as Obj[];
    await s.close();
  });
  return frames;
}

describe("emulator quirks: myOrder", () => {
  it("sends market-order nulls and ends a filled market buy in cancel", async () => {
    const f = await marketOrders({ quirks: ["market-order-nulls", "market-buy-ends-cancel"] });
    assert.deepEqual(f.map((x) => [x["order_type"], x["state"]]), [
      ["price", "wait"],
      ["price", "trade"],
      ["price", "cancel"],
      ["market", "wait"],
      ["market", "cancel"],
    ]);
    const [wait, fill, end, sellWait] = f as [Obj, Obj, Obj, Obj];
    for (const x of [wait, end]) {
      assert.equal(x["price"], 5000, "a market buy's price is its funds");
      assert.equal(x["volume"], null);
      assert.equal(x["remaining_volume"], null);
      assert.equal(x["prevented_volume"], null);
    }
    assert.equal(typeof fill["price"], "number", "a fill carries its own price");
    assert.equal(typeof fill["volume"], "number", "and its own volume");
    assert.equal(sellWait["price"], null);
    assert.equal(sellWait["volume"], 0.001);
    assert.equal(wait["smp_type"], "cancel_maker", "smp_type always present (§10.4)");
  });

  it("without quirks, keeps the documented numbers and ends a filled market buy in done", async () => {
    const f = await marketOrders({});
    assert.deepEqual(f.map((x) => x["state"]), ["wait", "trade", "done", "wait", "cancel"]);
    assert.equal(f[0]!["volume"], null, "a market buy has no volume either way");
    assert.equal(f[0]!["remaining_volume"], 0);
    assert.equal(f[3]!["price"], null, "a market sell has no price either way");
  });

  it("leaves out the later-added fields as regional hosts do", async () => {
    const f = await marketOrders({ quirks: ["regional-my-order"] });
    for (const x of f) {
      for (const k of ["trade_fee", "is_maker", "identifier", "smp_type", "prevented_volume"]) {
        assert.equal(k in x, false, k);
      }
      assert.equal("prevented_locked" in x, false);
      assert.equal(typeof x["uuid"], "string");
    }
  });

  it("quirks: true turns every quirk on", async () => {
    const f = await marketOrders({ quirks: true });
    assert.equal(f[2]!["state"], "cancel");
    assert.equal(f[0]!["remaining_volume"], null);
    assert.equal("smp_type" in f[0]!, false);
  });
});

describe("emulator quirks: market data", () => {
  it("sends trades without best_*, tickers without the deprecated keys and with null 24h totals", async () => {
    await withEmulator({ quirks: true }, async (emu) => {
      const s = await openRaw(emu.url);
      s.send([{ ticket: "q" }, { type: "ticker", codes: ["KRW-BTC"] }, {
        type: "trade",
        codes: ["KRW-BTC"],
      }]);
      await s.waitFrames(2);
      emu.market.trade("KRW-BTC");
      emu.market.trade("KRW-BTC");
      await s.waitFrames(6);
      const frames = s.json() as Obj[];
      const tickers = frames.filter((x) => x["type"] === "ticker");
      const trades = s.frames.filter((x) => x.text.includes('"type":"trade"')).map((x) => x.text);
      assert.ok(tickers.length >= 1 && trades.length >= 2);
      for (const t of tickers) {
        assert.equal("is_trading_suspended" in t, false);
        assert.equal("market_warning" in t, false);
        assert.equal(t["acc_trade_price_24h"], null);
        assert.equal(t["acc_trade_volume_24h"], null);
      }
      for (const text of trades) {
        assert.equal(text.includes("best_"), false, text);
        assert.match(text, /"sequential_id":\d{17},/, "ids above 2^53, written exactly");
      }
      await s.close();
    });
  });

  it("keeps every documented field without quirks", async () => {
    await withEmulator({}, async (emu) => {
      const s = await openRaw(emu.url);
      s.send([{ ticket: "q" }, { type: "ticker", codes: ["KRW-BTC"] }, {
        type: "trade",
        codes: ["KRW-BTC"],
      }]);
      await s.waitFrames(2);
      const [ticker, trade] = s.json() as Obj[];
      assert.equal(ticker!["market_warning"], "NONE");
      assert.equal(typeof ticker!["acc_trade_price_24h"], "number");
      assert.equal(typeof trade!["best_ask_price"], "number");
      await s.close();
    });
  });
});

describe("emulator: smp_type (§10.4) and the quirks option", () => {
  it("gives cancel_maker by default, none with post_only, and refuses post_only with another", async () => {
    await withEmulator({}, (emu) => {
      const limit = { market: "KRW-BTC", side: "bid", price: 1_000_000, volume: 0.01 } as const;
      assert.equal(emu.accounts.placeOrder(AK, limit).smpType, "cancel_maker");
      assert.equal(
        emu.accounts.placeOrder(AK, { ...limit, timeInForce: "post_only" }).smpType,
        "none",
      );
      assert.equal(emu.accounts.placeOrder(AK, { ...limit, smpType: "none" }).smpType, "none");
      assert.throws(
        () =>
          emu.accounts.placeOrder(AK, { ...limit, timeInForce: "post_only", smpType: "reduce" }),
        { name: "RangeError", message: /post_only allows only smpType "none"/ },
      );
      return Promise.resolve();
    });
  });

  it("refuses unknown quirks", async () => {
    await assert.rejects(
      startEmulator({ quirks: ["nope" as "trade-without-best"] }),
      { name: "RangeError", message: /current value is "nope"/ },
    );
    await assert.rejects(
      startEmulator({ quirks: "all" as unknown as boolean }),
      { name: "TypeError" },
    );
  });
});
