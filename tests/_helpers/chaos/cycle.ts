/**
 * One chaos cycle on a lane: consumers change on a stable socket (and the re-sent request's flags
 * are checked), a fault hits (sometimes a burst on each replacement socket), consumers change
 * during the outage, and after recovery the emulator's view and the data flow are checked.
 *
 * @module
 */
import { pause, waitFor } from "../wait.ts";
import { CLOSE_CODES, type FaultPlan, planFault, planLabel } from "./faults.ts";
import type { Lane } from "./lane.ts";
import { checkFlags, streamKey } from "./wire_check.ts";

/** Hits each replacement socket as soon as it opens, `count` times (drops and closes only). */
export async function burst(lane: Lane, count: number, after: string): Promise<number> {
  let prev = after;
  let done = 0;
  for (let i = 0; i < count; i++) {
    let next: string | undefined;
    await waitFor(
      async () => {
        const open = await lane.openPublic();
        next = open.find((c) => c.id !== prev)?.id;
        return next !== undefined;
      },
      lane.recoveryTimeoutMs,
      () => lane.fail("burst: no replacement socket").message,
      0,
    );
    const plan: FaultPlan = lane.rng.chance(0.5)
      ? { kind: "drop" }
      : { kind: "close", code: lane.rng.pick(CLOSE_CODES) };
    if (await lane.inject(plan, next!)) {
      done++;
      lane.note("(burst)");
    }
    prev = next!;
  }
  return done;
}

/** One cycle: churn, settle and check flags, fault (maybe a burst), churn, recover, check. */
export async function cycle(lane: Lane): Promise<void> {
  // 1. Consumers change on a stable socket; check the onlyRealtime rule when a request went out.
  // An injected refusal may have failed every consumer: keep one that streams.
  while (!lane.live().some((c) => c.stream !== "snapshot")) lane.add();
  const before = await lane.settle("before the change");
  const reconnectsBefore = lane.reconnects;
  // Codes whose snapshot a live consumer still waits for (since the last reconnect, or one
  // lost and asked again).
  const waiting = lane.live().filter((c) => c.stream !== "realtime").flatMap((c) =>
    c.codes.filter((code) => !c.snapshotSeen.has(code)).map((code) =>
      streamKey(c.type, c.level, code)
    )
  );
  const added = lane.rng.chance(0.6) ? lane.churn(3, 1) : [];
  const after = await lane.settle("after the change");
  if (
    after.id === before.id && lane.reconnects === reconnectsBefore &&
    after.requests.count > before.requests.count
  ) {
    const fresh = new Set([
      ...waiting,
      ...added.filter((c) => c.stream !== "realtime").flatMap((c) =>
        c.codes.map((code) => streamKey(c.type, c.level, code))
      ),
    ]);
    const flags = checkFlags(after.subscriptions, fresh);
    if ("breach" in flags) throw lane.fail(flags.breach);
    lane.report.flagsChecked += flags.checked;
  }
  await lane.flow();
  lane.audit();

  // 2. A fault, sometimes a burst, with consumers changing during the outage.
  const started = performance.now();
  const plan = planFault(lane.rng);
  const target = after.id;
  if (!(await lane.inject(plan, target))) return;
  const breaks = plan.kind === "drop" || plan.kind === "close" || plan.kind === "refuse";
  const replaces = breaks || plan.kind === "stall" || (plan.kind === "error" && plan.close);
  if (breaks && lane.rng.chance(0.15)) await burst(lane, lane.rng.range(1, 3), target);
  // Consumers added during a brief stall lose their snapshot: snapshotTimeoutMs asks again.
  if (lane.rng.chance(plan.kind === "stallBrief" ? 0.8 : 0.4)) lane.churn(2, 1);
  if (plan.kind === "stallBrief") await pause(plan.ms);
  // 3. Recovery, checked against the emulator, then data to every live consumer.
  await lane.settle(`after ${planLabel(plan)}`, replaces ? target : undefined);
  await lane.flow();
  lane.audit();
  await lane.violations();
  lane.report.checks++;
  lane.report.slowestRecoveryMs = Math.max(
    lane.report.slowestRecoveryMs,
    performance.now() - started,
  );
}
