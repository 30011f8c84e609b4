import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../../../testing/clock.ts";
import { EmulatorCore } from "../../../testing/core/core.ts";
import type { EmulatorOptions } from "../../../testing/options.ts";
import { FakeTransport } from "../../_helpers/fake_transport.ts";

const START = Date.UTC(2026, 8, 23, 12, 0, 0);

function setup(options: EmulatorOptions = {}) {
  const clock = new FakeClock(START);
  const core = new EmulatorCore({ clock, ...options, market: { tickMs: 0, ...options.market } });
  return {
    clock,
    core,
    async open(path = "/websocket/v1", headers: Record<string, string> = {}) {
      const d = await core.upgrade({ path, headers, ip: "127.0.0.1" });
      assert.ok(d.ok, `upgrade refused: ${d.ok ? "" : d.status}`);
      const t = new FakeTransport(clock);
      const conn = core.accept(d.ticket, t);
      return { conn, t };
    },
  };
}

const req = (...objects: unknown[]) => JSON.stringify([{ ticket: "test" }, ...objects]);

describe("emulator core: subscriptions", () => {
  it("sends nothing before a request, no acknowledgement, then a snapshot per code and realtime frames", async () => {
    const { core, open, clock } = setup();
    const { conn, t } = await open();
    clock.tick(5000);
    assert.equal(t.sent.length, 0, "silent until a request");
    conn.receive(req({ type: "ticker", codes: ["KRW-BTC", "KRW-ETH", "krw-xrp", "KRW-NOPE"] }));
    const snaps = t.json();
    assert.deepEqual(snaps.map((f) => [f["type"], f["code"], f["stream_type"]]), [
      ["ticker", "KRW-BTC", "SNAPSHOT"],
      ["ticker", "KRW-ETH", "SNAPSHOT"],
    ]);
    assert.ok(t.sent.every((f) => f.binary), "binary frames by default");
    core.market.step();
    const rt = t.json(2);
    assert.deepEqual(rt.map((f) => [f["code"], f["stream_type"]]), [
      ["KRW-BTC", "REALTIME"],
      ["KRW-ETH", "REALTIME"],
    ]);
    core.close();
  });

  it("is_only_snapshot gives one snapshot then silence; is_only_realtime skips the snapshot; both → snapshot only", async () => {
    const { core, open } = setup();
    const a = await open();
    a.conn.receive(req({ type: "trade", codes: ["KRW-BTC"], is_only_snapshot: true }));
    const b = await open();
    b.conn.receive(req({ type: "trade", codes: ["KRW-BTC"], is_only_realtime: true }));
    const c = await open();
    c.conn.receive(
      req({ type: "trade", codes: ["KRW-BTC"], is_only_realtime: true, is_only_snapshot: true }),
    );
    assert.equal(a.t.sent.length, 1);
    assert.equal(b.t.sent.length, 0);
    assert.equal(c.t.sent.length, 1);
    core.market.step();
    core.market.step();
    assert.equal(a.t.sent.length, 1, "silence after the snapshot");
    assert.deepEqual(b.t.json().map((f) => f["stream_type"]), ["REALTIME", "REALTIME"]);
    assert.equal(c.t.sent.length, 1);
    core.close();
  });

  it("ignores camelCase flags unless acceptCamelCaseFlags", async () => {
    const strict = setup();
    const s = await strict.open();
    s.conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], isOnlyRealtime: true }));
    assert.equal(s.t.sent.length, 1, "camelCase ignored: snapshot sent");
    strict.core.close();
    const lenient = setup({ acceptCamelCaseFlags: true });
    const l = await lenient.open();
    l.conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], isOnlyRealtime: true }));
    assert.equal(l.t.sent.length, 0);
    lenient.core.close();
  });

  it("replaces every stream on a new request", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    conn.receive(
      req({ type: "ticker", codes: ["KRW-BTC"] }, { type: "trade", codes: ["KRW-BTC"] }),
    );
    conn.receive(req({ type: "ticker", codes: ["KRW-ETH"], is_only_realtime: true }));
    const n = t.sent.length;
    core.market.step();
    assert.deepEqual(t.json(n).map((f) => [f["type"], f["code"]]), [["ticker", "KRW-ETH"]]);
    assert.deepEqual(core.connections()[0]?.subscriptions, [
      { type: "ticker", codes: ["KRW-ETH"], level: 0, onlySnapshot: false, onlyRealtime: true },
    ]);
    core.close();
  });

  it("trims orderbooks to .N (1/5/15/30; others 30), sends the bare code, and honours level", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    conn.receive(req(
      { type: "orderbook", codes: ["KRW-BTC.5", "KRW-ETH.7", "KRW-XRP.1", "KRW-SOL"] },
      { type: "orderbook", codes: ["KRW-BTC.15"], level: 10000 },
      { type: "orderbook", codes: ["KRW-BTC"], level: 12345 },
      { type: "orderbook", codes: ["BTC-ETH"], level: 1000 },
    ));
    const frames = t.json();
    assert.deepEqual(
      frames.map((f) => [f["code"], (f["orderbook_units"] as unknown[]).length, f["level"]]),
      [["KRW-BTC", 5, 0], ["KRW-ETH", 30, 0], ["KRW-XRP", 1, 0], ["KRW-SOL", 30, 0], [
        "KRW-BTC",
        15,
        10000,
      ]],
    );
    core.market.step({ codes: ["KRW-BTC"] });
    assert.deepEqual(
      t.json(frames.length).map((
        f,
      ) => [f["code"], (f["orderbook_units"] as unknown[]).length, f["level"], f["stream_type"]]),
      [["KRW-BTC", 5, 0, "REALTIME"], ["KRW-BTC", 15, 10000, "REALTIME"]],
    );
    core.close();
  });

  it("delays snapshots by snapshotDelayMs and starts realtime only after them", async () => {
    const { core, open, clock } = setup({ snapshotDelayMs: 200 });
    const { conn, t } = await open();
    conn.receive(req({ type: "trade", codes: ["KRW-BTC"] }));
    core.market.step();
    assert.equal(t.sent.length, 0);
    clock.tick(200);
    assert.deepEqual(t.json().map((f) => f["stream_type"]), ["SNAPSHOT"]);
    assert.equal(t.sent[0]?.at, START + 200);
    core.market.step();
    assert.deepEqual(t.json().map((f) => f["stream_type"]), ["SNAPSHOT", "REALTIME"]);
    core.close();
  });
});

