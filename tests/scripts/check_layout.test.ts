/** The shape checks of scripts/check-layout.ts: imports seen, cycles found. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { cycles, importsOf } from "../../scripts/check-layout.ts";

describe("check-layout", () => {
  it("sees static, type-only, side-effect and dynamic imports, not those in comments", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type { B } from "../b.ts";',
      'export { c } from "./c.ts";',
      'import "./d.ts";',
      'const e = await import("./e.ts");',
      '/** @example import { x } from "./x.ts"; */',
      '// import { y } from "./y.ts";',
      'import { z } from "jose";',
    ].join("\n");
    assert.deepEqual(importsOf(text), ["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./e.ts"]);
  });

  it("finds a cycle through a chain, and none in a tree", () => {
    const chain = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
    assert.deepEqual(cycles(chain), [["a", "b", "c"]]);
    const tree = new Map([["a", ["b", "c"]], ["b", ["c"]], ["c", []]]);
    assert.deepEqual(cycles(tree), []);
  });
});
