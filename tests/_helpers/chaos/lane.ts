/**
 * One chaos *lane*: one emulator and one client with consumers that come and go, the history a
 * failure prints, and the steps a cycle (`cycle.ts`) is made of: settle (the emulator's socket
 * carries exactly the live consumers' streams), flow (data reaches every live consumer), audit,
 * fault injection and the final tally.
 *
 * About 270 lines: the steps share the lane's consumers, client and history (a failure prints the
 * last actions), so they stay in one class; what they call lives in the neighbouring files.
 *
 * @module
 */
import { UpbitClient } from "../../../mod.ts";
import type { WireFormat } from "../../../src/types.ts";
import type { ConnectionInfo } from "../../../testing/reports.ts";
import { openPublic, type RemoteOrLocalEmulator } from "../emulator.ts";
import { waitFor } from "../wait.ts";
import { type Consumer, describe, isLive, openConsumer } from "./consumer.ts";
import { category, type FaultPlan, injectFault, planLabel } from "./faults.ts";
import { type ChaosReport, settleSlot } from "./report.ts";
import { createRng, type Rng } from "./rng.ts";
import { expectedRealtime, serverWire, wireDiff } from "./wire_check.ts";

const FORMATS: readonly WireFormat[] = ["DEFAULT", "SIMPLE", "JSON_LIST", "SIMPLE_LIST"];

/** One emulator and one client, and the consumers the harness made on it. */
export class Lane {
  readonly index: number;
  readonly rng: Rng;
  readonly emu: RemoteOrLocalEmulator;
  readonly client: UpbitClient;
  readonly format: WireFormat;
  readonly consumers: Consumer[] = [];
  readonly history: string[] = [];
  readonly report: ChaosReport;
  readonly errors: Record<string, number> = {};
  /** Faults this lane injected. */
  faults = 0;
  #seed: number;
  #nextId = 1;
  #reconnects = 0;
  /** Longest wait for one recovery before the lane fails. */
  readonly recoveryTimeoutMs: number;
  #iterators: Promise<void>[] = [];

  constructor(
    index: number,
    seed: number,
    emu: RemoteOrLocalEmulator,
    report: ChaosReport,
    options: { staleAfterMs: number; recoveryTimeoutMs: number },
  ) {
    this.index = index;
    this.#seed = seed;
    this.rng = createRng(seed);
    this.emu = emu;
    this.report = report;
    this.format = this.rng.pick(FORMATS);
    this.recoveryTimeoutMs = options.recoveryTimeoutMs;
    this.client = new UpbitClient({
      name: `chaos-${index}`,
      url: emu.url,
      format: this.format,
      profile: "production",
      reconnect: { initialDelayMs: 1, maxDelayMs: 5, maxAttempts: Infinity, minUptimeMs: 50 },
      // Hundreds of faults in seconds: Upbit's 5 connects per second (the default, tested in
      // tests/integration/failures.test.ts) would stretch this run several times over; the emulator counts
      // what goes over it instead (reported as "connects over the connect limit").
      connectLimits: [{ max: 1000, windowMs: 1000 }],
      keepalive: { staleAfterMs: options.staleAfterMs, pingIntervalMs: 1000 },
      connectTimeoutMs: 1000,
      snapshotTimeoutMs: 150,
      lingerMs: 0,
    });
    this.client.addEventListener("reconnect", () => {
      this.#reconnects++;
      for (const c of this.consumers) c.snapshotSeen.clear();
    });
    this.client.addEventListener("error", (e) => {
      this.errors[e.error.code] = (this.errors[e.error.code] ?? 0) + 1;
    });
  }

  /** Sockets the client reopened so far (its `reconnect` events). */
  get reconnects(): number {
    return this.#reconnects;
  }

  note(what: string): void {
    this.history.push(what);
    if (this.history.length > 30) this.history.shift();
  }

  fail(message: string, extra = ""): Error {
    return new Error(
      `chaos lane ${this.index} (seed ${this.#seed}, format ${this.format}) failed: ${message}\n` +
        `  replay: CHAOS_SEED=<run seed> (this lane's seed ${this.#seed})\n` +
        `  last actions: ${this.history.join(" → ")}${extra ? `\n  ${extra}` : ""}`,
    );
  }

  live(): Consumer[] {
    return this.consumers.filter(isLive);
  }

  // ---- consumers ----

