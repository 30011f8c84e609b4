import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { acceptsAnnouncement } from "../../../src/demand/announcement_filter.ts";
import type { AnnouncementEvent } from "../../../mod.ts";

describe("acceptsAnnouncement", () => {
  const event = { category: "trade" } as AnnouncementEvent;
  it("takes every category with an empty filter, else only the listed ones", () => {
    assert.equal(acceptsAnnouncement({ categories: [], includeBody: false }, event), true);
    assert.equal(acceptsAnnouncement({ categories: ["trade"], includeBody: false }, event), true);
    assert.equal(acceptsAnnouncement({ categories: ["notice"], includeBody: true }, event), false);
  });
});