describe("emulator core: formats", () => {
  it("encodes every format; the last request's format applies to every stream", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    const subs = [{ type: "trade", codes: ["KRW-BTC", "KRW-ETH"] }];
    conn.receive(req(...subs, { format: "SIMPLE" }));
    assert.deepEqual(t.json().map((f) => [f["ty"], f["cd"], f["st"]]), [
      ["trade", "KRW-BTC", "SNAPSHOT"],
      ["trade", "KRW-ETH", "SNAPSHOT"],
    ]);
    let n = t.sent.length;
    conn.receive(req(...subs, { format: "JSON_LIST" }));
    const list = JSON.parse(t.sent[n]!.text) as Record<string, unknown>[];
    assert.equal(t.sent.length, n + 1, "snapshots of one type share a list frame");
    assert.deepEqual(list.map((f) => [f["type"], f["code"]]), [["trade", "KRW-BTC"], [
      "trade",
      "KRW-ETH",
    ]]);
    n = t.sent.length;
    conn.receive(req(...subs, { format: "SIMPLE_LIST" }));
    assert.deepEqual(
      (JSON.parse(t.sent[n]!.text) as Record<string, unknown>[]).map((f) => f["cd"]),
      ["KRW-BTC", "KRW-ETH"],
    );
    n = t.sent.length;
    conn.receive(req(...subs, { format: "DEFAULT" }));
    assert.deepEqual(t.json(n).map((f) => f["code"]), ["KRW-BTC", "KRW-ETH"]);
    n = t.sent.length;
    conn.receive(req(...subs, { format: "SIMPLE" }));
    conn.receive(req(...subs)); // no format object: back to DEFAULT (the emulator's default)
    n = t.sent.length;
    core.market.step();
    assert.ok(t.json(n).every((f) => typeof f["type"] === "string"));
    core.close();
  });

  it("keeps the format when omittedFormat is 'keep', and splits lists at listMaxItems", async () => {
    const { core, open } = setup({ omittedFormat: "keep", listMaxItems: 2 });
    const { conn, t } = await open();
    conn.receive(
      req({ type: "ticker", codes: ["KRW-BTC", "KRW-ETH", "KRW-XRP"] }, { format: "SIMPLE_LIST" }),
    );
    assert.deepEqual(t.json().map((f) => (f as unknown as unknown[]).length), [2, 1]);
    const n = t.sent.length;
    conn.receive(req({ type: "ticker", codes: ["KRW-BTC"] }));
    const f = JSON.parse(t.sent[n]!.text) as Record<string, unknown>[];
    assert.equal(f[0]?.["cd"], "KRW-BTC", "still SIMPLE_LIST");
    core.close();
  });

  it("writes text frames and Java numbers on request", async () => {
    const { core, open } = setup({ frames: "text", javaNumbers: true });
    const { conn, t } = await open();
    conn.receive(req({ type: "ticker", codes: ["KRW-BTC"] }));
    assert.equal(t.sent[0]?.binary, false);
    assert.match(t.sent[0]!.text, /"trade_price":1\.\d+E8/);
    assert.match(t.sent[0]!.text, /"timestamp":\d{13},/);
    core.close();
  });
});

