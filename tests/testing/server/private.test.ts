// @workerd-skip-bundle: tests the emulator's own server (ws, node:http), which a Worker cannot host; the client's workerd coverage is tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MY_ORDER_KEYS } from "../../_helpers/wire_keys.ts";
import { SignJWT } from "jose";
import { startEmulator } from "../../../testing/server/server.ts";
import type { EmulatorOptions } from "../../../testing/options.ts";
import { openRaw, rawUpgrade } from "../../_helpers/raw_socket.ts";
import { eventually } from "../../_helpers/wait.ts";

const AK = "test-access-key";
const SK = "test-secret-key-not-base64";
const OTHER = { accessKey: "other-key", secretKey: "other-secret" };
type Obj = Record<string, unknown>;

function token(
  opts: { ak?: string; sk?: string; alg?: "HS256" | "HS512"; nonce?: string | null } = {},
): Promise<string> {
  const claims: Obj = { access_key: opts.ak ?? AK };
  if (opts.nonce !== null) claims["nonce"] = opts.nonce ?? crypto.randomUUID();
  return new SignJWT(claims)
    .setProtectedHeader({ alg: opts.alg ?? "HS512", typ: "JWT" })
    .sign(new TextEncoder().encode(opts.sk ?? SK));
}

async function withEmulator(
  options: EmulatorOptions,
  fn: (emu: Awaited<ReturnType<typeof startEmulator>>) => Promise<void>,
): Promise<void> {
  const emu = await startEmulator({
    market: { tickMs: 0 },
    errorCloseDelayMs: 10,
    accounts: [{ accessKey: AK, secretKey: SK, balances: { KRW: 10_000_000, BTC: 1 } }, OTHER],
    ...options,
  });
  try {
    await fn(emu);
  } finally {
    await emu.close();
  }
}

