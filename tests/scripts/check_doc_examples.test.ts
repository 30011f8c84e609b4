import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  codeBlocks,
  commentExamples,
  docExamples,
  importProblems,
  mapEntryPoints,
  mapRelative,
  sourceFiles,
  STRICT_OPTIONS,
} from "../../scripts/check-doc-examples.ts";
import { isWorkerd } from "../_helpers/emulator.ts";
import { fileURLToPath } from "node:url";

describe("check-doc-examples", () => {
  it("takes the ts, js and bare fences of an @example, not sh", () => {
    const doc = "Title\n```ts\na();\n```\n```sh\nnpx x\n```\n```\nb();\n```";
    assert.deepEqual(codeBlocks(doc), ["a();\n", "b();\n"]);
  });

  it("finds @examples on symbols and their members in deno doc output, once each", () => {
    const tag = { kind: "example", doc: "```ts\nx();\n```" };
    const symbol = {
      declarations: [{
        location: { filename: "file:///r/src/a.ts", line: 7 },
        jsDoc: { tags: [tag] },
        def: {
          methods: [{
            location: { filename: "file:///r/src/a.ts", line: 9 },
            jsDoc: { tags: [{ kind: "example", doc: "```ts\ny();\n```" }] },
          }],
        },
      }],
    };
    const doc = {
      nodes: { "file:///r/mod.ts": { symbols: [symbol] }, "file:///r/b.ts": { symbols: [symbol] } },
    };
    assert.deepEqual(docExamples(doc, "/r/"), [
      { file: "src/a.ts", line: 7, code: "x();\n" },
      { file: "src/a.ts", line: 9, code: "y();\n" },
    ]);
  });

  it("reads @example blocks out of doc comments, with the line of the fence", () => {
    const text =
      "/**\n * Hi\n * ```ts\n * no();\n * ```\n * @example\n * ```ts\n * yes();\n * ```\n */";
    assert.deepEqual(commentExamples("a.ts", text), [{ file: "a.ts", line: 7, code: "yes();\n" }]);
  });

  it("refuses relative imports and maps the package's specifiers to the sources", () => {
    assert.equal(importProblems('import { a } from "./a.ts";\nimport "upbit-ws";').length, 1);
    assert.deepEqual(importProblems('import { a } from "upbit-ws/testing";'), []);
    assert.equal(
      mapEntryPoints('import { a } from "upbit-ws/nats";\nimport b from "upbit-ws";', "/r/"),
      'import { a } from "/r/nats/mod.ts";\nimport b from "/r/mod.ts";',
    );
  });

  it("points an internal example's relative imports at the folder of the file that holds it", () => {
    const code = 'import { a } from "./a.ts";\nimport { b } from "../wire/b.ts";\n' +
      'export { c } from "./c.ts";\nconst d = await import("./d.ts");\nimport "upbit-ws";\n';
    assert.equal(
      mapRelative(code, "src/auth/bearer.ts", "/r/"),
      'import { a } from "/r/src/auth/a.ts";\nimport { b } from "/r/src/wire/b.ts";\n' +
        'export { c } from "/r/src/auth/c.ts";\nconst d = await import("/r/src/auth/d.ts");\n' +
        'import "upbit-ws";\n',
    );
    // Text that only looks like a path is left alone.
    assert.equal(
      mapRelative('console.log("./a.ts");\n', "src/a.ts", "/r/"),
      'console.log("./a.ts");\n',
    );
  });

  it("reads every source file of the package: mod.ts, src/, testing/, cli/, nats/", {
    // A Worker has no file system to list (and its bundle's import.meta.url is not a file URL).
    skip: isWorkerd() && "workerd: no file system to list",
  }, () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const files = sourceFiles(root);
    for (
      const f of ["mod.ts", "src/auth/bearer.ts", "testing/mod.ts", "cli/mod.ts", "nats/mod.ts"]
    ) {
      assert.ok(files.includes(f), f);
    }
    assert.ok(files.every((f) => f.endsWith(".ts") && !f.startsWith("tests/")));
  });

  it("checks under the project's strict options, not Deno's looser defaults", () => {
    assert.equal(STRICT_OPTIONS["noUncheckedIndexedAccess"], true);
    assert.equal(STRICT_OPTIONS["exactOptionalPropertyTypes"], true);
  });
});
