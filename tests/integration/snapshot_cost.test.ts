/**
 * What one object per (type, level) costs (issue 10, item 5; upbit-protocol.md §10.3): when a
 * consumer joins a flowing type and needs a snapshot, the type's object goes out without flags
 * and Upbit snapshots every code in it. Counted deterministically, frame by frame, on a 290-code,
 * 3-type set: the client's own request builder (Registry) feeds the emulator's connection (a
 * fake transport, a fake clock, no market ticks), and every frame the emulator answers with is
 * counted. The numbers are in BENCHMARKS.md ("Extra snapshot frames").
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Registry } from "../../src/demand/registry.ts";
import type { UpbitEvent } from "../../src/types.ts";
import { FakeClock } from "../../testing/clock.ts";
import { EmulatorCore } from "../../testing/core/core.ts";
import type { MarketSpec } from "../../testing/market/listings.ts";
import type { Transport } from "../../testing/connection/transport.ts";

const CODES = Array.from({ length: 290 }, (_, i) => `KRW-C${String(i).padStart(3, "0")}`);
const TYPES = ["ticker", "trade", "orderbook"] as const;

interface Counted {
  frames: number;
  bytes: number;
}

async function flowingSet() {
  const clock = new FakeClock(Date.UTC(2026, 8, 23, 12, 0, 0));
  const markets: MarketSpec[] = CODES.map((market, i) => ({
    market,
    koreanName: market,
    englishName: market,
    price: 1000 + i * 37,
  }));
  const core = new EmulatorCore({ clock, market: { tickMs: 0, seed: 7, markets } });
  const d = await core.upgrade({ path: "/websocket/v1", headers: {}, ip: "127.0.0.1" });
  assert.ok(d.ok);
  const sent: Uint8Array[] = [];
  const transport: Transport = {
    send: (data) =>
      void sent.push(typeof data === "string" ? new TextEncoder().encode(data) : data),
    close() {},
    terminate() {},
  };
  const conn = core.accept(d.ticket, transport);
  const registry = new Registry();
  /** Sends the registry's request as the connection does; counts the frames it brings. */
  const send = (): Counted => {
    const request = registry.request("t", "DEFAULT");
    assert.ok(request);
    registry.commit(request);
    const from = sent.length;
    conn.receive(request.text);
    clock.tick(0);
    const frames = sent.slice(from);
    // Snapshots reach only the consumers waiting for them, as the connection routes them.
    for (const f of frames) {
      const o = JSON.parse(new TextDecoder().decode(f)) as Record<string, unknown>;
      registry.route({
        type: o.type,
        code: o.code,
        level: o.level ?? 0,
        streamType: o.stream_type,
        orderbookUnits: [],
      } as unknown as UpbitEvent);
    }
    return { frames: frames.length, bytes: frames.reduce((n, f) => n + f.byteLength, 0) };
  };
  const add = (type: string, codes: string[], stream: "both" | "snapshot" = "both") =>
    registry.add({
      type,
      codes,
      units: 30,
      level: 0,
      stream,
      deliver: () => {},
      complete: () => {},
    });
  for (const type of TYPES) add(type, CODES);
  const first = send();
  return { core, registry, send, add, first };
}

describe("the cost of one object per (type, level) on 290 codes × 3 types", () => {
  it("counts the snapshot frames a newcomer brings, and their bytes", async () => {
    const rows: string[] = [];
    for (const type of TYPES) {
      const { core, send, add, first } = await flowingSet();
      assert.equal(first.frames, 870, "the first request snapshots every stream once");
      // A "both" consumer of one flowing code: its type goes without flags, so every code of
      // the type is snapshotted again. (Two objects differing in flags would have cost one.)
      add(type, ["KRW-C000"]);
      const joined = send();
      assert.equal(joined.frames, 290, `${type}: one snapshot per code of the type`);
      rows.push(
        `${type}: ${joined.frames} frames, ${joined.bytes} bytes ` +
          `(${Math.round(joined.bytes / joined.frames)} bytes each; 1 frame was needed: ` +
          `${joined.frames - 1} extra)`,
      );
      core.close();
    }
    console.log(`extra snapshot frames, 290 codes × 3 types, DEFAULT:\n  ${rows.join("\n  ")}`);
  });

  it("sends nothing extra for realtime-only newcomers and for consumers leaving", async () => {
    const { core, registry, add } = await flowingSet();
    const c = add("ticker", ["KRW-C001"], "both");
    registry.remove(c);
    assert.equal(registry.needsRequest(), false);
    registry.add({
      type: "trade",
      codes: ["KRW-C002"],
      units: 30,
      level: 0,
      stream: "realtime",
      deliver: () => {},
      complete: () => {},
    });
    assert.equal(registry.needsRequest(), false);
    core.close();
  });
});
