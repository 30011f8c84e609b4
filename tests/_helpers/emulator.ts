/**
 * Test helpers around the Upbit emulator (`upbit-ws/testing`).
 *
 * - `useEmulator(options?)`: an emulator for client integration tests on every runtime. Where
 *   the runtime can listen (Node, Deno, Bun) it starts one in-process; on workerd it asks the
 *   spawner whose base URL the workerd runner puts in `globalThis.UPBIT_EMULATOR_SPAWNER`
 *   (see `scripts/emulator-spawner.ts`). Either way the same async methods drive it.
 *
 * Raw sockets for protocol tests written as raw JSON are in `raw_socket.ts`; waiting helpers in
 * `wait.ts`.
 */

import type { Emulator, EmulatorOptions } from "../../testing/mod.ts";
import type { ConnectionInfo, EmulatorStats } from "../../testing/reports.ts";
import type { Fault } from "../../testing/core/faults.ts";

/** `GET /__emulator/state`. */
export interface EmulatorState {
  connections: ConnectionInfo[];
  stats: EmulatorStats;
}

/** An emulator in this process or in the spawner's, driven the same way. */
export interface RemoteOrLocalEmulator extends AsyncDisposable {
  readonly url: string;
  readonly privateUrl: string;
  readonly infoUrl: string;
  readonly httpUrl: string;
  /** The in-process emulator, when there is one. */
  readonly local: Emulator | undefined;
  /** Connections and counters. */
  state(): Promise<EmulatorState>;
  /** Injects a fault into a connection id or `"all"`. */
  fault(f: Fault, target?: string): Promise<void>;
  /** One manual market round (trades, books, candles) for `codes` (default: the busy pairs). */
  step(codes?: string[]): Promise<void>;
  /** One trade now. */
  trade(
    code: string,
    options?: { side?: "ASK" | "BID"; price?: number; volume?: number },
  ): Promise<unknown>;
  /** `POST /__emulator/<path>` with a JSON body; resolves with the JSON answer. */
  control(path: string, body?: unknown): Promise<unknown>;
  /** Stops the emulator; idempotent. */
  close(): Promise<void>;
}

/** How `useEmulator` chooses; tests of the helper itself can force the remote path. */
export interface UseEmulatorOverrides {
  mode?: "auto" | "local" | "remote";
  /** Spawner base URL (default `globalThis.UPBIT_EMULATOR_SPAWNER`). */
  spawnerUrl?: string;
}

/** Whether this runtime is workerd, which cannot listen. */
export function isWorkerd(): boolean {
  const g = globalThis as Record<string, unknown>;
  return typeof g["WebSocketPair"] !== "undefined" ||
    (typeof navigator !== "undefined" && navigator.userAgent === "Cloudflare-Workers");
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(`Cannot call the emulator as ${url} answered ${res.status}: ${text}`);
  }
  return text === "" ? undefined : JSON.parse(text);
}

function remoteControls(
  httpUrl: string,
): Pick<RemoteOrLocalEmulator, "state" | "fault" | "step" | "trade" | "control"> {
  const control = (path: string, body?: unknown) =>
    postJson(`${httpUrl}/__emulator/${path.replace(/^\/+/, "")}`, body);
  return {
    async state() {
      const res = await fetch(`${httpUrl}/__emulator/state`);
      if (!res.ok) throw new Error(`Cannot read the emulator state: HTTP ${res.status}`);
      return await res.json() as EmulatorState;
    },
    async fault(f, target = "all") {
      await control("fault", { fault: f, target });
    },
    async step(codes) {
      await control("market/step", codes === undefined ? {} : { codes });
    },
    trade(code, options = {}) {
      return control("market/trade", { code, ...options });
    },
    control,
  };
}

/**
 * Starts an emulator for a test: in-process where the runtime can listen, else through the
 * spawner.
 *
 * @param options emulator options (JSON only when remote)
 * @param overrides force the mode or the spawner URL
 */
export async function useEmulator(
  options: EmulatorOptions = {},
  overrides: UseEmulatorOverrides = {},
): Promise<RemoteOrLocalEmulator> {
  const mode = overrides.mode ?? "auto";
  const remote = mode === "remote" || (mode === "auto" && isWorkerd());
  if (!remote) {
    // A computed specifier keeps bundlers (the workerd runner) from pulling `ws`/`node:http` in.
    const spec = new URL("../../testing/mod.ts", import.meta.url).href;
    const mod = await import(spec) as typeof import("../../testing/mod.ts");
    const emu = await mod.startEmulator(options);
    const controls = remoteControls(emu.httpUrl);
    return {
      url: emu.url,
      privateUrl: emu.privateUrl,
      infoUrl: emu.infoUrl,
      httpUrl: emu.httpUrl,
      local: emu,
      state: () => Promise.resolve({ connections: emu.connections(), stats: emu.stats() }),
      fault: (f, target) => Promise.resolve(emu.fault(f, target)),
      step: (codes) => Promise.resolve(emu.market.step(codes === undefined ? {} : { codes })),
      trade: (code, o) => Promise.resolve(emu.market.trade(code, o ?? {})),
      control: controls.control,
      close: () => emu.close(),
      [Symbol.asyncDispose]: () => emu.close(),
    };
  }
  const base = overrides.spawnerUrl ??
    (globalThis as Record<string, unknown>)["UPBIT_EMULATOR_SPAWNER"];
  if (typeof base !== "string" || base === "") {
    throw new TypeError(
      "Cannot start a remote emulator as globalThis.UPBIT_EMULATOR_SPAWNER must hold the spawner URL",
    );
  }
  const spawned = await postJson(`${base.replace(/\/+$/, "")}/spawn`, options) as {
    id: string;
    url: string;
    privateUrl: string;
    infoUrl: string;
    httpUrl: string;
  };
  let closing: Promise<void> | undefined;
  const close = () =>
    closing ??= postJson(`${base.replace(/\/+$/, "")}/close/${encodeURIComponent(spawned.id)}`, {})
      .then(() => undefined);
  return {
    url: spawned.url,
    privateUrl: spawned.privateUrl,
    infoUrl: spawned.infoUrl,
    httpUrl: spawned.httpUrl,
    local: undefined,
    ...remoteControls(spawned.httpUrl),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The emulator's open sockets on the public endpoint. */
export async function openPublic(emu: RemoteOrLocalEmulator): Promise<ConnectionInfo[]> {
  const { connections } = await emu.state();
  return connections.filter((c) => c.open && c.endpoint === "public");
}

/** The streams each open public socket carries, as sorted `type:code` strings, a list per socket. */
export async function publicStreams(emu: RemoteOrLocalEmulator): Promise<string[][]> {
  return (await openPublic(emu)).map((c) =>
    c.subscriptions.flatMap((s) => (s.codes ?? [""]).map((code) => `${s.type}:${code}`)).sort()
  );
}
