/**
 * Soak, short variant: 20,000 realtime frames (ticker, trade, 30-level orderbook over five codes)
 * through four clients at once — a fast consumer and slow ones under each overflow policy — from
 * the emulator's raw replay. Buffers stay bounded, each policy drops what it should and keeps
 * what it promises, and the heap (after a forced collection where the runtime allows one) grows
 * by less than 10 MB. `bench/soak.ts` runs 1,000,000 frames per case.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { orderbookFrame30, tickerFrame, tradeFrame } from "../_helpers/frames.ts";
import { findGc } from "../_helpers/gc.ts";
import { runSoak, SOAK_CASES, type SoakReport } from "../_helpers/soak/run.ts";
import { emulatorSource, type FrameSource, frameTemplates } from "../_helpers/soak/source.ts";

const FRAMES = 20_000;
const BUFFER = 256;
const MB = 1024 * 1024;

const templates = frameTemplates({
  ticker: (code) => tickerFrame({ code }),
  trade: (code) => tradeFrame({ code }),
  orderbook: (code) => orderbookFrame30({ code }),
});

describe("soak (20,000 frames)", () => {
  let source: FrameSource;
  let reports: SoakReport[];
  const gc = findGc();

  before(async () => {
    source = await emulatorSource(FRAMES, templates);
    reports = await runSoak({
      cases: SOAK_CASES,
      frames: FRAMES,
      bufferSize: BUFFER,
      slowMs: 1,
      source,
      gc: await gc,
      timeoutMs: 20_000,
    });
    for (const r of reports) {
      const mb = (n: number | undefined) => (n === undefined ? "n/a" : (n / MB).toFixed(1));
      console.log(
        `soak ${r.case}: ${r.routed} events, ${r.delivered} delivered, ${r.dropped} dropped, ` +
          `${r.overflowErrors} overflow errors, buffer max ${r.maxBuffered}; heap MB before ` +
          `${mb(r.heapBefore)} peak ${mb(r.heapPeak)} after ${mb(r.heapAfter)} after close ` +
          `${mb(r.heapAfterClose)}${r.gcForced ? " (forced GC)" : ""}`,
      );
    }
  });
  after(() => source?.close());

  const report = (c: string) => reports.find((r) => r.case === c)!;

  it("a fast consumer gets every frame, in order", () => {
    const r = report("fast");
    assert.equal(r.routed, FRAMES);
    assert.equal(r.delivered, FRAMES);
    assert.equal(r.dropped, 0);
    assert.ok(r.ordered && r.newestLast);
  });

  it('"drop-oldest" keeps the newest events within bufferSize and counts every drop', () => {
    const r = report("drop-oldest");
    assert.ok(r.dropped > 0, "a consumer this slow must have dropped events");
    assert.equal(r.delivered + r.dropped, FRAMES);
    assert.ok(r.maxBuffered <= BUFFER, `buffered ${r.maxBuffered}`);
    assert.ok(r.ordered, "delivered out of order");
    assert.ok(r.newestLast, "the newest event of a code was dropped");
  });

  it('"latest" holds one event per code and ends on the newest state', () => {
    const r = report("latest");
    assert.ok(r.dropped > 0);
    assert.equal(r.delivered + r.dropped, FRAMES);
    assert.ok(r.maxBuffered <= 5, `buffered ${r.maxBuffered} with five codes`);
    assert.ok(r.ordered);
    assert.ok(r.newestLast, "a slow consumer must read the newest state of every code");
  });

  it('"error" fails each overflowing subscription once, with an OverflowError', () => {
    const r = report("error");
    assert.equal(r.overflowErrors, 3);
    assert.ok(r.delivered < FRAMES);
    assert.ok(r.maxBuffered <= BUFFER);
    assert.equal(r.routed, FRAMES, "the socket carried on");
    const tickers = Math.ceil(FRAMES / 3);
    assert.equal(r.witness, tickers, "the fast ticker consumer beside it got every ticker");
  });

  it("the heap grows by less than 10 MB (with forced GC where available)", () => {
    const r = report("fast");
    if (r.heapBefore === undefined || r.heapAfter === undefined) {
      // workerd reports no heap: the bounded buffers above are what holds memory there.
      assert.ok(reports.every((x) => x.maxBuffered <= BUFFER));
      return;
    }
    assert.ok(
      r.heapAfter - r.heapBefore < 10 * MB,
      `heap grew by ${((r.heapAfter - r.heapBefore) / MB).toFixed(1)} MB`,
    );
    assert.ok(
      r.heapAfterClose! - r.heapBefore < 10 * MB,
      `heap after close is ${((r.heapAfterClose! - r.heapBefore) / MB).toFixed(1)} MB above`,
    );
  });
});
