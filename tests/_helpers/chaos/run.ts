/**
 * The chaos harness entry: a client driven against the emulator's fault injection by a seeded
 * random schedule, with consumers that come and go, and after every recovery a check against the
 * emulator's own view of the socket (see `tests/reliability/chaos.test.ts` and `RELIABILITY.md`).
 *
 * One *lane* is one emulator and one client (`lane.ts`). Lanes share nothing, so any number can
 * run at once; faults within a lane run one after another, except for bursts, which hit each
 * replacement socket the moment it opens, before it has carried a request.
 *
 * @module
 */
import { type RemoteOrLocalEmulator, useEmulator } from "../emulator.ts";
import { cycle } from "./cycle.ts";
import { Lane } from "./lane.ts";
import { type ChaosOptions, type ChaosReport, emptyReport } from "./report.ts";
import { createRng } from "./rng.ts";

/**
 * Runs `faults` faults over `lanes` independent emulator + client pairs, checking after every
 * recovery. Throws (with the lane's seed and its last actions) at the first broken rule.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const started = performance.now();
  const report = emptyReport(options);
  const seeds = createRng(options.seed);
  const lanes: Lane[] = [];
  const emulators: RemoteOrLocalEmulator[] = [];
  try {
    for (let i = 0; i < options.lanes; i++) {
      const emu = await useEmulator({
        market: { tickMs: 0, seed: i + 1 },
        errorCloseDelayMs: 2,
        upIntervalMs: 15,
        rateLimits: { onConnectLimit: "count" },
      });
      emulators.push(emu);
      lanes.push(
        new Lane(i, seeds.int(2 ** 31), emu, report, {
          staleAfterMs: options.staleAfterMs ?? 60,
          recoveryTimeoutMs: options.recoveryTimeoutMs ?? 5000,
        }),
      );
    }
    await Promise.all(lanes.map(async (lane) => {
      lane.churn(3);
      await lane.settle("at the start");
      await lane.flow();
      // One shared budget: a lane held up by the rate gate leaves the rest to the others.
      while (report.faults < options.faults) await cycle(lane);
      await lane.finish();
    }));
  } finally {
    for (const lane of lanes) await lane.client.close();
    for (const emu of emulators) await emu.close();
  }
  report.ms = performance.now() - started;
  return report;
}