describe("emulator core: LIST_SUBSCRIPTIONS", () => {
  it("lists this connection's subscriptions with the request's ticket, in the request's format", async () => {
    const { core, open } = setup();
    const { conn, t } = await open();
    conn.receive(JSON.stringify([
      { ticket: "sub" },
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"], is_only_realtime: true },
      { type: "orderbook", codes: ["KRW-BTC.15"], level: 10000, is_only_realtime: true },
      { format: "SIMPLE" },
    ]));
    conn.receive(
      JSON.stringify([{ ticket: "list-1" }, { method: "LIST_SUBSCRIPTIONS" }, {
        format: "SIMPLE",
      }]),
    );
    assert.deepEqual(t.json(), [{
      mthd: "LIST_SUBSCRIPTIONS",
      rslt: [{ ty: "ticker", cds: ["KRW-BTC", "KRW-ETH"] }, {
        ty: "orderbook",
        cds: ["KRW-BTC.15"],
        lv: 10000,
      }],
      tckt: "list-1",
    }]);
    conn.receive(
      JSON.stringify([{ ticket: "list-2" }, { method: "LIST_SUBSCRIPTIONS" }, {
        format: "DEFAULT",
      }]),
    );
    assert.equal(t.json(1)[0]?.["method"], "LIST_SUBSCRIPTIONS");
    const n = t.sent.length;
    core.market.step({ codes: ["KRW-ETH"] });
    assert.equal(
      t.json(n)[0]?.["type"],
      "ticker",
      "the LIST request switched the streams to DEFAULT",
    );
    assert.equal(core.stats().requests, 3, "LIST counts as a request");
    core.close();
  });
});

