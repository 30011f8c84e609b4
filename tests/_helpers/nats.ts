/**
 * A real nats-server for a test, on every runtime: started in-process (`scripts/nats-server.ts`)
 * where the runtime can spawn (Node, Deno with `--allow-run`, Bun), or through the emulator
 * spawner on workerd (`POST /nats/spawn`). Without the binary, {@linkcode useNats} says loudly
 * what did not run and how to install it, skips the test, and under `CI=true` fails it instead.
 */
import { isWorkerd } from "./emulator.ts";

/** A nats-server driven the same way wherever it runs. */
export interface NatsHandle extends AsyncDisposable {
  /** `ws://127.0.0.1:PORT` */
  readonly url: string;
  /** Stops with SIGINT and starts again on the same ports (streams kept). */
  restart(): Promise<void>;
  /** Stops with SIGINT; idempotent. */
  stop(): Promise<void>;
}

/** What a test needs from its context to skip. */
export interface SkippableContext {
  skip(message?: string): void;
}

function spawnerUrl(): string | undefined {
  const base = (globalThis as Record<string, unknown>)["UPBIT_EMULATOR_SPAWNER"];
  return typeof base === "string" && base !== "" ? base.replace(/\/+$/, "") : undefined;
}

function isCi(): boolean {
  const g = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    UPBIT_CI?: unknown;
  };
  return g.process?.env?.["CI"] === "true" || g.UPBIT_CI === true;
}

async function post(url: string): Promise<unknown> {
  const res = await fetch(url, { method: "POST", body: "{}" });
  const text = await res.text();
  if (!res.ok) throw new Error(`${url} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

/**
 * Starts a nats-server for the test `t`, or returns `undefined` after skipping it (loudly) when
 * nats-server is not installed; under `CI=true` a missing server throws instead.
 */
export async function useNats(t: SkippableContext): Promise<NatsHandle | undefined> {
  let missing: string | undefined;
  let ci = isCi();
  if (isWorkerd()) {
    const base = spawnerUrl();
    if (base === undefined) throw new Error("workerd tests need the spawner for nats-server");
    const res = await fetch(`${base}/nats/available`);
    const info = await res.json() as { ok: boolean; message: string; ci: boolean };
    ci ||= info.ci;
    if (info.ok) {
      const spawned = await post(`${base}/nats/spawn`) as { id: string; url: string };
      const stop = async () => {
        await post(`${base}/nats/stop/${spawned.id}`);
      };
      return {
        url: spawned.url,
        restart: async () => {
          await post(`${base}/nats/restart/${spawned.id}`);
        },
        stop,
        [Symbol.asyncDispose]: stop,
      };
    }
    missing = info.message;
  } else {
    // A computed specifier keeps the workerd bundler from pulling node:child_process in.
    const spec = new URL("../../scripts/nats-server.ts", import.meta.url).href;
    const mod = await import(spec) as typeof import("../../scripts/nats-server.ts");
    if (mod.findNatsServer() !== undefined) {
      const server = await mod.startNatsServer();
      return {
        url: server.url,
        restart: () => server.restart(),
        stop: () => server.stop(),
        [Symbol.asyncDispose]: () => server.stop(),
      };
    }
    missing = mod.natsServerMissing("this NATS test");
  }
  if (ci) throw new Error(`CI=true: ${missing}`);
  console.warn(`\n⚠⚠⚠ ${missing}\n`);
  t.skip(missing);
  return undefined;
}
