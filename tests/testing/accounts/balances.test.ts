import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkBalances } from "../../../testing/accounts/balances.ts";
import { EmulatorCore } from "../../../testing/core/core.ts";
import { handleHttp } from "../../../testing/http/handle.ts";
import { replayRecording } from "../../../testing/replay/replayer.ts";

describe("checkBalances", () => {
  it("keeps well-formed balances in order and defaults to 10M KRW", () => {
    assert.deepEqual(checkBalances({ KRW: 1_000_000, BTC: 0.1, "1INCH": 0 }), [
      ["KRW", 1_000_000],
      ["BTC", 0.1],
      ["1INCH", 0],
    ]);
    assert.deepEqual(checkBalances(undefined), [["KRW", 10_000_000]]);
  });

  it("names the bad field and quotes the value", () => {
    const cases: [unknown, RegExp, typeof TypeError | typeof RangeError][] = [
      [{ KRW: -1 }, /balances\.KRW must be a finite number ≥ 0: current value is "-1"/, RangeError],
      [{ KRW: "100" }, /balances\.KRW must be a number: current value is "100"/, TypeError],
      [{ BTC: null }, /balances\.BTC must be a number: current value is "null"/, TypeError],
      [{ KRW: Infinity }, /balances\.KRW .* current value is "Infinity"/, RangeError],
      [{ krw: 1 }, /currency in balances .* current value is "krw"/, RangeError],
      [{ "KRW-BTC": 1 }, /current value is "KRW-BTC"/, RangeError],
      [[1, 2], /balances must be an object .* current value is "\[1,2\]"/, TypeError],
      [null, /balances must be an object .* current value is "null"/, TypeError],
      [5, /balances must be an object .* current value is "5"/, TypeError],
    ];
    for (const [value, message, kind] of cases) {
      assert.throws(() => checkBalances(value), (e: unknown) => {
        assert.ok(e instanceof kind, `${JSON.stringify(value)}: ${String(e)}`);
        assert.match((e as Error).message, message);
        return true;
      });
    }
  });
});

describe("POST /__emulator/accounts (issue 11)", () => {
  function setup() {
    const core = new EmulatorCore({
      market: { tickMs: 0 },
      accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 5 } }],
    });
    const host = { core, replay: (r: string, o: object) => replayRecording(core, r, o) };
    const post = async (body: unknown) => {
      const res = await handleHttp(host, {
        method: "POST",
        url: "/__emulator/accounts",
        body: JSON.stringify(body),
      });
      return { status: res.status, error: (JSON.parse(res.body) as { error?: string }).error };
    };
    return { core, post };
  }

  it("answers 400 naming the field and value of a malformed balance, and changes nothing", async () => {
    const { core, post } = setup();
    try {
      const bad: [unknown, RegExp][] = [
        [{ KRW: -100 }, /balances\.KRW.*"-100"/],
        [{ KRW: "lots" }, /balances\.KRW must be a number.*"lots"/],
        [{ "btc": 1 }, /currency.*"btc"/],
        [[100], /balances must be an object.*"\[100\]"/],
        ["KRW", /balances must be an object.*"KRW"/],
      ];
      for (const [balances, message] of bad) {
        for (const accessKey of ["ak", "new"]) {
          const r = await post({ accessKey, secretKey: "s2", balances });
          assert.equal(r.status, 400, JSON.stringify(balances));
          assert.match(r.error ?? "", message);
        }
      }
      assert.deepEqual(core.accounts.accessKeys(), ["ak"]);
      assert.deepEqual(core.accounts.balances("ak"), [{ currency: "KRW", balance: 5, locked: 0 }]);
      assert.equal(core.accounts.secretOf("ak"), "sk");
    } finally {
      core.close();
    }
  });

  it("answers 400 naming a missing or mistyped key field", async () => {
    const { core, post } = setup();
    try {
      const noKey = await post({ secretKey: "s", balances: { KRW: 1 } });
      assert.equal(noKey.status, 400);
      assert.match(noKey.error ?? "", /"accessKey" must be a string: current value is "undefined"/);
      const noSecret = await post({ accessKey: "x", balances: { KRW: 1 } });
      assert.equal(noSecret.status, 400);
      assert.match(noSecret.error ?? "", /"secretKey" must be a string/);
      assert.deepEqual(core.accounts.accessKeys(), ["ak"]);
    } finally {
      core.close();
    }
  });

  it("still adds a well-formed account", async () => {
    const { core, post } = setup();
    try {
      const r = await post({ accessKey: "new", secretKey: "s", balances: { KRW: 1, BTC: 0.5 } });
      assert.equal(r.status, 200);
      assert.deepEqual(core.accounts.balances("new").map((b) => [b.currency, b.balance]), [
        ["KRW", 1],
        ["BTC", 0.5],
      ]);
    } finally {
      core.close();
    }
  });
});