describe("emulator core: errors", () => {
  const cases: [string, string, string, EmulatorOptions?][] = [
    ["hello", "WRONG_FORMAT", "Format 이 맞지 않습니다."],
    ['{"ticket":"t"}', "WRONG_FORMAT", "Format 이 맞지 않습니다."],
    ["[1,2]", "WRONG_FORMAT", "Format 이 맞지 않습니다."],
    [
      '[{"type":"ticker","codes":["KRW-BTC"]}]',
      "NO_TICKET",
      "티켓이 존재하지 않거나, 유효하지 않습니다.",
    ],
    [
      '[{"ticket":""},{"type":"ticker","codes":["KRW-BTC"]}]',
      "NO_TICKET",
      "티켓이 존재하지 않거나, 유효하지 않습니다.",
    ],
    ['[{"ticket":"t"}]', "NO_TYPE", "type 필드가 존재하지 않습니다."],
    ['[{"ticket":"t"},{"codes":["KRW-BTC"]}]', "NO_TYPE", "type 필드가 존재하지 않습니다."],
    ['[{"ticket":"t"},{"type":"ticker"}]', "NO_CODES", "codes 필드가 존재하지 않습니다."],
    [
      '[{"ticket":"t"},{"type":"ticker","codes":[]}]',
      "INVALID_PARAM",
      "codes 필드가 비어 있습니다.",
    ],
    [
      '[{"ticket":"t"},{"type":"nope","codes":["KRW-BTC"]}]',
      "INVALID_PARAM",
      "nope 은 지원하지 않는 타입입니다.",
    ],
    [
      '[{"ticket":"t"},{"type":"ticker","codes":["KRW-BTC"]},{"format":"XML"}]',
      "INVALID_PARAM",
      "XML은 지원하지 않는 포맷입니다.",
    ],
    ['[{"ticket":"t"},{"type":"myOrder"}]', "INVALID_AUTH", "인증 정보가 올바르지 않습니다."],
  ];
  for (const [text, name, message] of cases) {
    it(`${name} for ${text}, then close 1000 after errorCloseDelayMs`, async () => {
      const { core, open, clock } = setup();
      const { conn, t } = await open();
      conn.receive(text);
      assert.deepEqual(t.json(), [{ error: { message, name } }]);
      clock.tick(149);
      assert.equal(t.closed, undefined);
      clock.tick(1);
      assert.deepEqual(t.closed, { code: 1000, reason: "" });
      assert.equal(core.stats().errorsByName[name], 1);
      core.close();
    });
  }

  it("answers the older message-limit name when asked (rateLimits.messageLimitError)", async () => {
    const { core, open } = setup({ rateLimits: { messageLimitError: "Too Many Requests" } });
    const { conn, t } = await open();
    for (let i = 0; i < 6; i++) conn.receive(req({ type: "ticker", codes: ["KRW-BTC"] }));
    assert.equal((t.json().at(-1) as { error: { name: string } }).error.name, "Too Many Requests");
    core.close();
  });

  it("refusals.unsupportedLevel 'wrong-format': level on a non-KRW market refuses the whole request, then close", async () => {
    for (const unsupportedLevel of ["no-data", "wrong-format"] as const) {
      const { core, open, clock } = setup({ refusals: { unsupportedLevel } });
      const { conn, t } = await open();
      conn.receive(req(
        { type: "ticker", codes: ["KRW-BTC"] },
        { type: "orderbook", codes: ["BTC-ETH.15"], level: 0.0001 },
      ));
      clock.tick(150);
      if (unsupportedLevel === "no-data") {
        // The Korean host: nothing for the orderbook, the ticker streams.
        assert.deepEqual(t.json().map((f) => (f as { type?: string }).type), ["ticker"]);
        assert.equal(t.closed, undefined);
      } else {
        assert.deepEqual(t.json(), [{
          error: { message: "Format 이 맞지 않습니다.", name: "WRONG_FORMAT" },
        }]);
        assert.equal(t.closed?.code, 1000);
      }
      // level 0 off KRW and level on KRW are served either way.
      core.close();
    }
    const { core, open } = setup({ refusals: { unsupportedLevel: "wrong-format" } });
    const { conn, t } = await open();
    conn.receive(req({ type: "orderbook", codes: ["BTC-ETH"], level: 0 }));
    assert.equal(t.closed, undefined);
    assert.equal((t.json()[0] as { type?: string }).type, "orderbook");
    const supported = core.market.supportedLevels("KRW-BTC");
    conn.receive(req({ type: "orderbook", codes: ["KRW-BTC"], level: supported[1] }));
    assert.equal(t.closed, undefined);
    conn.receive(req({ type: "orderbook", codes: ["KRW-BTC"], level: 12345 }));
    assert.equal((t.json().at(-1) as { error: { name: string } }).error.name, "WRONG_FORMAT");
    core.close();
  });

  it("refusals.maxCombinations: over it, TOO_MANY_REQUEST then close; English messages on request", async () => {
    const { core, open, clock } = setup({ refusals: { maxCombinations: 3, language: "en" } });
    const { conn, t } = await open();
    conn.receive(req(
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
      { type: "trade", codes: ["KRW-BTC"] },
    ));
    assert.equal(t.closed, undefined);
    conn.receive(req(
      { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
      { type: "trade", codes: ["KRW-BTC", "KRW-ETH"] },
    ));
    assert.deepEqual(t.json().at(-1), {
      error: { message: "Too many requests.", name: "TOO_MANY_REQUEST" },
    });
    clock.tick(150);
    // Read again: the earlier `closed === undefined` assertion narrowed the type.
    assert.equal((t as { closed?: { code: number } }).closed?.code, 1000);
    const { conn: c2, t: t2 } = await open();
    c2.receive("[");
    assert.deepEqual(t2.json(), [{
      error: { message: "The format is not valid.", name: "WRONG_FORMAT" },
    }]);
    core.close();
  });

  it("stops streaming and ignores requests after an error", async () => {
    const { core, open, clock } = setup({ errorCloseDelayMs: 1000 });
    const { conn, t } = await open();
    conn.receive(req({ type: "trade", codes: ["KRW-BTC"], is_only_realtime: true }));
    conn.receive("oops");
    conn.receive(req({ type: "trade", codes: ["KRW-BTC"] }));
    core.market.step();
    assert.equal(t.sent.length, 1);
    clock.tick(1000);
    assert.equal(t.closed?.code, 1000);
    assert.equal(core.connections()[0]?.open, false);
    core.close();
  });

  it("refuses codes with myAsset (WRONG_FORMAT) and public types on /private", async () => {
    const { core } = setup();
    const { parseRequest } = await import("../../../testing/connection/request.ts");
    assert.deepEqual(
      parseRequest('[{"ticket":"t"},{"type":"myAsset","codes":["KRW-BTC"]}]', {
        endpoint: "private",
      }),
      { kind: "error", name: "WRONG_FORMAT", message: "Format 이 맞지 않습니다." },
    );
    assert.equal(
      (parseRequest(req({ type: "ticker", codes: ["KRW-BTC"] }), { endpoint: "private" }) as {
        name: string;
      }).name,
      "INVALID_PARAM",
    );
    assert.equal(
      parseRequest(req({ type: "ticker", codes: ["KRW-BTC"] }), {
        endpoint: "private",
        crossEndpointTypes: true,
      }).kind,
      "subscribe",
    );
    core.close();
  });
});

describe("emulator core: keepalive and idle", () => {
  it('answers PING with {"status":"UP"} and repeats it every 10 s', async () => {
    const { core, open, clock } = setup();
    const { conn, t } = await open();
    conn.receive("PING");
    assert.deepEqual(t.json(), [{ status: "UP" }]);
    clock.tick(30_000);
    assert.deepEqual(t.sent.map((f) => f.at - START), [0, 10_000, 20_000, 30_000]);
    conn.receive("PING");
    assert.equal(t.sent.length, 4, "one heartbeat per socket");
    assert.equal(core.stats().requests, 0, "PING is not a request");
    core.close();
  });

  it("drops a socket idle for idleTimeoutMs without a close frame; traffic and UP keep it alive", async () => {
    const { core, open, clock } = setup();
    const idle = await open();
    const chatty = await open();
    const beating = await open();
    beating.conn.receive("PING");
    clock.tick(100_000);
    chatty.conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
    clock.tick(20_000);
    assert.equal(idle.t.terminated, true);
    assert.equal(idle.t.closed, undefined, "no close frame");
    assert.equal(chatty.t.terminated, false);
    clock.tick(100_000);
    assert.equal(chatty.t.terminated, true);
    assert.equal(beating.t.terminated, false);
    assert.equal(core.stats().idleCloses, 2);
    assert.equal(core.connections().find((c) => c.id === "c1")?.closeCode, 1006);
    core.close();
  });
});

describe("emulator core: rate limits", () => {
  it("counts every message over 5/s and answers TOO_MANY_REQUEST then close 1000 by default", async () => {
    const { core, open, clock } = setup();
    const { conn, t } = await open();
    for (let i = 0; i < 5; i++) {
      conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
    }
    assert.equal(core.stats().rateLimitViolations, 0);
    conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
    assert.deepEqual(t.json(), [{
      error: { message: "요청 수 제한을 초과했습니다.", name: "TOO_MANY_REQUEST" },
    }]);
    clock.tick(150);
    assert.equal(t.closed?.code, 1000);
    assert.equal(core.stats().messageRateLimitViolations, 1);
    core.close();
  });

  it("with onMessageLimit 'count' serves the request and still counts per-second and per-minute violations", async () => {
    const { core, open, clock } = setup({ rateLimits: { onMessageLimit: "count" } });
    const { conn, t } = await open();
    for (let i = 0; i < 7; i++) conn.receive(req({ type: "ticker", codes: ["KRW-BTC"] }));
    assert.equal(core.stats().messageRateLimitViolations, 2);
    assert.equal(t.sent.length, 7, "all served");
    clock.tick(1000);
    for (let i = 0; i < 93; i++) {
      conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
      clock.tick(250);
    }
    assert.equal(core.stats().messageRateLimitViolations, 2, "100 in a minute is allowed");
    conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
    assert.equal(core.stats().messageRateLimitViolations, 3, "the 101st within a minute is not");
    assert.equal(core.stats().rateLimitViolations, 3);
    core.close();
  });

  it("'error' reaction answers but keeps the socket", async () => {
    const { core, open, clock } = setup({
      rateLimits: { onMessageLimit: "error", messagesPerSecond: 1 },
    });
    const { conn, t } = await open();
    conn.receive(req({ type: "ticker", codes: ["KRW-BTC"], is_only_realtime: true }));
    conn.receive(req({ type: "ticker", codes: ["KRW-ETH"], is_only_realtime: true }));
    clock.tick(1000);
    assert.equal(t.closed, undefined);
    assert.equal(t.json()[0]?.["error"] !== undefined, true);
    core.market.step();
    assert.deepEqual(
      t.json(1).map((f) => f["code"]),
      ["KRW-BTC"],
      "the refused request was not applied",
    );
    core.close();
  });

  it("refuses the 6th upgrade within a second with 429, counts it, and allows again a second later", async () => {
    const { core, clock } = setup();
    const up = () => core.upgrade({ path: "/websocket/v1", headers: {}, ip: "10.0.0.1" });
    for (let i = 0; i < 5; i++) {
      const d = await up();
      assert.ok(d.ok);
      assert.equal(d.headers["remaining-req"], `group=websocket; min=300; sec=${4 - i}`);
    }
    const refused = await up();
    assert.ok(!refused.ok);
    assert.equal(refused.status, 429);
    assert.equal(JSON.parse(refused.body).error.name, "Too Many Requests");
    assert.ok(
      (await core.upgrade({ path: "/websocket/v1", headers: {}, ip: "10.0.0.2" })).ok,
      "per IP",
    );
    clock.tick(1000);
    assert.ok((await up()).ok);
    assert.equal(core.stats().connectRateLimitViolations, 1);
    core.close();
    const lenient = setup({ rateLimits: { onConnectLimit: "count" } });
    for (let i = 0; i < 7; i++) {
      assert.ok((await lenient.core.upgrade({ path: "/websocket/v1", headers: {}, ip: "x" })).ok);
    }
    assert.equal(lenient.core.stats().connectRateLimitViolations, 2);
    lenient.core.close();
  });
});

describe("emulator core: faults", () => {
  it("drop, close, malformed and error act on the addressed connection only", async () => {
    const { core, open, clock } = setup();
    const a = await open();
    const b = await open();
    core.fault({ kind: "malformed" }, "c1");
    assert.equal(a.t.sent.length, 1);
    assert.throws(() => JSON.parse(a.t.sent[0]!.text));
    assert.equal(b.t.sent.length, 0);
    core.fault({ kind: "error", name: "INVALID_PARAM" }, "c2");
    assert.deepEqual(b.t.json(), [{
      error: { message: "codes 필드가 비어 있습니다.", name: "INVALID_PARAM" },
    }]);
    clock.tick(150);
    assert.equal(b.t.closed?.code, 1000);
    core.fault({ kind: "close", code: 4001, reason: "bye" }, "c1");
    assert.deepEqual(a.t.closed, { code: 4001, reason: "bye" });
    const c = await open();
    core.fault({ kind: "drop" });
    assert.equal(c.t.terminated, true);
    assert.equal(core.stats().faults, 4);
    assert.throws(() => core.fault({ kind: "drop" }, "c99"), /current value is "c99"/);
    assert.throws(() => core.fault({ kind: "close", code: 1006 }), /current value is "1006"/);
    assert.throws(() => core.fault({ kind: "nope" } as never), TypeError);
    core.close();
  });

  it("stall silences everything (UP included) until resume; stall 'all' also covers later sockets", async () => {
    const { core, open, clock } = setup();
    const a = await open();
    a.conn.receive("PING");
    a.conn.receive(req({ type: "trade", codes: ["KRW-BTC"], is_only_realtime: true }));
    core.fault({ kind: "stall" }, "all");
    const b = await open();
    b.conn.receive(req({ type: "trade", codes: ["KRW-BTC"] }));
    core.market.step();
    clock.tick(20_000);
    assert.equal(a.t.sent.length, 1, "only the first UP");
    assert.equal(b.t.sent.length, 0);
    assert.ok(core.connections().every((c) => c.stalled));
    core.fault({ kind: "resume" });
    core.market.step();
    assert.equal(a.t.json(1)[0]?.["type"], "trade");
    assert.equal(b.t.sent.length, 1);
    assert.ok(core.stats().framesDropped >= 4);
    core.fault({ kind: "stall", durationMs: 5000 }, "c2");
    core.market.step();
    clock.tick(5000);
    core.market.step();
    assert.equal(b.t.sent.length, 2, "one more frame after the timed stall ended");
    core.close();
  });

  it("delay holds frames back by N ms in order", async () => {
    const { core, open, clock } = setup();
    const { conn, t } = await open();
    core.fault({ kind: "delay", ms: 300 }, "c1");
    conn.receive(req({ type: "trade", codes: ["KRW-BTC"] }));
    clock.tick(100);
    core.market.step();
    assert.equal(t.sent.length, 0);
    clock.tick(200);
    assert.equal(t.sent.length, 1);
    clock.tick(100);
    assert.deepEqual(t.json().map((f) => f["stream_type"]), ["SNAPSHOT", "REALTIME"]);
    assert.deepEqual(t.sent.map((f) => f.at - START), [300, 400]);
    core.close();
  });

  it("refuseUpgrades refuses the next N upgrades with the given status", async () => {
    const { core } = setup();
    core.fault({ kind: "refuseUpgrades", count: 2, status: 401 });
    for (let i = 0; i < 2; i++) {
      const d = await core.upgrade({ path: "/websocket/v1", headers: {}, ip: "a" });
      assert.ok(!d.ok && d.status === 401);
    }
    assert.ok((await core.upgrade({ path: "/websocket/v1", headers: {}, ip: "a" })).ok);
    assert.equal(core.stats().upgradesRefused, 2);
    const d404 = await core.upgrade({ path: "/nope", headers: {}, ip: "a" });
    assert.ok(!d404.ok && d404.status === 404);
    core.close();
  });
});

describe("emulator core: options for behaviours the docs leave open", () => {
  it("legacyTickerKeys adds trade_status/market_state_for_ios as null; orderbookTotals 'full' sums 30 rows", async () => {
    const { core, open } = setup({ legacyTickerKeys: true, orderbookTotals: "full" });
    const { conn, t } = await open();
    conn.receive(
      req({ type: "ticker", codes: ["KRW-BTC"] }, { type: "orderbook", codes: ["KRW-BTC.5"] }, {
        format: "SIMPLE",
      }),
    );
    const [ticker, book] = t.json();
    assert.equal(ticker?.["ts"], null);
    assert.equal(ticker?.["msfi"], null);
    assert.ok("ts" in ticker! && "msfi" in ticker!);
    const full = core.market.orderbookFrame(
      "KRW-BTC",
      core.market.bookCopy("KRW-BTC"),
      30,
      0,
      "SNAPSHOT",
    )!;
    assert.equal(book?.["tas"], full["total_ask_size"]);
    assert.equal((book?.["obu"] as unknown[]).length, 5);
    core.close();
  });

  it("myAssetScope 'all' lists every currency; the default lists the changed ones", () => {
    for (
      const [scope, expected] of [["changed", ["KRW"]], ["all", ["KRW", "BTC", "ETH"]]] as const
    ) {
      const { core } = setup({
        myAssetScope: scope,
        accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 1e7, BTC: 1, ETH: 2 } }],
      });
      const seen: string[][] = [];
      core.accounts.onEvent((e) => {
        if (e.kind === "myAsset") {
          seen.push((e.frame["assets"] as { currency: string }[]).map((a) => a.currency));
        }
      });
      core.accounts.deposit("ak", "KRW", 1);
      assert.deepEqual(seen, [expected]);
      core.close();
    }
  });

  it("crossEndpointTypes serves public types on /private and private ones on the public URL", async () => {
    const { core, open } = setup({ crossEndpointTypes: true });
    const { conn, t } = await open();
    conn.receive(req({ type: "myAsset" }));
    assert.equal(t.sent.length, 0, "accepted, silent (no account on this socket)");
    assert.equal(core.connections()[0]?.subscriptions[0]?.type, "myAsset");
    core.close();
  });
});

