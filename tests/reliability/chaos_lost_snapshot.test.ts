/**
 * A snapshot that never arrives (here swallowed by a brief server stall, the emulator's timed
 * `stall` fault, while the socket stays open) is asked for again after `snapshotTimeoutMs`, so
 * the consumer waiting for it gets its snapshot and then its realtime events. Found by the chaos
 * suite; before the fix the consumer received nothing at all while its stream flowed.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../../mod.ts";
import { useEmulator } from "../_helpers/emulator.ts";
import { pause, waitFor } from "../_helpers/wait.ts";

it("a snapshot lost to a brief server stall is asked for again", async () => {
  const emu = await useEmulator({ market: { tickMs: 0 }, upIntervalMs: 10 });
  const client = new UpbitClient({
    url: emu.url,
    keepalive: { staleAfterMs: 60_000 },
    snapshotTimeoutMs: 100,
    lingerMs: 0,
  });
  try {
    const btc: string[] = [];
    const eth: string[] = [];
    client.subscribeTicker(["KRW-BTC"], (e) => void btc.push(e.streamType));
    await waitFor(() => btc.length === 1, 2000, () => "no BTC snapshot");
    const id = (await emu.state()).connections.find((c) => c.open)!.id;
    await emu.fault({ kind: "stall", durationMs: 40 }, id);
    client.subscribeTicker(["KRW-ETH"], (e) => void eth.push(e.streamType));
    await pause(60);
    const end = performance.now() + 2000;
    while (eth.length < 2 && performance.now() < end) {
      await emu.step(["KRW-BTC", "KRW-ETH"]);
      await pause(20);
    }
    const { connections } = await emu.state();
    assert.equal(connections.filter((c) => c.open).length, 1, "the socket was not replaced");
    assert.ok(btc.length > 2, `BTC flows (${btc.length})`);
    assert.deepEqual(eth.slice(0, 2), ["SNAPSHOT", "REALTIME"], `ETH got ${JSON.stringify(eth)}`);
  } finally {
    await client.close();
    await emu.close();
  }
});
