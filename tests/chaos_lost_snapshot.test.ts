/**
 * KNOWN CLIENT BUG, reported to the lead with a proposed fix (RELIABILITY.md, "Bugs found"):
 * a snapshot that never arrives (here swallowed by a brief server stall, the emulator's timed
 * `stall` fault) is never asked for again, so the consumer that waits for it receives nothing at
 * all while the socket stays healthy and its realtime frames flow (the registry holds them back
 * until the snapshot). This test fails until the fix lands; it is not skipped on purpose.
 *
 * The client's clock runs 10 s ahead after the stall, standing in for the grace period a fix
 * would wait before asking again, so the test needs no real wait.
 */
import { it } from "node:test";
import assert from "node:assert/strict";
import { UpbitClient } from "../mod.ts";
import { useEmulator } from "./_helpers/emulator.ts";
import { pause, waitFor } from "./_helpers/chaos.ts";
it("a snapshot lost to a brief server stall is asked for again", async () => {
  const emu = await useEmulator({ market: { tickMs: 0 }, upIntervalMs: 10 });
  let skew = 0;
  const clock = {
    now: () => Date.now() + skew,
    setTimeout: (fn: () => void, ms: number): unknown => setTimeout(fn, ms),
    clearTimeout: (id: unknown) => clearTimeout(id as ReturnType<typeof setTimeout>),
  };
  const client = new UpbitClient({
    url: emu.url,
    clock,
    keepalive: { staleAfterMs: 60_000 },
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
    skew += 10_000;
    const end = performance.now() + 2000;
    while (eth.length < 2 && performance.now() < end) {
      await emu.step(["KRW-BTC", "KRW-ETH"]);
      await pause(20);
    }
    const { connections } = await emu.state();
    assert.equal(connections.filter((c) => c.open).length, 1);
    assert.ok(btc.length > 2, `BTC flows (${btc.length})`);
    assert.deepEqual(eth.slice(0, 2), ["SNAPSHOT", "REALTIME"], `ETH got ${JSON.stringify(eth)}`);
  } finally {
    await client.close();
    await emu.close();
  }
});
