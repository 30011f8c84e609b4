import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { plainLine, progressLine } from "../../../cli/format/lines.ts";

describe("one-line summaries", () => {
  it("prints a plain line for a non-terminal", () => {
    assert.equal(
      plainLine(
        [{ code: "KRW-BTC", events: 1, price: 100, changeRate: 0.01, bid: 99, ask: 101 }],
        "open",
        3000,
      ),
      "00:03 open  KRW-BTC 100 ▲ +1.00% bid 99 ask 101",
    );
  });

  it("prints the recording progress", () => {
    assert.equal(
      progressLine({
        file: "a.ndjson",
        frames: 1234,
        bytes: 2048,
        elapsedMs: 65_000,
        rate: 56.25,
        state: "open",
      }),
      "recording a.ndjson  1,234 frames  56.3 frames/s  2.0 KB  01:05  open",
    );
  });
});
