import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { fit, paint, stripAnsi, visibleWidth } from "../../../cli/format/text.ts";
import { ndjsonLine } from "../../../cli/format/lines.ts";
import { redraw } from "../../../cli/format/terminal.ts";

describe("terminal text", () => {
  it("paints only when colours are on, and strips escapes", () => {
    assert.equal(paint(true, "31", "up"), "\x1b[31mup\x1b[0m");
    assert.equal(paint(false, "31", "up"), "up");
    assert.equal(stripAnsi(paint(true, "1", "bold")), "bold");
  });

  it("measures wide characters as two columns and escapes as none", () => {
    assert.equal(visibleWidth("비트코인"), 8);
    assert.equal(visibleWidth(paint(true, "32", "ok")), 2);
  });

  it("cuts to a width, keeping escapes and resetting colour after a cut", () => {
    assert.equal(fit("KRW-BTC 148,500,000", 7), "KRW-BTC");
    assert.equal(fit("short", 10), "short");
    assert.equal(fit("비트코인", 5), "비트");
    const cut = fit(paint(true, "31", "abcdef"), 3);
    assert.equal(stripAnsi(cut), "abc");
    assert.ok(cut.endsWith("\x1b[0m"));
  });

  it("redraws over the previous frame", () => {
    assert.equal(redraw(0, ["a"]), "\x1b[2Ka\n\x1b[J");
    assert.equal(redraw(2, ["a", "b"]), "\x1b[2A\r\x1b[2Ka\n\x1b[2Kb\n\x1b[J");
  });

  it("writes one NDJSON line per event, big integers as strings", () => {
    assert.equal(ndjsonLine({ type: "trade", n: 1 }), '{"type":"trade","n":1}\n');
    assert.equal(ndjsonLine({ id: 17303368620800006n }), '{"id":"17303368620800006"}\n');
  });
});