  add(): Consumer {
    const c = openConsumer(this.client, this.rng, this.#nextId++, this.#iterators);
    this.consumers.push(c);
    this.report.consumersCreated++;
    this.note(`+${c.id} ${describe(c)}`);
    return c;
  }

  remove(c: Consumer): void {
    c.closedByUs = true;
    c.sub.close();
    this.note(`-${c.id}`);
  }

  churn(max: number, min = 0): Consumer[] {
    const added: Consumer[] = [];
    const ops = this.rng.range(min, max);
    for (let i = 0; i < ops; i++) {
      const live = this.live();
      if (live.length === 0 || (live.length < 8 && this.rng.chance(0.55))) added.push(this.add());
      else this.remove(this.rng.pick(live));
    }
    // Keep one consumer that outlives its snapshot, so the lane always has a socket to hit.
    while (!this.live().some((c) => c.stream !== "snapshot")) added.push(this.add());
    return added;
  }

  // ---- the emulator's view ----

  openPublic(): Promise<ConnectionInfo[]> {
    return openPublic(this.emu);
  }

  /** Waits until the emulator's one open socket carries exactly the live consumers' streams. */
  async settle(what: string, replaced?: string): Promise<ConnectionInfo> {
    const t0 = performance.now();
    try {
      return await this.#settle(what, replaced);
    } finally {
      const slot = settleSlot(performance.now() - t0);
      this.report.settleMs[slot] = (this.report.settleMs[slot] ?? 0) + 1;
    }
  }

  async #settle(what: string, replaced: string | undefined): Promise<ConnectionInfo> {
    let last = "";
    let found: ConnectionInfo | undefined;
    await waitFor(
      async () => {
        found = undefined;
        // An injected refusal may have just failed every streaming consumer: keep a socket.
        if (!this.live().some((c) => c.stream !== "snapshot")) this.add();
        const snapshotsPending = this.live().some((c) => c.stream === "snapshot");
        if (snapshotsPending) {
          last = "snapshot-only consumers still waiting";
          return false;
        }
        const open = await this.openPublic();
        if (open.length !== 1) {
          last = `${open.length} open sockets`;
          return false;
        }
        const conn = open[0]!;
        if (conn.id === replaced) {
          last = `socket ${conn.id} not replaced`;
          return false;
        }
        const diff = wireDiff(expectedRealtime(this.consumers), serverWire(conn));
        if (diff.length > 0) {
          last = diff.join("; ");
          return false;
        }
        if (this.client.health().status !== "healthy") {
          last = `client ${this.client.health().status}`;
          return false;
        }
        found = conn;
        return true;
      },
      this.recoveryTimeoutMs,
      () => this.fail(`${what}: no match within ${this.recoveryTimeoutMs} ms: ${last}`).message,
    );
    return found!;
  }

  /**
   * Steps the market until every live consumer got a REALTIME event of each of its codes after
   * this call. A consumer gets realtime events of a code only after that code's snapshot, so
   * afterwards no consumer waits for a snapshot.
   */
  async flow(): Promise<void> {
    const live = this.live();
    const marks = new Map(live.map((c) => [c, new Map(c.realtimeByCode)]));
    const codes = [...new Set(live.flatMap((c) => [...c.codes]))];
    const behind = (c: Consumer) =>
      isLive(c) &&
      c.codes.some((code) => (c.realtimeByCode.get(code) ?? 0) <= (marks.get(c)!.get(code) ?? 0));
    let lastStep = -Infinity;
    await waitFor(
      async () => {
        const waiting = live.filter(behind);
        if (waiting.length === 0) return true;
        if (performance.now() - lastStep > 25) {
          lastStep = performance.now();
          await this.emu.step(codes);
        }
        return false;
      },
      this.recoveryTimeoutMs,
      () => {
        const waiting = live.filter(behind);
        return this.fail(
          `no data within ${this.recoveryTimeoutMs} ms for ${waiting.map(describe).join(" | ")}`,
        ).message;
      },
    );
    this.report.subscriptionsChecked += live.length;
  }

  /** Every rule the consumers noted, and nothing received after close. */
  audit(): void {
    for (const c of this.consumers) {
      if (c.problems.length > 0) throw this.fail(c.problems.join("; "));
      if (c.afterClose > 0) {
        throw this.fail(`consumer ${c.id} (${describe(c)}) got ${c.afterClose} events after close`);
      }
    }
  }

  async violations(): Promise<void> {
    const { stats } = await this.emu.state();
    if (stats.messageRateLimitViolations !== 0) {
      throw this.fail(
        `the emulator counted ${stats.messageRateLimitViolations} message-limit violations`,
      );
    }
  }

  // ---- faults ----

  async inject(plan: FaultPlan, target: string): Promise<boolean> {
    if (!(await injectFault(this.emu, plan, target))) return false;
    this.report.faults++;
    this.faults++;
    const cat = category(plan);
    this.report.byKind[cat] = (this.report.byKind[cat] ?? 0) + 1;
    this.note(planLabel(plan));
    return true;
  }

  async finish(): Promise<void> {
    for (const c of this.live()) this.remove(c);
    await this.client.close();
    await Promise.all(this.#iterators);
    this.audit();
    const { stats } = await this.emu.state();
    this.report.recoveries += this.#reconnects;
    this.report.messageRateLimitViolations += stats.messageRateLimitViolations;
    this.report.connectRateLimitViolations += stats.connectRateLimitViolations;
    this.report.requests += stats.requests;
    this.report.connections += stats.connectionsOpened;
    for (const [code, n] of Object.entries(this.errors)) {
      this.report.clientErrors[code] = (this.report.clientErrors[code] ?? 0) + n;
    }
  }
}
