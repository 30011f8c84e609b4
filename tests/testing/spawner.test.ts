// @workerd-skip-bundle: tests the emulator's own server (ws, node:http), which a Worker cannot host; the client's workerd coverage is tests/integration/emulator.test.ts against a driver-side emulator
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSpawner } from "../../scripts/emulator-spawner.ts";
import { isWorkerd, useEmulator } from "../_helpers/emulator.ts";
import { openRaw } from "../_helpers/raw_socket.ts";
import { eventually } from "../_helpers/wait.ts";

describe("emulator helper and spawner", () => {
  it("useEmulator() starts an in-process emulator on a runtime that can listen", async () => {
    assert.equal(isWorkerd(), false);
    const emu = await useEmulator({ market: { tickMs: 0 } });
    try {
      assert.ok(emu.local, "in-process");
      assert.match(emu.url, /^ws:\/\/127\.0\.0\.1:\d+\/websocket\/v1$/);
      assert.equal(emu.privateUrl, `${emu.url}/private`);
      const s = await openRaw(emu.url);
      s.send([{ ticket: "h" }, { type: "trade", codes: ["KRW-BTC"], is_only_realtime: true }]);
      await eventually(() => emu.local!.stats().requests === 1);
      await emu.step(["KRW-BTC"]);
      await s.waitFrames(1);
      await emu.trade("KRW-BTC", { side: "BID" });
      await s.waitFrames(2);
      const state = await emu.state();
      assert.equal(state.stats.requests, 1);
      await emu.control("market/step", { codes: ["KRW-BTC"] });
      await s.waitFrames(3);
      await emu.fault({ kind: "close", code: 4321 }, state.connections[0]!.id);
      assert.equal((await s.closed).code, 4321);
    } finally {
      await emu.close();
      await emu.close();
    }
  });

  it("the spawner starts emulators over HTTP, and useEmulator drives them remotely", async () => {
    const spawner = await startSpawner();
    try {
      const emu = await useEmulator({ market: { tickMs: 0 }, errorCloseDelayMs: 5 }, {
        mode: "remote",
        spawnerUrl: spawner.url,
      });
      assert.equal(emu.local, undefined);
      const s = await openRaw(emu.url);
      s.send([{ ticket: "h" }, { type: "ticker", codes: ["KRW-ETH"], is_only_realtime: true }]);
      let state = await emu.state();
      for (let i = 0; i < 100 && state.stats.requests === 0; i++) state = await emu.state();
      assert.equal(state.connections.length, 1);
      await emu.step(["KRW-ETH"]);
      await s.waitFrames(1);
      assert.equal((s.json()[0] as { code: string }).code, "KRW-ETH");
      const list = await (await fetch(`${spawner.url}/list`)).json() as { id: string }[];
      assert.equal(list.length, 1);
      await emu.fault({ kind: "error", name: "INVALID_PARAM" });
      assert.equal((await s.closed).code, 1000);
      await emu.close();
      assert.deepEqual(await (await fetch(`${spawner.url}/list`)).json(), []);
      await assert.rejects(openRaw(emu.url), /upgrade failed/);
    } finally {
      await spawner.close();
    }
  });

  it("the spawner rejects bad options and unknown paths, and closes unknown ids quietly", async () => {
    const spawner = await startSpawner();
    try {
      const post = (path: string, body: string) =>
        fetch(`${spawner.url}${path}`, { method: "POST", body });
      const notJson = await post("/spawn", "{");
      assert.equal(notJson.status, 400);
      await notJson.body?.cancel();
      const bad = await post("/spawn", JSON.stringify({ frames: "morse" }));
      assert.equal(bad.status, 400);
      assert.match((await bad.json() as { error: string }).error, /current value is "morse"/);
      const unknown = await post("/close/e999", "");
      assert.deepEqual(await unknown.json(), { ok: true });
      const nf = await fetch(`${spawner.url}/nope`);
      assert.equal(nf.status, 404);
      await nf.body?.cancel();
      await assert.rejects(useEmulator({}, { mode: "remote", spawnerUrl: "" }), TypeError);
    } finally {
      await spawner.close();
    }
  });
});
