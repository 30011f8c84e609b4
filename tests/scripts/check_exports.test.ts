import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkExportMaps, distToSource, sourceToDist } from "../../scripts/check-exports.ts";

const jsr = {
  version: "1.2.3",
  exports: { ".": "./mod.ts", "./testing": "./testing/mod.ts" },
};
const pkg = {
  version: "1.2.3",
  exports: {
    ".": { types: "./dist/mod.d.ts", default: "./dist/mod.js" },
    "./testing": { types: "./dist/testing/mod.d.ts", default: "./dist/testing/mod.js" },
  },
  bin: { "upbit-ws": "./dist/cli/mod.js" },
};

describe("sourceToDist()", () => {
  it("maps ./<path>.ts to what tsc emits under dist/", () => {
    assert.deepEqual(sourceToDist("./mod.ts"), { js: "./dist/mod.js", dts: "./dist/mod.d.ts" });
    assert.deepEqual(sourceToDist("./testing/mod.ts"), {
      js: "./dist/testing/mod.js",
      dts: "./dist/testing/mod.d.ts",
    });
    assert.equal(distToSource("./dist/testing/mod.d.ts"), "./testing/mod.ts");
    assert.equal(distToSource("./dist/cli/mod.js"), "./cli/mod.ts");
  });

  it("rejects targets that are not relative .ts sources", () => {
    for (const bad of ["mod.ts", "./mod.js", "./dist/mod.ts", "../../mod.ts", "./a/../b.ts"]) {
      assert.throws(() => sourceToDist(bad), (e: unknown) => {
        assert.ok(e instanceof TypeError);
        assert.match(e.message, new RegExp(`current value is "${bad.replace(/\./g, "\\.")}"`));
        return true;
      });
    }
  });
});

describe("checkExportMaps()", () => {
  it("accepts maps that agree", () => {
    assert.deepEqual(checkExportMaps({ packageJson: pkg, jsrJson: jsr, denoJson: jsr }), []);
    assert.deepEqual(
      checkExportMaps({
        packageJson: { ...pkg, exports: { ".": pkg.exports["."] } },
        denoJson: { version: "1.2.3", exports: "./mod.ts" },
      }),
      [],
    );
  });

  it("reports a subpath missing from package.json", () => {
    const problems = checkExportMaps({
      packageJson: { ...pkg, exports: { ".": pkg.exports["."] } },
      jsrJson: jsr,
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /package\.json: exports\["\.\/testing"\] is missing/);
  });

  it("reports a package.json subpath that JSR does not export", () => {
    const problems = checkExportMaps({
      packageJson: {
        ...pkg,
        exports: { ...pkg.exports, "./extra": { types: "./dist/x.d.ts", default: "./dist/x.js" } },
      },
      jsrJson: jsr,
    });
    assert.deepEqual(problems, ['package.json: exports["./extra"] is not exported by jsr.json']);
  });

  it("reports a subpath that points at a different module", () => {
    const problems = checkExportMaps({
      packageJson: {
        ...pkg,
        exports: {
          ...pkg.exports,
          "./testing": { types: "./dist/testing.d.ts", default: "./dist/testing.js" },
        },
      },
      jsrJson: jsr,
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /"\.\/dist\/testing\/mod\.js"/);
    assert.match(problems[0] ?? "", /current value is .*"\.\/dist\/testing\.js"/);
  });

  it("requires types before default", () => {
    const problems = checkExportMaps({
      packageJson: {
        ...pkg,
        exports: { ...pkg.exports, ".": { default: "./dist/mod.js", types: "./dist/mod.d.ts" } },
      },
      jsrJson: jsr,
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /types first/);
  });

  it("reports jsr.json and deno.json that disagree", () => {
    const problems = checkExportMaps({
      packageJson: pkg,
      jsrJson: jsr,
      denoJson: { version: "1.2.3", exports: { ".": "./mod.ts", "./testing": "./testing.ts" } },
    });
    assert.equal(problems.length, 1);
    assert.match(problems[0] ?? "", /^deno\.json: exports\["\.\/testing"\] must equal jsr\.json's/);
  });

  it("reports versions that disagree and bins outside dist", () => {
    const problems = checkExportMaps({
      packageJson: { ...pkg, bin: { "upbit-ws": "./cli/mod.ts" } },
      jsrJson: { ...jsr, version: "1.2.4" },
    });
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? "", /bin\["upbit-ws"\] must be "\.\/dist\/<path>\.js"/);
    assert.match(problems[1] ?? "", /jsr\.json: "version" must equal package\.json's "1\.2\.3"/);
  });

  it("needs at least one JSR manifest", () => {
    assert.deepEqual(checkExportMaps({ packageJson: pkg }), [
      "neither jsr.json nor deno.json was given",
    ]);
  });
});
