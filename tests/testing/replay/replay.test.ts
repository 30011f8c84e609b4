// @workerd-skip-bundle: tests the emulator's own server (ws, node:http), which a Worker cannot host; the client's workerd coverage is tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeClock } from "../../../testing/clock.ts";
import { EmulatorCore } from "../../../testing/core/core.ts";
import {
  formatRecordingLine,
  parseRecording,
  Recorder,
} from "../../../testing/replay/recording.ts";
import { replayRecording } from "../../../testing/replay/replayer.ts";
import { startEmulator } from "../../../testing/server/server.ts";
import type { Transport } from "../../../testing/connection/transport.ts";
import { openRaw } from "../../_helpers/raw_socket.ts";
import { eventually } from "../../_helpers/wait.ts";

const TRADE_SIMPLE =
  '{"ty":"trade","cd":"KRW-BTC","tms":1787728554853,"td":"2026-08-26","ttm":"07:15:54","ttms":1787728554797,"tp":1.09847E8,"tv":0.00509799,"ab":"ASK","pcp":1.09165E8,"c":"RISE","cp":682000.0,"sid":17877285547970001,"bap":109867000,"bas":0.0099545,"bbp":109847000,"bbs":0.1583673,"st":"REALTIME"}';
const TICKER_LIST =
  '[{"type":"ticker","code":"KRW-ETH","trade_price":3700000.0,"timestamp":1787728554900,"stream_type":"REALTIME"}]';
const START = Date.UTC(2026, 8, 23);

function recording(): string {
  const rec = new Recorder(((t) => () => t.shift() ?? 0)([1000, 1100, 1300, 1500]));
  rec.add(TRADE_SIMPLE);
  rec.add(new TextEncoder().encode(TICKER_LIST));
  rec.add('{"status":"UP"}');
  rec.add("not json");
  return rec.toString();
}

describe("emulator recordings", () => {
  it("writes one NDJSON line per frame and reads the frame text back byte for byte", () => {
    const text = recording();
    const lines = text.trimEnd().split("\n");
    assert.equal(lines.length, 4);
    assert.equal(lines[0], `{"t":1000,"frame":${TRADE_SIMPLE}}`);
    assert.equal(lines[3], '{"t":1500,"raw":"not json"}');
    const frames = parseRecording(`${text}\n\n`);
    assert.deepEqual(frames.map((f) => f.t), [1000, 1100, 1300, 1500]);
    assert.equal(frames[0]!.text, TRADE_SIMPLE, "17-digit sid and Java numbers kept verbatim");
    assert.equal(frames[1]!.text, TICKER_LIST);
    assert.equal(frames[3]!.text, "not json");
    assert.deepEqual(parseRecording('{"frame":{"status":"UP"},"t":5}'), [{
      t: 5,
      text: '{"status":"UP"}',
    }]);
    assert.throws(() => parseRecording('{"t":1,"frame":{}}\n{"t":'), /line 2/);
    assert.throws(() => parseRecording('{"x":1}'), /line 1/);
    assert.equal(formatRecordingLine(7, "a\nb"), '{"t":7,"raw":"a\\nb"}');
  });

  it("replays to subscribers in their own format at the recorded pace times the speed factor", () => {
    const clock = new FakeClock(START);
    const core = new EmulatorCore({ clock, market: { tickMs: 0 } });
    const sent: { text: string; at: number }[] = [];
    const t: Transport = {
      send: (d) =>
        sent.push({
          text: typeof d === "string" ? d : new TextDecoder().decode(d),
          at: clock.now() - START,
        }),
      close() {},
      terminate() {},
    };
    const conn = core.accept({ path: "/websocket/v1", endpoint: "public", ip: "x" }, t);
    conn.receive(JSON.stringify([
      { ticket: "r" },
      { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true },
      { type: "ticker", codes: ["KRW-ETH"], is_only_realtime: true },
      { format: "DEFAULT" },
    ]));
    const r = replayRecording(core, recording(), { speed: 2 });
    clock.tick(0);
    assert.equal(sent.length, 1);
    clock.tick(49);
    assert.equal(sent.length, 1);
    clock.tick(1);
    assert.equal(sent.length, 2);
    clock.tick(1000);
    assert.equal(r.sent, 4);
    assert.deepEqual(sent.map((s) => s.at), [0, 50]);
    const trade = JSON.parse(sent[0]!.text.replace(/("sequential_id":)(\d+)/, '$1"$2"'));
    assert.equal(trade.type, "trade", "SIMPLE recording re-encoded as DEFAULT");
    assert.equal(trade.trade_price, 109847000);
    assert.equal(trade.sequential_id, "17877285547970001", "the id survives exactly");
    assert.equal(JSON.parse(sent[1]!.text).code, "KRW-ETH");
    core.close();
  });

  it("raw mode sends every recorded frame unchanged; stop() ends a replay", async () => {
    const clock = new FakeClock(START);
    const core = new EmulatorCore({ clock, market: { tickMs: 0 } });
    const sent: string[] = [];
    core.accept({ path: "/websocket/v1", endpoint: "public", ip: "x" }, {
      send: (d) => sent.push(typeof d === "string" ? d : new TextDecoder().decode(d)),
      close() {},
      terminate() {},
    });
    const r = replayRecording(core, recording(), { speed: 1, mode: "raw" });
    clock.tick(300);
    assert.deepEqual(sent, [TRADE_SIMPLE, TICKER_LIST, '{"status":"UP"}']);
    r.stop();
    clock.tick(10_000);
    assert.equal(sent.length, 3);
    await r.done;
    assert.throws(() => replayRecording(core, [], { speed: 0 }), /current value is "0"/);
    core.close();
    assert.equal(clock.pending, 0, "no timer left behind");
  });

  it("replays over a real socket through the control API", async () => {
    const emu = await startEmulator({ market: { tickMs: 0 } });
    try {
      const s = await openRaw(emu.url);
      s.send([{ ticket: "r" }, { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true }, {
        format: "SIMPLE",
      }]);
      await eventually(() => emu.stats().requests === 1);
      const res = await fetch(`${emu.httpUrl}/__emulator/replay`, {
        method: "POST",
        body: JSON.stringify({ recording: recording(), speed: 100, wait: true }),
      });
      assert.deepEqual(await res.json(), { frames: 4 });
      await s.waitFrames(1);
      assert.equal(s.frames.length, 1);
      assert.match(s.frames[0]!.text, /^\{"ty":"trade","cd":"KRW-BTC",.*"sid":17877285547970001,/);
      await s.close();
    } finally {
      await emu.close();
    }
  });
});