describe("emulator core: reports", () => {
  it("reports connections with subscriptions, the last requests and counters", async () => {
    const { core, open } = setup();
    const { conn } = await open();
    conn.receive(
      req({ type: "orderbook", codes: ["KRW-BTC.5"], level: 10000, is_only_snapshot: true }, {
        format: "SIMPLE",
      }),
    );
    conn.receive("PING");
    const [info] = core.connections();
    assert.equal(info?.id, "c1");
    assert.equal(info?.path, "/websocket/v1");
    assert.equal(info?.open, true);
    assert.equal(info?.format, "SIMPLE");
    assert.deepEqual(info?.subscriptions, [
      {
        type: "orderbook",
        codes: ["KRW-BTC.5"],
        level: 10000,
        onlySnapshot: true,
        onlyRealtime: false,
      },
    ]);
    assert.equal(info?.requests.count, 1);
    assert.equal(info?.requests.last.length, 1);
    assert.equal(info?.pings, 1);
    const s = core.stats();
    assert.equal(s.connectionsOpened, 1);
    assert.equal(s.connectionsOpen, 1);
    assert.equal(s.snapshotsSent, 1);
    assert.equal(s.upsSent, 1);
    assert.equal(s.framesSent, 2);
    core.close();
    assert.equal(core.stats().connectionsOpen, 0);
    assert.equal(core.connections()[0]?.closeCode, 1001);
    core.close(); // idempotent
  });
});
