/**
 * The exact digits of trade ids above 2^53 (`src/decode/trade_id.ts`).
 *
 * @module
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tickerFrame, toSimple, tradeFrame } from "../../_helpers/frames.ts";
import { bad, events, one, run } from "./_decode.ts";

describe("createDecoder() exact trade ids", () => {
  const id = (text: string) => {
    const e = one(text, { validate: "always" });
    return e.type === "trade" ? e.sequentialId : undefined;
  };
  const base = JSON.stringify(tradeFrame()).replace(/"sequential_id":\d+/, '"sequential_id":ID');

  it("keeps ids above 2^53 exact, where JSON.parse rounds", () => {
    assert.equal(JSON.parse("17883351803770005"), 17883351803770004);
    assert.equal(id(base.replace("ID", "17883351803770005")), "17883351803770005");
    assert.equal(id(base.replace("ID", "9007199254740993")), "9007199254740993");
    assert.equal(id(base.replace("ID", "1")), "1");
  });

  it("finds the id whatever the spacing, and skips the same key elsewhere in the frame", () => {
    const spaced = base.replace('"sequential_id":ID', '"sequential_id" :\n 17883351803770005');
    assert.equal(id(spaced), "17883351803770005");
    // An unknown nested object holding the key before the real one, and the key inside strings.
    const stray = base.replace(
      '{"type":"trade",',
      '{"type":"trade","x":{"sequential_id":1},"note":"\\"sequential_id\\":2",',
    ).replace("ID", "17883351803770005");
    assert.equal(id(stray), "17883351803770005");
    const nestedAfter = base.replace("ID", "17883351803770005").replace(
      '"stream_type"',
      '"x":[{"sequential_id":17883351803770007}],"stream_type"',
    );
    assert.equal(id(nestedAfter), "17883351803770005");
  });

  it("gives each item of a list frame its own id, in DEFAULT and SIMPLE keys", () => {
    const texts = ["17883351803770004", "17883351803770005", "17883351803770006"].map((n) =>
      base.replace("ID", n)
    );
    const list = `[${texts[0]},${JSON.stringify(tickerFrame())},${texts[1]},${texts[2]}]`;
    const ids = (text: string) =>
      events(run([text])).flatMap((e) => e.type === "trade" ? [e.sequentialId] : []);
    assert.deepEqual(ids(list), ["17883351803770004", "17883351803770005", "17883351803770006"]);
    const simple = `[${
      texts.map((t) =>
        JSON.stringify(toSimple(JSON.parse(t))).replace(
          /"sid":\d+/,
          `"sid":${t.match(/"sequential_id":(\d+)/)?.[1]}`,
        )
      ).join(",")
    }]`;
    assert.deepEqual(ids(simple), ["17883351803770004", "17883351803770005", "17883351803770006"]);
  });

  it("accepts an id relayed as a digit string, and drops one of an impossible kind", () => {
    const relayed = run([base.replace("ID", '"17883351803770005"')], { validate: "always" });
    assert.deepEqual(relayed.map((c) => c.kind), ["invalid", "event"], "reported, delivered");
    const [report, event] = relayed;
    assert.ok(report?.kind === "invalid" && report.error.delivered);
    assert.ok(event?.kind === "event" && event.event.type === "trade");
    assert.equal(event.event.sequentialId, "17883351803770005");
    for (const value of ['"abc"', "true", "null", "1.5", "-1"]) {
      const error = bad(base.replace("ID", value));
      assert.match(error.message, /field "sequential_id"/, value);
      assert.equal(error.delivered, false);
    }
  });

  it("makes ids that survive JSON, as the NATS relay and the dashboard send events", () => {
    const e = one(base.replace("ID", "17883351803770005"));
    assert.deepEqual(JSON.parse(JSON.stringify(e)), e);
  });
});
