/**
 * upbit-ws/nats numbers, side by side in one run, against a real nats-server (2.9.10 here):
 *
 * 1. relay publish rate by ack mode (`each`, `pipelined`, `none`), no consumer;
 * 2. events/s from one relay to 1 and to 10 consumers (trades, 20 codes, as fast as possible);
 * 3. latency added by the bus (relay callback → consumer callback, p50/p99) at 2,000 and
 *    20,000 events/s, next to the floor of a core NATS publish → subscribe on the same server;
 * 4. relay CPU per event (user + system time of the relay process / events);
 * 5. failover: the active relay's process is SIGKILLed; time until a consumer receives an event
 *    published by the standby (lease TTL 1 s and 3 s).
 *
 * The relay runs in its own process, fed by a synthetic client that calls the relay's callbacks
 * at a fixed rate (the Upbit decode is measured in bench/decode.bench.ts); consumers run in this
 * process. Times are `performance.timeOrigin + performance.now()` in both processes.
 *
 * Run: `node bench/nats.ts` (Node 22; needs nats-server). Prints a Markdown table.
 *
 * @module
 */
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { wsconnect } from "@nats-io/nats-core";
import { relay, UpbitNatsClient } from "../nats/mod.ts";
import type { UpbitClient } from "../mod.ts";
import type { TradeEvent } from "../src/types.ts";
import { startNatsServer } from "../scripts/nats-server.ts";

const SELF = fileURLToPath(import.meta.url);
const CODES = Array.from({ length: 20 }, (_, i) => `KRW-C${String(i).padStart(2, "0")}`);
const now = (): number => performance.timeOrigin + performance.now();

function trade(code: string, seq: number): TradeEvent {
  const t = now();
  return {
    type: "trade",
    code,
    tradePrice: 100_000_000 + (seq % 1000),
    tradeVolume: 0.01,
    askBid: seq % 2 === 0 ? "ASK" : "BID",
    prevClosingPrice: 100_000_000,
    change: "RISE",
    changePrice: 1000,
    tradeDate: "2026-11-29",
    tradeTime: "00:00:00",
    // High-resolution send time, read back by the consumer.
    tradeTimestamp: t,
    timestamp: Math.floor(t),
    sequentialId: String(seq),
    bestAskPrice: 100_001_000,
    bestAskSize: 1,
    bestBidPrice: 99_999_000,
    bestBidSize: 1,
    streamType: "REALTIME",
  } as TradeEvent;
}

