/**
 * What a chaos run is asked to do and what it reports.
 *
 * @module
 */

/** Options of a chaos run. */
export interface ChaosOptions {
  seed: number;
  /** Faults to inject in total, over every lane. */
  faults: number;
  /** Independent emulator + client pairs run at once. */
  lanes: number;
  /** The client's stall window. */
  staleAfterMs?: number;
  /** Longest wait for one recovery before the run fails. */
  recoveryTimeoutMs?: number;
}

/** What a chaos run saw. */
export interface ChaosReport {
  seed: number;
  lanes: number;
  faults: number;
  byKind: Record<string, number>;
  /** Sockets the client reopened (its `reconnect` events). */
  recoveries: number;
  /** Recoveries checked against the emulator (one per fault cycle). */
  checks: number;
  /** (consumer, check) pairs verified: on the wire and receiving again. */
  subscriptionsChecked: number;
  /** onlyRealtime flags verified after a change on a stable socket. */
  flagsChecked: number;
  consumersCreated: number;
  /** Emulator counters, summed over lanes. */
  messageRateLimitViolations: number;
  connectRateLimitViolations: number;
  requests: number;
  connections: number;
  /** Client error events by code. */
  clientErrors: Record<string, number>;
  /** Slowest recovery (fault to verified data flow), ms. */
  slowestRecoveryMs: number;
  /** How long settling took (histogram). */
  settleMs: Record<string, number>;
  ms: number;
}

/** A report with nothing counted yet. */
export function emptyReport(options: ChaosOptions): ChaosReport {
  return {
    seed: options.seed,
    lanes: options.lanes,
    faults: 0,
    byKind: {},
    recoveries: 0,
    checks: 0,
    subscriptionsChecked: 0,
    flagsChecked: 0,
    consumersCreated: 0,
    messageRateLimitViolations: 0,
    connectRateLimitViolations: 0,
    requests: 0,
    connections: 0,
    clientErrors: {},
    slowestRecoveryMs: 0,
    settleMs: {},
    ms: 0,
  };
}

/** The `settleMs` histogram slot of a settle that took `ms`. */
export function settleSlot(ms: number): string {
  return ms < 10 ? "<10" : ms < 50 ? "<50" : ms < 200 ? "<200" : ms < 800 ? "<800" : ">=800";
}