describe("emulator private endpoint: JWT", () => {
  for (const alg of ["HS256", "HS512"] as const) {
    it(`accepts an ${alg} token in Authorization: Bearer`, async () => {
      await withEmulator({}, async (emu) => {
        const s = await openRaw(emu.privateUrl, {
          Authorization: `Bearer ${await token({ alg })}`,
        });
        s.send([{ ticket: "p" }, { type: "myOrder" }, { type: "myAsset" }]);
        await eventually(() => emu.stats().requests === 1);
        assert.equal(s.frames.length, 0, "no snapshot for private types");
        const [info] = emu.connections();
        assert.equal(info?.authenticated, true);
        assert.equal(info?.endpoint, "private");
        assert.equal(emu.stats().authFailures, 0);
        await s.close();
      });
    });
  }

  const bad: [string, () => Promise<Record<string, string>>, string][] = [
    ["a missing header", () => Promise.resolve({}), "missing"],
    [
      "a wrong signature",
      async () => ({ Authorization: `Bearer ${await token({ sk: "wrong" })}` }),
      "bad_signature",
    ],
    [
      "an unknown access key",
      async () => ({ Authorization: `Bearer ${await token({ ak: "nope" })}` }),
      "unknown_key",
    ],
    [
      "no nonce",
      async () => ({ Authorization: `Bearer ${await token({ nonce: null })}` }),
      "nonce_missing",
    ],
    ["a non-Bearer header", () => Promise.resolve({ Authorization: "Basic abc" }), "malformed"],
  ];
  for (const [what, headers, reason] of bad) {
    it(`answers ${what} with INVALID_AUTH on the first request, then close 1000`, async () => {
      await withEmulator({}, async (emu) => {
        const s = await openRaw(emu.privateUrl, await headers());
        s.send([{ ticket: "p" }, { type: "myAsset" }]);
        const closed = await s.closed;
        assert.deepEqual(s.json(), [{
          error: { message: "인증 정보가 올바르지 않습니다.", name: "INVALID_AUTH" },
        }]);
        assert.equal(closed.code, 1000);
        assert.equal(emu.stats().authFailures, 1);
        assert.deepEqual(emu.stats().authFailuresByReason, { [reason]: 1 });
      });
    });
  }

  it("refuses a replayed nonce", async () => {
    await withEmulator({}, async (emu) => {
      const header = { Authorization: `Bearer ${await token({ nonce: "same-nonce" })}` };
      const first = await openRaw(emu.privateUrl, header);
      const second = await openRaw(emu.privateUrl, header);
      second.send([{ ticket: "p" }, { type: "myAsset" }]);
      await second.closed;
      assert.equal((second.json()[0] as { error: { name: string } }).error.name, "INVALID_AUTH");
      assert.deepEqual(emu.stats().authFailuresByReason, { nonce_reused: 1 });
      assert.equal(
        emu.connections().find((c) => c.open)?.authenticated,
        true,
        "the first one stays",
      );
      await first.close();
    });
  });

  it("with authFailure 'http-401' refuses the upgrade itself", async () => {
    await withEmulator({ authFailure: "http-401" }, async (emu) => {
      const refused = await rawUpgrade(emu.httpUrl, "/websocket/v1/private", {
        Authorization: `Bearer ${await token({ sk: "wrong" })}`,
      });
      assert.equal(refused.status, 401);
      assert.deepEqual(JSON.parse(refused.body), {
        error: { name: "INVALID_AUTH", message: "인증 정보가 올바르지 않습니다." },
      });
      const ok = await rawUpgrade(emu.httpUrl, "/websocket/v1/private", {
        Authorization: `Bearer ${await token()}`,
      });
      assert.equal(ok.status, 101);
      assert.equal(ok.headers["limit-by-ip"], "No", "authenticated connects count per key");
      assert.equal(emu.stats().upgradesRefused, 1);
    });
  });

  it("keeps public and private types on their own endpoints", async () => {
    await withEmulator({}, async (emu) => {
      const pub = await openRaw(emu.url);
      pub.send([{ ticket: "p" }, { type: "myOrder" }]);
      await pub.closed;
      assert.equal((pub.json()[0] as { error: { name: string } }).error.name, "INVALID_AUTH");
      const priv = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
      priv.send([{ ticket: "p" }, { type: "ticker", codes: ["KRW-BTC"] }]);
      await priv.closed;
      assert.deepEqual(priv.json(), [{
        error: { message: "ticker 은 지원하지 않는 타입입니다.", name: "INVALID_PARAM" },
      }]);
    });
  });
});

