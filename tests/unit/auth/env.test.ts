import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { type EnvScope, readEnv } from "../../../src/auth/env.ts";

const NAME = "UPBIT_WS_TEST_ENV_VALUE";

/** A fake Deno namespace whose permission state and values the test chooses. */
function fakeDeno(state: string, values: Record<string, string> = {}) {
  const get = mock.fn((name: string) => values[name]);
  const querySync = mock.fn((_descriptor: { name: "env"; variable?: string }) => ({ state }));
  return {
    scope: { Deno: { env: { get }, permissions: { querySync } } } as EnvScope,
    get,
    querySync,
  };
}

describe("readEnv() on this runtime", () => {
  it("reads a variable that is set, and undefined once it is unset", () => {
    process.env[NAME] = "value-1";
    try {
      assert.equal(readEnv(NAME), "value-1");
    } finally {
      delete process.env[NAME];
    }
    assert.equal(readEnv(NAME), undefined);
  });

  it("treats an empty value as unset", () => {
    process.env[NAME] = "";
    try {
      assert.equal(readEnv(NAME), undefined);
    } finally {
      delete process.env[NAME];
    }
  });

  it("throws a TypeError quoting a bad name", () => {
    assert.throws(() => readEnv(""), {
      name: "TypeError",
      message:
        'Cannot read an environment variable as name must be a non-empty string: current value is ""',
    });
    assert.throws(() => readEnv(42 as unknown as string), /current value is "42"/);
  });
});

describe("readEnv() with Deno's namespace", () => {
  it("reads through Deno.env.get when the permission is granted", () => {
    const { scope, get, querySync } = fakeDeno("granted", { A: "1" });
    assert.equal(readEnv("A", scope), "1");
    assert.deepEqual(querySync.mock.calls[0]?.arguments, [{ name: "env", variable: "A" }]);
    assert.equal(get.mock.callCount(), 1);
  });

  for (const state of ["prompt", "denied"]) {
    it(`returns undefined without calling get() when the permission is "${state}"`, () => {
      const { scope, get } = fakeDeno(state, { A: "1" });
      assert.equal(readEnv("A", scope), undefined);
      assert.equal(get.mock.callCount(), 0, "get() would prompt or throw");
    });
  }

  it("returns undefined when get() throws (NotCapable)", () => {
    const scope: EnvScope = {
      Deno: {
        env: {
          get: () => {
            throw new Error('NotCapable: Requires env access to "A"');
          },
        },
      },
    };
    assert.equal(readEnv("A", scope), undefined);
  });

  it("returns undefined when querySync() throws", () => {
    const scope: EnvScope = {
      Deno: {
        env: { get: () => "1" },
        permissions: {
          querySync: () => {
            throw new Error("boom");
          },
        },
      },
    };
    assert.equal(readEnv("A", scope), undefined);
  });

  it("calls get() directly when there is no permissions API", () => {
    assert.equal(
      readEnv("A", { Deno: { env: { get: (n) => (n === "A" ? "1" : undefined) } } }),
      "1",
    );
  });

  it("prefers Deno.env over Deno's process compatibility object", () => {
    const { scope } = fakeDeno("denied", { A: "from-deno" });
    const both: EnvScope = { ...scope, process: { env: { A: "from-process" } } };
    assert.equal(readEnv("A", both), undefined, "a denied Deno permission is not bypassed");
  });
});

describe("readEnv() elsewhere", () => {
  it("reads process.env (Node, Bun)", () => {
    assert.equal(readEnv("A", { process: { env: { A: "1" } } }), "1");
    assert.equal(readEnv("B", { process: { env: { A: "1" } } }), undefined);
  });

  it("returns undefined on Workers (no Deno, no process) and with no env object", () => {
    assert.equal(readEnv("A", {}), undefined);
    assert.equal(readEnv("A", { process: {} }), undefined);
  });

  it("returns undefined when process.env throws on access", () => {
    const env = new Proxy({}, {
      get() {
        throw new Error("no access");
      },
    });
    assert.equal(readEnv("A", { process: { env } }), undefined);
  });
});
