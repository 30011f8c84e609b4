import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { EmulatorCore } from "../../../testing/core/core.ts";
import { handleHttp } from "../../../testing/http/handle.ts";
import { replayRecording } from "../../../testing/replay/replayer.ts";

/** A core with one account and no automatic market, and a POST helper on its control API. */
function setup() {
  const core = new EmulatorCore({
    market: { tickMs: 0 },
    matchOrders: false,
    accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 50_000, BTC: 1 } }],
  });
  const host = { core, replay: (r: string, o: object) => replayRecording(core, r, o) };
  const post = async (path: string, body: string | object) => {
    const res = await handleHttp(host, {
      method: "POST",
      url: `/__emulator${path}`,
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, error: (JSON.parse(res.body) as { error?: string }).error };
  };
  const state = () => ({
    balances: core.accounts.balances("ak"),
    orders: core.accounts.orders("ak"),
  });
  return { core, post, state };
}

describe("POST /__emulator/orders refuses what the emulator does not take (issue 11)", () => {
  const buy = { accessKey: "ak", market: "KRW-BTC", side: "bid", price: 1_000, volume: 1 };
  it("answers 400 naming the field and quoting the value, and changes nothing", async () => {
    const { core, post, state } = setup();
    try {
      const before = state();
      const bad: [object, RegExp][] = [
        [{ ...buy, side: "buy" }, /side must be one of "bid", "ask": current value is "buy"/],
        [{ ...buy, side: "BID" }, /side .* current value is "BID"/],
        [{ ...buy, side: "" }, /side .* current value is ""/],
        [{ ...buy, side: undefined }, /side .* current value is "undefined"/],
        [
          { ...buy, ordType: "weird" },
          /ordType must be one of "limit", "price", "market", "best" or absent: current value is "weird"/,
        ],
        [
          { ...buy, timeInForce: "forever" },
          /timeInForce must be one of "ioc", "fok", "post_only" or absent: current value is "forever"/,
        ],
        [
          { ...buy, smpType: "always" },
          /smpType must be one of .*"none".*: current value is "always"/,
        ],
        [{ ...buy, price: -1 }, /price must be a finite number > 0: current value is "-1"/],
        [{ ...buy, price: "1000" }, /price must be a finite number > 0: current value is "1000"/],
        [{ ...buy, volume: 0 }, /volume must be a finite number > 0: current value is "0"/],
        [{ ...buy, ordType: "price", price: null }, /price .* current value is "null"/],
        [{ ...buy, side: "ask", ordType: "market", volume: "x" }, /volume .* current value is "x"/],
        [
          { ...buy, market: "KRW-NOPE" },
          /market must be a listed pair: current value is "KRW-NOPE"/,
        ],
        [{ ...buy, market: "krw-btc" }, /market must be a listed pair: current value is "krw-btc"/],
        [{ ...buy, market: 5 }, /market must be a string: current value is "5"/],
        [{ ...buy, accessKey: "nobody" }, /access key is unknown: current value is "nobody"/],
        [{ ...buy, identifier: 7 }, /identifier must be a string: current value is "7"/],
        [{ ...buy, ord_type: "price" }, /fields must be among .*: current value is "ord_type"/],
        [
          { ...buy, timeInForce: "post_only", smpType: "reduce" },
          /post_only allows only smpType "none"/,
        ],
      ];
      for (const [body, message] of bad) {
        const r = await post("/orders", body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(r.error ?? "", message, JSON.stringify(body));
      }
      // 1e400 is Infinity once parsed.
      const inf = await post(
        "/orders",
        '{"accessKey":"ak","market":"KRW-BTC","side":"bid","price":1e400,"volume":1}',
      );
      assert.equal(inf.status, 400);
      assert.match(inf.error ?? "", /price .* current value is "Infinity"/);
      assert.deepEqual(state(), before);
    } finally {
      core.close();
    }
  });

  it("still places what Upbit takes", async () => {
    const { core, post } = setup();
    try {
      for (
        const body of [
          buy,
          {
            ...buy,
            ordType: "limit",
            timeInForce: "ioc",
            smpType: "cancel_taker",
            identifier: "i1",
          },
          { ...buy, timeInForce: "post_only" },
          { ...buy, ordType: "price", volume: undefined },
          { accessKey: "ak", market: "KRW-BTC", side: "ask", ordType: "market", volume: 0.1 },
          { ...buy, timeInForce: null, smpType: null },
        ]
      ) {
        const r = await post("/orders", body);
        assert.equal(r.status, 200, `${JSON.stringify(body)}: ${r.error}`);
      }
      assert.equal(core.accounts.orders("ak").length, 6);
    } finally {
      core.close();
    }
  });

  it("refuses an smpType it does not implement on /prevent", async () => {
    const { core, post } = setup();
    try {
      const o = core.accounts.placeOrder("ak", {
        market: "KRW-BTC",
        side: "bid",
        price: 1_000,
        volume: 1,
      });
      const r = await post(`/orders/${o.uuid}/prevent`, { smpType: "sometimes" });
      assert.equal(r.status, 400);
      assert.match(r.error ?? "", /smpType must be one of .*: current value is "sometimes"/);
      assert.equal(core.accounts.order(o.uuid)?.state, "wait");
    } finally {
      core.close();
    }
  });
});

describe("POST /__emulator/deposit refuses a malformed currency or amount (issue 11)", () => {
  it("answers 400 naming the field and quoting the value, and changes nothing", async () => {
    const { core, post, state } = setup();
    try {
      const before = state();
      const bad: [string | object, RegExp][] = [
        [
          { accessKey: "ak", currency: "KRW", amount: -60000 },
          /amount must leave the available KRW \(50000\) a finite number ≥ 0: current value is "-60000"/,
        ],
        [
          '{"accessKey":"ak","currency":"KRW","amount":1e400}',
          /amount must be a finite number: current value is "Infinity"/,
        ],
        [
          { accessKey: "ak", currency: "KRW", amount: "5" },
          /amount must be a finite number: current value is "5"/,
        ],
        [{ accessKey: "ak", currency: "KRW" }, /amount .* current value is "undefined"/],
        [
          { accessKey: "ak", currency: "krw", amount: 1 },
          /currency must be upper-case .*: current value is "krw"/,
        ],
        [
          { accessKey: "ak", currency: "", amount: 1 },
          /currency must be upper-case .*: current value is ""/,
        ],
        ['{"accessKey":"ak","currency":"__proto__","amount":1}', /current value is "__proto__"/],
        [
          { accessKey: "ak", currency: 1, amount: 1 },
          /currency must be a string: current value is "1"/,
        ],
        [
          { accessKey: "nobody", currency: "KRW", amount: 1 },
          /access key is unknown: current value is "nobody"/,
        ],
      ];
      for (const [body, message] of bad) {
        const r = await post("/deposit", body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.match(r.error ?? "", message, JSON.stringify(body));
      }
      assert.deepEqual(state(), before);
      assert.equal(Object.getPrototypeOf(core.accounts.balances("ak")), Array.prototype);
    } finally {
      core.close();
    }
  });

  it("still adds, and takes back down to zero", async () => {
    const { core, post } = setup();
    try {
      assert.equal(
        (await post("/deposit", { accessKey: "ak", currency: "ETH", amount: 2 })).status,
        200,
      );
      assert.equal(
        (await post("/deposit", { accessKey: "ak", currency: "KRW", amount: -50_000 })).status,
        200,
      );
      assert.deepEqual(core.accounts.balances("ak").map((b) => [b.currency, b.balance]), [
        ["KRW", 0],
        ["BTC", 1],
        ["ETH", 2],
      ]);
      const big = { accessKey: "ak", currency: "BTC", amount: 1.7e308 };
      assert.equal((await post("/deposit", big)).status, 200);
      const over = await post("/deposit", big); // the sum is Infinity
      assert.equal(over.status, 400);
      assert.match(over.error ?? "", /finite number ≥ 0: current value is "1.7e\+308"/);
      assert.equal(core.accounts.balances("ak")[1]?.balance, 1.7e308);
    } finally {
      core.close();
    }
  });
});

describe("POST /__emulator/accounts (issue 11)", () => {
  it("answers 409 for an access key already added, and keeps the account", async () => {
    const { core, post, state } = setup();
    try {
      const before = state();
      const r = await post("/accounts", {
        accessKey: "ak",
        secretKey: "other",
        balances: { KRW: 1 },
      });
      assert.equal(r.status, 409);
      assert.match(r.error ?? "", /access key is already added: current value is "ak"/);
      assert.deepEqual(state(), before);
      assert.equal(core.accounts.secretOf("ak"), "sk");
    } finally {
      core.close();
    }
  });

  it("quotes an empty key rather than its type", async () => {
    const { core, post } = setup();
    try {
      const r = await post("/accounts", { accessKey: "", secretKey: "s" });
      assert.equal(r.status, 400);
      assert.match(r.error ?? "", /accessKey must be a non-empty string: current value is ""/);
      const s = await post("/accounts", { accessKey: "new", secretKey: "" });
      assert.equal(s.status, 400);
      assert.match(s.error ?? "", /secretKey must be a non-empty string: current value is ""/);
      assert.deepEqual(core.accounts.accessKeys(), ["ak"]);
    } finally {
      core.close();
    }
  });
});