describe("emulator private endpoint: orders and assets", () => {
  it("emits wait, trade, trade, done with every myOrder field and the matching myAsset frames", async () => {
    await withEmulator({}, async (emu) => {
      const s = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
      s.send([{ ticket: "p" }, { type: "myOrder", codes: ["KRW-BTC"] }, { type: "myAsset" }]);
      await eventually(() => emu.stats().requests === 1);
      const o = emu.accounts.placeOrder(AK, {
        market: "KRW-BTC",
        side: "bid",
        price: 100_000_000,
        volume: 0.01,
        identifier: "client-1",
      });
      emu.accounts.fillOrder(o.uuid, { volume: 0.004 });
      emu.accounts.fillOrder(o.uuid);
      await s.waitFrames(7);
      const frames = s.json() as Obj[];
      assert.deepEqual(
        frames.map((f) => f["type"] === "myOrder" ? f["state"] : f["type"]),
        ["wait", "myAsset", "trade", "myAsset", "trade", "done", "myAsset"],
      );
      const [wait, asset1, trade1, , trade2, done, asset3] = frames as Obj[];
      for (const f of [wait, trade1, trade2, done]) {
        assert.deepEqual(Object.keys(f!), MY_ORDER_KEYS);
      }
      assert.equal(wait!["uuid"], o.uuid);
      assert.equal(wait!["ask_bid"], "BID");
      assert.equal(wait!["order_type"], "limit");
      assert.equal(wait!["price"], 100_000_000);
      assert.equal(wait!["volume"], 0.01);
      assert.equal(wait!["reserved_fee"], 500);
      assert.equal(wait!["locked"], 1_000_500);
      assert.equal(wait!["trade_uuid"], null);
      assert.equal(wait!["trade_fee"], null);
      assert.equal(wait!["is_maker"], null);
      assert.equal(wait!["identifier"], "client-1");
      assert.equal(wait!["stream_type"], "REALTIME");
      assert.deepEqual(asset1!["assets"] as Obj[], [{
        currency: "KRW",
        balance: 8_999_500,
        locked: 1_000_500,
      }]);
      assert.deepEqual(Object.keys(asset1!), [
        "type",
        "asset_uuid",
        "assets",
        "asset_timestamp",
        "timestamp",
        "stream_type",
      ]);
      assert.equal(trade1!["price"], 100_000_000, "fill price");
      assert.equal(trade1!["volume"], 0.004, "fill volume");
      assert.equal(trade1!["remaining_volume"], 0.006);
      assert.equal(trade1!["executed_volume"], 0.004);
      assert.equal(trade1!["executed_funds"], 400_000);
      assert.equal(trade1!["trade_fee"], 200);
      assert.equal(trade1!["paid_fee"], 200);
      assert.equal(trade1!["remaining_fee"], 300);
      assert.equal(trade1!["is_maker"], true);
      assert.equal(trade1!["trades_count"], 1);
      assert.equal(trade1!["avg_price"], 100_000_000);
      assert.equal(typeof trade1!["trade_uuid"], "string");
      assert.equal(typeof trade1!["trade_timestamp"], "number");
      assert.equal(done!["remaining_volume"], 0);
      assert.equal(done!["executed_volume"], 0.01);
      assert.equal(done!["trades_count"], 2);
      assert.equal(done!["locked"], 0);
      assert.deepEqual(asset3!["assets"], [
        { currency: "KRW", balance: 8_999_500, locked: 0 },
        { currency: "BTC", balance: 1.01, locked: 0 },
      ]);
      await s.close();
    });
  });

  it("emits cancel, watch → wait, and prevented (SMP) with prevented volume and funds", async () => {
    await withEmulator({}, async (emu) => {
      const s = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
      s.send([{ ticket: "p" }, { type: "myOrder" }, { format: "SIMPLE" }]);
      await eventually(() => emu.stats().requests === 1);
      const a = emu.accounts.placeOrder(AK, {
        market: "KRW-BTC",
        side: "ask",
        price: 200_000_000,
        volume: 0.5,
      });
      emu.accounts.cancelOrder(a.uuid);
      const w = emu.accounts.placeOrder(AK, {
        market: "KRW-ETH",
        side: "bid",
        price: 5_000_000,
        volume: 0.1,
        watch: true,
      });
      emu.accounts.triggerOrder(w.uuid);
      emu.accounts.preventOrder(w.uuid, { volume: 0.04, smpType: "reduce" });
      emu.accounts.preventOrder(w.uuid);
      await s.waitFrames(6);
      const f = s.json() as Obj[];
      assert.deepEqual(f.map((x) => [x["cd"], x["s"]]), [
        ["KRW-BTC", "wait"],
        ["KRW-BTC", "cancel"],
        ["KRW-ETH", "watch"],
        ["KRW-ETH", "wait"],
        ["KRW-ETH", "prevented"],
        ["KRW-ETH", "prevented"],
      ]);
      assert.equal(f[1]!["l"], 0, "cancel releases the lock");
      assert.equal(f[4]!["smpt"], "reduce");
      assert.equal(f[4]!["pv"], 0.04);
      assert.equal(f[4]!["pl"], 200_100);
      assert.equal(f[4]!["rv"], 0.06);
      assert.equal(f[5]!["pv"], 0.1);
      assert.equal(f[5]!["rv"], 0);
      assert.deepEqual(emu.accounts.balances(AK), [
        { currency: "KRW", balance: 10_000_000, locked: 0 },
        { currency: "BTC", balance: 1, locked: 0 },
      ]);
      assert.throws(() => emu.accounts.cancelOrder(w.uuid), /current value is "prevented"/);
      await s.close();
    });
  });

  it("filters myOrder by codes ([] or none = all) and keeps accounts apart", async () => {
    await withEmulator({}, async (emu) => {
      const eth = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
      const all = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
      const other = await openRaw(emu.privateUrl, {
        Authorization: `Bearer ${await token({ ak: OTHER.accessKey, sk: OTHER.secretKey })}`,
      });
      eth.send([{ ticket: "p" }, { type: "myOrder", codes: ["KRW-ETH"] }]);
      all.send([{ ticket: "p" }, { type: "myOrder", codes: [] }]);
      other.send([{ ticket: "p" }, { type: "myOrder" }, { type: "myAsset" }]);
      await eventually(() => emu.stats().requests === 3);
      emu.accounts.placeOrder(AK, {
        market: "KRW-BTC",
        side: "bid",
        price: 1_000_000,
        volume: 0.1,
      });
      emu.accounts.placeOrder(AK, {
        market: "KRW-ETH",
        side: "bid",
        price: 1_000_000,
        volume: 0.1,
      });
      await all.waitFrames(2);
      await eth.waitFrames(1);
      assert.deepEqual((all.json() as Obj[]).map((f) => f["code"]), ["KRW-BTC", "KRW-ETH"]);
      assert.deepEqual((eth.json() as Obj[]).map((f) => f["code"]), ["KRW-ETH"]);
      emu.accounts.deposit(OTHER.accessKey, "KRW", 5);
      await other.waitFrames(1);
      assert.deepEqual(
        (other.json() as Obj[]).map((f) => f["type"]),
        ["myAsset"],
        "other account sees only its own",
      );
      await Promise.all([eth.close(), all.close(), other.close()]);
    });
  });

  it("drives orders over HTTP and delivers announcements by category", async () => {
    // Filled by hand here (/fill); with matching on, the market order would fill at once.
    await withEmulator({ matchOrders: false }, async (emu) => {
      const s = await openRaw(emu.privateUrl, { Authorization: `Bearer ${await token()}` });
      s.send([{ ticket: "p" }, { type: "myOrder" }, {
        type: "announcement",
        categories: ["trade"],
        include_body: true,
      }]);
      await eventually(() => emu.stats().requests === 1);
      const post = async (path: string, body: unknown) => {
        const res = await fetch(`${emu.httpUrl}/__emulator/${path}`, {
          method: "POST",
          body: JSON.stringify(body),
        });
        return { status: res.status, json: await res.json() as Obj };
      };
      const placed = await post("orders", {
        accessKey: AK,
        market: "KRW-BTC",
        side: "ask",
        ordType: "market",
        volume: 0.2,
      });
      assert.equal(placed.status, 200);
      assert.equal(placed.json["price"], null);
      const filled = await post(`orders/${placed.json["uuid"]}/fill`, {});
      assert.equal(filled.json["state"], "done");
      assert.equal((await post("orders/nope/cancel", {})).status, 400);
      await post("announce", { title: "점검", category: "maintenance" });
      await post("announce", { title: "신규 거래지원", category: "trade", body: "# 안내" });
      await s.waitFrames(4);
      const f = s.json() as Obj[];
      assert.deepEqual(f.map((x) => x["type"] === "myOrder" ? x["state"] : x["type"]), [
        "wait",
        "trade",
        "done",
        "announcement",
      ]);
      assert.equal(f[1]!["is_maker"], false, "market orders take");
      assert.equal(f[1]!["price"], emu.market.lastPrice("KRW-BTC"));
      assert.equal(f[3]!["title"], "신규 거래지원");
      assert.equal(f[3]!["body"], "# 안내");
      assert.match(String(f[3]!["listed_at"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
      const acct = await (await fetch(`${emu.httpUrl}/__emulator/accounts/${AK}`)).json() as {
        orders: unknown[];
      };
      assert.equal(acct.orders.length, 1);
      await s.close();
    });
  });
});
