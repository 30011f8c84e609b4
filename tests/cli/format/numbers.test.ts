import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  formatAge,
  formatBytes,
  formatChange,
  formatElapsed,
  formatPrice,
  formatVolume,
} from "../../../cli/format/numbers.ts";

describe("number formatting", () => {
  it("formats prices by magnitude with separators", () => {
    assert.equal(formatPrice(148_500_000), "148,500,000");
    assert.equal(formatPrice(105_912.3), "105,912.3");
    assert.equal(formatPrice(3125), "3,125");
    assert.equal(formatPrice(331.2), "331.2");
    assert.equal(formatPrice(2.2291), "2.2291");
    assert.equal(formatPrice(0.00002104), "0.00002104");
    assert.equal(formatPrice(undefined), "—");
    assert.equal(formatPrice(NaN), "—");
  });

  it("formats volumes compactly", () => {
    assert.equal(formatVolume(7158.8028356), "7,158.8");
    assert.equal(formatVolume(39_850), "39.85K");
    assert.equal(formatVolume(124_560_000), "124.56M");
    assert.equal(formatVolume(228_827_082_483.7), "228.83B");
    assert.equal(formatVolume(1.23456), "1.235");
    assert.equal(formatVolume(0.00172042), "0.00172042");
    assert.equal(formatVolume(undefined), "—");
  });

  it("formats change with an arrow and a sign, and rounds tiny changes to even", () => {
    assert.equal(formatChange(0.0126713295), "▲ +1.27%");
    assert.equal(formatChange(-0.0034), "▼ -0.34%");
    assert.equal(formatChange(0), "- 0.00%");
    assert.equal(formatChange(-0.00001), "- 0.00%");
    assert.equal(formatChange(undefined), "—");
  });

  it("formats bytes, ages and elapsed time", () => {
    assert.equal(formatBytes(512), "512 B");
    assert.equal(formatBytes(1536), "1.5 KB");
    assert.equal(formatBytes(2.25 * 1024 * 1024), "2.25 MB");
    assert.equal(formatAge(250), "0.3s");
    assert.equal(formatAge(12_400), "12s");
    assert.equal(formatAge(245_000), "4m05s");
    assert.equal(formatAge(7_380_000), "2h03m");
    assert.equal(formatAge(-5), "0.0s");
    assert.equal(formatAge(undefined), "—");
    assert.equal(formatElapsed(65_000), "01:05");
    assert.equal(formatElapsed(3_723_000), "1:02:03");
  });
});
