// @workerd-skip-bundle: tests the emulator's own server (ws, node:http), which a Worker cannot host; the client's workerd coverage is tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { WebSocket as WsClient } from "ws";
import { startEmulator } from "../../../testing/server/server.ts";
import { openRaw, type RawClose, rawUpgrade } from "../../_helpers/raw_socket.ts";
import { eventually, pause } from "../../_helpers/wait.ts";

const sub = (...objects: unknown[]) => [{ ticket: "t" }, ...objects];
type Obj = Record<string, unknown>;

/** A close without a close frame: 1006 (Deno's client reports code 0 for it). */
function assertAbnormal(c: RawClose): void {
  assert.equal(c.wasClean, false);
  assert.ok(
    c.code === 1006 || ("Deno" in globalThis && c.code === 0),
    `abnormal close, got ${c.code}`,
  );
}

describe("emulator over a real socket", () => {
  it("serves binary UTF-8 JSON: snapshots first, realtime after step(), PING → UP", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const s = await openRaw(emu.url);
      s.send(sub({ type: "ticker", codes: ["KRW-BTC"] }, { type: "trade", codes: ["KRW-BTC"] }));
      await s.waitFrames(2);
      emu.market.step({ codes: ["KRW-BTC"] });
      await s.waitFrames(4);
      s.send("PING");
      await s.waitFrames(5);
      assert.ok(s.frames.every((f) => f.binary));
      const j = s.json() as Obj[];
      assert.deepEqual(j.slice(0, 4).map((f) => [f["type"], f["stream_type"]]), [
        ["ticker", "SNAPSHOT"],
        ["trade", "SNAPSHOT"],
        ["trade", "REALTIME"],
        ["ticker", "REALTIME"],
      ]);
      assert.deepEqual(j[4], { status: "UP" });
      assert.match(s.frames[2]!.text, /"sequential_id":\d{17},/, "17-digit ids written exactly");
      await s.close();
    } finally {
      await emu.close();
    }
  });

  it("switches formats connection-wide: DEFAULT, SIMPLE, JSON_LIST, SIMPLE_LIST", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const s = await openRaw(emu.url);
      const codes = ["KRW-BTC", "KRW-ETH"];
      const shapes: string[] = [];
      for (const format of ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"]) {
        const n = s.frames.length;
        s.send(sub({ type: "ticker", codes }, { format }));
        await s.until((f) =>
          f.length > n && JSON.stringify(JSON.parse(f.at(-1)!.text)).includes("KRW-ETH")
        );
        const first = JSON.parse(s.frames[n]!.text) as Obj | Obj[];
        const o = Array.isArray(first) ? first[0]! : first;
        shapes.push(
          `${Array.isArray(first) ? "list" : "object"}:${
            "type" in o ? "full" : "ty" in o ? "short" : "?"
          }`,
        );
      }
      assert.deepEqual(shapes, ["object:full", "object:short", "list:full", "list:short"]);
      await s.close();
    } finally {
      await emu.close();
    }
  });

  it("trims .N books, keeps the bare code, groups by level, and sends nothing for unsupported levels", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const s = await openRaw(emu.url);
      s.send(sub(
        { type: "orderbook", codes: ["KRW-BTC.1", "KRW-ETH.15", "KRW-XRP.3"] },
        { type: "orderbook", codes: ["KRW-BTC.5"], level: 100000 },
        { type: "orderbook", codes: ["KRW-SOL"], level: 7 },
        { format: "SIMPLE" },
      ));
      await s.waitFrames(4);
      await pause(20);
      const j = s.json() as Obj[];
      assert.deepEqual(j.map((f) => [f["cd"], (f["obu"] as Obj[]).length, f["lv"]]), [
        ["KRW-BTC", 1, 0],
        ["KRW-ETH", 15, 0],
        ["KRW-XRP", 30, 0],
        ["KRW-BTC", 5, 100000],
      ]);
      for (const u of j[3]!["obu"] as { ap: number; bp: number }[]) {
        assert.equal(u.ap % 100000, 0);
        assert.equal(u.bp % 100000, 0);
      }
      await s.close();
    } finally {
      await emu.close();
    }
  });

  it("answers LIST_SUBSCRIPTIONS with this connection's streams", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const s = await openRaw(emu.url);
      s.send(
        sub({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }, {
          type: "candle.1m",
          codes: ["KRW-ETH"],
          is_only_realtime: true,
        }),
      );
      s.send([{ ticket: "ls" }, { method: "LIST_SUBSCRIPTIONS" }]);
      await s.waitFrames(1);
      assert.deepEqual(s.json(), [{
        method: "LIST_SUBSCRIPTIONS",
        result: [{ type: "ticker", codes: ["KRW-BTC"] }, { type: "candle.1m", codes: ["KRW-ETH"] }],
        ticket: "ls",
      }]);
      await s.close();
    } finally {
      await emu.close();
    }
  });

  it("sends the error frame, then closes with 1000 after errorCloseDelayMs", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 }, errorCloseDelayMs: 40 });
    try {
      const s = await openRaw(emu.url);
      const t0 = performance.now();
      s.send([{ ticket: "t" }, { type: "ticker" }]);
      await s.waitFrames(1);
      const closed = await s.closed;
      assert.deepEqual(s.json(), [{
        error: { message: "codes 필드가 존재하지 않습니다.", name: "NO_CODES" },
      }]);
      assert.equal(closed.code, 1000);
      assert.ok(performance.now() - t0 >= 35, "not before the delay");
      assert.equal(emu.stats().errorsSent, 1);
    } finally {
      await emu.close();
    }
  });

  it("drops an idle socket without a close frame (1006)", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 }, idleTimeoutMs: 60 });
    try {
      const s = await openRaw(emu.url);
      const closed = await s.closed;
      assertAbnormal(closed);
      assert.equal(closed.wasClean, false);
      assert.equal(emu.stats().idleCloses, 1);
    } finally {
      await emu.close();
    }
  });

  it("writes text frames and Java numbers when asked", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 }, frames: "text", javaNumbers: true });
    try {
      const s = await openRaw(emu.url);
      s.send(sub({ type: "trade", codes: ["KRW-BTC"] }));
      await s.waitFrames(1);
      assert.equal(s.frames[0]!.binary, false);
      assert.match(s.frames[0]!.text, /"trade_price":1\.\d+E8/);
      await s.close();
    } finally {
      await emu.close();
    }
  });

  it("counts message-rate violations; the default reaction is TOO_MANY_REQUEST then close 1000", async () => {
    const counting = await startEmulator({
      market: { tickMs: 0 },
      rateLimits: { onMessageLimit: "count" },
    });
    try {
      const a = await openRaw(counting.url);
      for (let i = 0; i < 8; i++) {
        a.send(sub({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
      }
      await eventually(() => counting.stats().requests === 8);
      assert.equal(counting.stats().messageRateLimitViolations, 3);
      await a.close();

      const strict = await startEmulator({ market: { tickMs: 0 }, errorCloseDelayMs: 5 });
      try {
        const b = await openRaw(strict.url);
        for (let i = 0; i < 6; i++) {
          b.send(sub({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
        }
        const closed = await b.closed;
        assert.equal((b.json()[0] as { error: { name: string } }).error.name, "TOO_MANY_REQUEST");
        assert.equal(closed.code, 1000);
        assert.equal(strict.stats().rateLimitViolations, 1);
      } finally {
        await strict.close();
      }
    } finally {
      await counting.close();
    }
  });

  it("refuses the 6th upgrade in a second with HTTP 429 and reports remaining-req", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await rawUpgrade(emu.httpUrl, "/websocket/v1"));
      assert.deepEqual(answers.map((a) => a.status), [101, 101, 101, 101, 101, 429]);
      assert.equal(answers[0]!.headers["remaining-req"], "group=websocket; min=300; sec=4");
      assert.equal(answers[0]!.headers["limit-by-ip"], "Yes");
      assert.equal(JSON.parse(answers[5]!.body).error.name, "Too Many Requests");
      assert.equal(emu.stats().connectRateLimitViolations, 1);
      await assert.rejects(openRaw(emu.url), /upgrade failed/);
    } finally {
      await emu.close();
    }
  });

  it("faults: drop → 1006, close → given code, malformed frame, refused upgrades", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const a = await openRaw(emu.url);
      const b = await openRaw(emu.url);
      const ids = emu.connections().map((c) => c.id);
      emu.fault({ kind: "malformed" }, ids[0]);
      await a.waitFrames(1);
      assert.throws(() => JSON.parse(a.frames[0]!.text));
      emu.fault({ kind: "drop" }, ids[0]);
      emu.fault({ kind: "close", code: 4000, reason: "maintenance" }, ids[1]);
      assertAbnormal(await a.closed);
      assert.deepEqual(await b.closed, { code: 4000, reason: "maintenance", wasClean: true });
      emu.fault({ kind: "refuseUpgrades", count: 1, status: 401 });
      const r = await rawUpgrade(emu.httpUrl, "/websocket/v1");
      assert.equal(r.status, 401);
      assert.equal(JSON.parse(r.body).error.name, "INVALID_AUTH");
      assert.equal((await rawUpgrade(emu.httpUrl, "/websocket/v1")).status, 101);
    } finally {
      await emu.close();
    }
  });

  it("stall stops UP and pong; delay holds frames back", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const client = new WsClient(emu.url);
      await new Promise((r) => client.once("open", r));
      let pongs = 0;
      client.on("pong", () => pongs++);
      client.ping();
      await new Promise((r) => client.once("pong", r));
      emu.fault({ kind: "stall" }, "all");
      client.ping();
      client.send("PING");
      await pause(30);
      assert.equal(pongs, 1, "no pong while stalled");
      assert.equal(emu.stats().framesDropped, 1, "the UP was swallowed");
      emu.fault({ kind: "resume" }, "all");
      emu.fault({ kind: "delay", ms: 40 }, "all");
      const t0 = performance.now();
      client.send(JSON.stringify(sub({ type: "ticker", codes: ["KRW-BTC"] })));
      await new Promise((r) => client.once("message", r));
      assert.ok(performance.now() - t0 >= 35, "delayed");
      client.close();
      await new Promise((r) => client.once("close", r));
    } finally {
      await emu.close();
    }
  });

  it("streams on its own in automatic mode with non-decreasing book timestamps", async () => {
    const emu = await startEmulator({
      market: { tickMs: 5, bookIntervalMs: 10, candleIntervalMs: 20, activeCodes: ["KRW-BTC"] },
    });
    try {
      const s = await openRaw(emu.url);
      s.send(
        sub({ type: "orderbook", codes: ["KRW-BTC.5"] }, {
          type: "candle.1s",
          codes: ["KRW-BTC"],
          is_only_realtime: true,
        }),
      );
      await s.until((f) =>
        f.filter((x) => x.text.includes('"orderbook"')).length >= 6 &&
        f.some((x) => x.text.includes("candle.1s"))
      );
      const books = (s.json() as Obj[]).filter((f) => f["type"] === "orderbook");
      for (let i = 1; i < books.length; i++) {
        assert.ok((books[i]!["timestamp"] as number) >= (books[i - 1]!["timestamp"] as number));
      }
      await s.close();
    } finally {
      await emu.close();
    }
  });

  it("serves /v1/market/all (with is_details) and /v1/orderbook/instruments", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const all = await (await fetch(`${emu.httpUrl}/v1/market/all`)).json() as Obj[];
      assert.ok(all.length >= 25);
      assert.deepEqual(all[0], {
        market: "KRW-BTC",
        korean_name: "비트코인",
        english_name: "Bitcoin",
      });
      const details = await (await fetch(`${emu.httpUrl}/v1/market/all?is_details=true`))
        .json() as Obj[];
      assert.deepEqual(details[1]?.["market_event"], {
        warning: true,
        caution: {
          PRICE_FLUCTUATIONS: false,
          TRADING_VOLUME_SOARING: false,
          DEPOSIT_AMOUNT_SOARING: false,
          GLOBAL_PRICE_DIFFERENCES: false,
          CONCENTRATION_OF_SMALL_ACCOUNTS: false,
        },
      });
      const bad = await fetch(`${emu.httpUrl}/v1/market/all?is_details=yes`);
      assert.equal(bad.status, 400);
      assert.equal((await bad.json() as { error: { name: number } }).error.name, 400);
      const inst =
        await (await fetch(`${emu.httpUrl}/v1/orderbook/instruments?markets=KRW-BTC,USDT-BTC`))
          .json();
      assert.deepEqual(inst, [
        {
          market: "KRW-BTC",
          quote_currency: "KRW",
          tick_size: "1000",
          supported_levels: ["0", "1000", "10000", "100000", "1000000", "10000000", "100000000"],
        },
        { market: "USDT-BTC", quote_currency: "USDT", tick_size: "0.1", supported_levels: ["0"] },
      ]);
    } finally {
      await emu.close();
    }
  });

  it("is driven over HTTP: state, fault, market step and trade; bad input → 400", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const s = await openRaw(emu.url);
      s.send(sub({ type: "trade", codes: ["KRW-ETH"], is_only_realtime: true }));
      await eventually(() => emu.stats().requests === 1);
      const post = (path: string, body: unknown) =>
        fetch(`${emu.httpUrl}/__emulator/${path}`, { method: "POST", body: JSON.stringify(body) });
      const state = await (await fetch(`${emu.httpUrl}/__emulator/state`)).json() as {
        connections: { id: string; subscriptions: unknown[] }[];
        stats: { requests: number };
      };
      assert.equal(state.stats.requests, 1);
      assert.equal(state.connections[0]?.subscriptions.length, 1);
      assert.equal((await post("market/step", { codes: ["KRW-ETH"] })).status, 200);
      await s.waitFrames(1);
      const trade = await (await post("market/trade", {
        code: "KRW-ETH",
        side: "ASK",
        price: 5_000_000,
        volume: 0.5,
      })).json() as Obj;
      assert.equal(trade["price"], 5_000_000);
      assert.match(String(trade["sequential_id"]), /^\d{17}$/);
      await s.waitFrames(2);
      assert.equal((s.json(1)[0] as Obj)["trade_price"], 5_000_000);
      assert.equal(
        (await post("fault", {
          fault: { kind: "close", code: 4002 },
          target: state.connections[0]!.id,
        })).status,
        200,
      );
      assert.equal((await s.closed).code, 4002);
      const bad = await post("market/trade", { code: "KRW-NOPE" });
      assert.equal(bad.status, 400);
      assert.match((await bad.json() as { error: string }).error, /current value is "KRW-NOPE"/);
      assert.equal((await fetch(`${emu.httpUrl}/__emulator/nope`)).status, 404);
    } finally {
      await emu.close();
    }
  });

  it("negotiates permessage-deflate by default, as Upbit does, and the runtime's WebSocket agrees", async () => {
    // Node's (undici) and Bun's native WebSocket offer permessage-deflate on every upgrade;
    // Deno's never does (measured; see src/wire/transport.ts).
    const offers = !("Deno" in globalThis);
    for (const perMessageDeflate of [undefined, false]) {
      const emu = await startEmulator(
        perMessageDeflate === undefined ? { market: { tickMs: 0 } } : {
          market: { tickMs: 0 },
          perMessageDeflate,
        },
      );
      try {
        const ws = new WebSocket(emu.url);
        ws.binaryType = "arraybuffer";
        await new Promise((resolve, reject) => {
          ws.addEventListener("open", resolve, { once: true });
          ws.addEventListener("error", reject, { once: true });
        });
        const on = perMessageDeflate === undefined && offers;
        assert.equal(ws.extensions, on ? "permessage-deflate" : "");
        const [info] = emu.connections();
        assert.equal(info?.extensions.offered.includes("permessage-deflate"), offers);
        assert.equal(info?.extensions.negotiated.startsWith("permessage-deflate"), on);
        const first = new Promise<ArrayBuffer>((resolve) => {
          ws.addEventListener("message", (e) => resolve(e.data as ArrayBuffer), { once: true });
        });
        ws.send(JSON.stringify(sub({ type: "ticker", codes: ["KRW-BTC"] })));
        const frame = JSON.parse(new TextDecoder().decode(await first)) as { code: string };
        assert.equal(frame.code, "KRW-BTC");
        const closed = new Promise((r) => ws.addEventListener("close", r, { once: true }));
        ws.close();
        await closed;
      } finally {
        await emu.close();
      }
    }
  });

  it("negotiates permessage-deflate only when enabled and offered", async () => {
    for (const perMessageDeflate of [false, true]) {
      const emu = await startEmulator({ market: { tickMs: 0 }, perMessageDeflate });
      try {
        const client = new WsClient(emu.url, { perMessageDeflate: true });
        await new Promise((r) => client.once("open", r));
        assert.equal(client.extensions.includes("permessage-deflate"), perMessageDeflate);
        client.send(JSON.stringify(sub({ type: "ticker", codes: ["KRW-BTC"] })));
        const data = await new Promise<Buffer>((r) => client.once("message", (d: Buffer) => r(d)));
        assert.equal(JSON.parse(data.toString()).code, "KRW-BTC");
        client.close();
        await new Promise((r) => client.once("close", r));
      } finally {
        await emu.close();
      }
    }
  });

  it("close() closes open sockets with 1001 and is idempotent", async () => {
    const emu = await startEmulator({ market: { tickMs: 5 } });
    const s = await openRaw(emu.url);
    await Promise.all([emu.close(), emu.close()]);
    assert.equal((await s.closed).code, 1001);
    await emu.close();
  });
});