/** A stand-in for UpbitClient that emits trades at `rate`/s over CODES (0 = as fast as it can). */
function syntheticClient(rate: number, total: number, base: number, delayMs: number) {
  const callbacks = new Map<string, (e: TradeEvent) => void | Promise<void>>();
  let seq = base;
  let sent = 0;
  let start = performance.now();
  let started = false;
  const pump = async (): Promise<void> => {
    start = performance.now();
    while (sent < total) {
      const due = rate === 0
        ? total
        : Math.min(total, Math.floor((performance.now() - start) * rate / 1000));
      while (sent < due) {
        const code = CODES[sent % CODES.length]!;
        const cb = callbacks.get(code);
        if (cb) {
          const r = cb(trade(code, ++seq));
          if (r) await r;
        }
        sent++;
      }
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  const client = {
    subscribeTrade(codes: string[], cb: (e: TradeEvent) => void | Promise<void>) {
      for (const c of codes) callbacks.set(c, cb);
      if (!started && callbacks.size === CODES.length) {
        started = true;
        setTimeout(() => void pump(), delayMs);
      }
      return { close() {}, dropped: 0 };
    },
  };
  return {
    client: client as unknown as UpbitClient,
    sent: () => sent,
    seconds: () => (performance.now() - start) / 1000,
  };
}

// ---- child: one relay process -------------------------------------------------------------------
async function child(args: string[]): Promise<void> {
  const [
    url = "",
    rateS = "0",
    totalS = "0",
    ack = "pipelined",
    ttlS = "0",
    baseS = "0",
    delayS = "300",
  ] = args;
  const delayMs = Number(delayS);
  const nc = await wsconnect({ servers: url, maxReconnectAttempts: -1 });
  const synth = syntheticClient(Number(rateS), Number(totalS), Number(baseS), delayMs);
  const ttl = Number(ttlS);
  const r = relay(synth.client, {
    nats: nc,
    types: ["trade"],
    codes: CODES,
    ack: ack as "pipelined",
    demand: false,
    lease: ttl === 0 ? false : { ttlMs: ttl },
  });
  await r.ready;
  const cpu0 = process.cpuUsage();
  process.stdout.write(`ready ${r.stats().active ? "active" : "standby"}\n`);
  let finishing = false;
  const tick = setInterval(async () => {
    const s = r.stats();
    if (finishing) return;
    if (synth.sent() >= Number(totalS) && s.inFlight === 0) {
      finishing = true;
      clearInterval(tick);
      await nc.flush();
      const cpu = process.cpuUsage(cpu0);
      const seconds = synth.seconds();
      process.stdout.write(
        `done ${
          JSON.stringify({
            published: s.published,
            acked: s.acked,
            failed: s.failed,
            cpuUs: cpu.user + cpu.system,
            seconds,
          })
        }\n`,
      );
      void r.close().then(() => nc.close()).then(() => process.exit(0));
    }
  }, 20);
}

function spawnRelay(
  args: string[],
): { proc: ChildProcess; lines: string[]; wait: (re: RegExp, ms?: number) => Promise<string> } {
  const proc = spawn(process.execPath, [SELF, "--relay", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  let buf = "";
  proc.stdout!.setEncoding("utf8").on("data", (d: string) => {
    buf += d;
    const parts = buf.split("\n");
    buf = parts.pop() ?? "";
    lines.push(...parts);
    for (const w of waiters) w();
  });
  const wait = (re: RegExp, ms = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${re} in ${ms} ms`)), ms);
      const test = () => {
        const hit = lines.find((l) => re.test(l));
        if (hit) {
          clearTimeout(timer);
          waiters.delete(test);
          resolve(hit);
        }
      };
      waiters.add(test);
      test();
    });
  return { proc, lines, wait };
}

function pct(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? NaN;
}

interface Row {
  what: string;
  value: string;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const add = (what: string, value: string) => {
    rows.push({ what, value });
    console.error(`${what}: ${value}`);
  };

  // 1. publish rate by ack mode (fresh server each, no consumers).
  for (const ack of ["each", "pipelined", "none"]) {
    const server = await startNatsServer();
    try {
      const total = ack === "each" ? 5000 : 40_000;
      const r = spawnRelay([server.url, "0", String(total), ack, "0"]);
      const done = JSON.parse((await r.wait(/^done /)).slice(5)) as {
        published: number;
        seconds: number;
        cpuUs: number;
      };
      add(
        `relay publish, ack "${ack}" (events/s, no consumer)`,
        `${Math.round(done.published / done.seconds).toLocaleString("en")}`,
      );
      add(`relay CPU per event, ack "${ack}" (µs)`, (done.cpuUs / done.published).toFixed(1));
    } finally {
      await server.stop();
    }
  }

  // 2. throughput to 1 and 10 consumers.
  for (const consumers of [1, 10]) {
    const server = await startNatsServer();
    try {
      const total = 40_000;
      const clients = Array.from(
        { length: consumers },
        () => new UpbitNatsClient({ servers: server.url, demandLeaseMs: false }),
      );
      let received = 0;
      let first = 0;
      let last = 0;
      // Create the streams first (the relay does), then subscribe, then start the flow.
      const r = spawnRelay([server.url, "0", String(total), "pipelined", "0", "0", "4000"]);
      await r.wait(/^ready/);
      for (const c of clients) {
        c.subscribeTrade(CODES, () => {
          if (first === 0) first = performance.now();
          last = performance.now();
          received++;
        }, { stream: "realtime", bufferSize: 100_000 });
      }
      await r.wait(/^done /);
      const end = performance.now() + 20_000;
      while (received < total * consumers && performance.now() < end) {
        await new Promise((res) => setTimeout(res, 20));
      }
      const seconds = (last - first) / 1000;
      add(
        `events/s delivered, 1 relay → ${consumers} consumer${
          consumers > 1 ? "s" : ""
        } (sum; ${received}/${total * consumers} received)`,
        `${Math.round(received / seconds).toLocaleString("en")}`,
      );
      await Promise.all(clients.map((c) => c.close()));
    } finally {
      await server.stop();
    }
  }

  // 3. added latency at 2,000 and 20,000 events/s; floor: core publish → subscribe.
  for (const rate of [2000, 20_000]) {
    const server = await startNatsServer();
    try {
      const seconds = 4;
      const total = rate * seconds;
      const client = new UpbitNatsClient({ servers: server.url, demandLeaseMs: false });
      const lat: number[] = [];
      const r = spawnRelay([
        server.url,
        String(rate),
        String(total),
        "pipelined",
        "0",
        "0",
        "2000",
      ]);
      await r.wait(/^ready/);
      client.subscribeTrade(CODES, (e) => void lat.push(now() - e.tradeTimestamp), {
        stream: "realtime",
        bufferSize: 100_000,
      });
      const done = JSON.parse((await r.wait(/^done /)).slice(5)) as {
        published: number;
        cpuUs: number;
        seconds: number;
      };
      await new Promise((res) => setTimeout(res, 500));
      add(
        `bus latency at ${rate.toLocaleString("en")} ev/s offered (${
          Math.round(done.published / done.seconds).toLocaleString("en")
        } published/s), p50 / p99 (ms; ${lat.length} samples)`,
        `${pct(lat, 0.5).toFixed(2)} / ${pct(lat, 0.99).toFixed(2)}`,
      );
      add(
        `relay CPU per event at ${rate.toLocaleString("en")} ev/s (µs)`,
        (done.cpuUs / done.published).toFixed(1),
      );
      await client.close();
      // Floor: the same rate with a core publish and a core subscriber, no relay, no JetStream.
      const pub = await wsconnect({ servers: server.url });
      const sub = await wsconnect({ servers: server.url });
      const floor: number[] = [];
      sub.subscribe("floor.>", {
        callback: (_e, m) => void floor.push(now() - Number(m.string())),
      });
      await sub.flush();
      const t0 = performance.now();
      let sent = 0;
      while (sent < total) {
        const due = Math.min(total, Math.floor((performance.now() - t0) * rate / 1000));
        while (sent < due) pub.publish(`floor.${CODES[sent++ % CODES.length]}`, String(now()));
        await new Promise((res) => setTimeout(res, 1));
      }
      await pub.flush();
      await new Promise((res) => setTimeout(res, 300));
      add(
        `floor: core NATS pub → sub at ${rate.toLocaleString("en")} msg/s, p50 / p99 (ms)`,
        `${pct(floor, 0.5).toFixed(2)} / ${pct(floor, 0.99).toFixed(2)}`,
      );
      await pub.close();
      await sub.close();
    } finally {
      await server.stop();
    }
  }

  // 5. failover: SIGKILL the active relay; time to the first event from the standby.
  for (const ttl of [1000, 3000]) {
    const server = await startNatsServer();
    try {
      const rate = 500;
      const client = new UpbitNatsClient({ servers: server.url, demandLeaseMs: false });
      let lastAt = 0;
      const seen = new Set<string>();
      let dup = 0;
      const a = spawnRelay([
        server.url,
        String(rate),
        String(rate * 60),
        "pipelined",
        String(ttl),
        "0",
      ]);
      await a.wait(/^ready active/);
      const b = spawnRelay([
        server.url,
        String(rate),
        String(rate * 60),
        "pipelined",
        String(ttl),
        "1000000000",
      ]);
      await b.wait(/^ready standby/);
      let standbyAt = 0;
      client.subscribeTrade(CODES, (e) => {
        lastAt = performance.now();
        // The standby numbers its synthetic trades from 1e9.
        if (standbyAt === 0 && Number(e.sequentialId) > 1_000_000_000) standbyAt = lastAt;
        if (seen.has(e.sequentialId)) dup++;
        seen.add(e.sequentialId);
      }, { stream: "realtime", bufferSize: 100_000 });
      await new Promise((res) => setTimeout(res, 1500));
      const killedAt = performance.now();
      a.proc.kill("SIGKILL");
      while (standbyAt === 0) {
        if (performance.now() - killedAt > 20_000) throw new Error("no failover within 20 s");
        await new Promise((res) => setTimeout(res, 5));
      }
      add(
        `failover, lease TTL ${
          ttl / 1000
        } s: SIGKILL of the active relay → first event from the standby (ms; duplicates ${dup})`,
        (standbyAt - killedAt).toFixed(0),
      );
      b.proc.kill("SIGKILL");
      await client.close();
    } finally {
      await server.stop();
    }
  }

  console.log("| measure | value |\n| --- | --- |");
  for (const r of rows) console.log(`| ${r.what} | ${r.value} |`);
  process.exit(0);
}

if (process.argv[2] === "--relay") await child(process.argv.slice(3));
else await main();
