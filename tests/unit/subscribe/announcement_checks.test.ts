import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkAnnouncementFilter } from "../../../src/subscribe/announcement_checks.ts";

describe("checkAnnouncementFilter", () => {
  it("takes every category when none is given, and drops duplicates", () => {
    assert.deepEqual(checkAnnouncementFilter(undefined, undefined), {
      categories: [],
      includeBody: false,
    });
    assert.deepEqual(checkAnnouncementFilter(["notice", "trade", "notice"], true), {
      categories: ["notice", "trade"],
      includeBody: true,
    });
  });

  it("refuses the guide's wrong category, an empty list and wrong types, quoting the value", () => {
    assert.throws(() => checkAnnouncementFilter(["trading"], false), /"trading".*"trade"/);
    assert.throws(() => checkAnnouncementFilter([], false), RangeError);
    assert.throws(() => checkAnnouncementFilter("notice", false), /current value is "notice"/);
    assert.throws(() => checkAnnouncementFilter([1], false), TypeError);
    assert.throws(() => checkAnnouncementFilter(undefined, "yes"), /includeBody/);
  });
});
