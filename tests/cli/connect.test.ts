/**
 * What the stream commands share (`cli/commands/connect.ts`): why `--emulator` could not start.
 * The real case, Deno run without `--allow-env`, is a subprocess check in
 * `scripts/check-failures.ts`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { emulatorLoadFailure } from "../../cli/commands/connect.ts";

describe("emulatorLoadFailure: why the emulator's server could not be loaded", () => {
  it("names a permission Deno denied and the flag to add, not the ws package", () => {
    const deno = 'Requires env access to "WS_NO_BUFFER_UTIL", run again with the --allow-env flag';
    assert.equal(
      emulatorLoadFailure(Object.assign(new Error(deno), { name: "NotCapable" })),
      `Deno denied a permission it needs: run with --allow-env (${deno})`,
    );
    // Without a flag in the message: --allow-env, the permission `ws` needs as it loads.
    assert.equal(
      emulatorLoadFailure(Object.assign(new Error("denied"), { name: "PermissionDenied" })),
      "Deno denied a permission it needs: run with --allow-env (denied)",
    );
    const read = 'Requires read access to "/x", run again with the --allow-read flag';
    assert.equal(
      emulatorLoadFailure(new Error(read)),
      `Deno denied a permission it needs: run with --allow-read (${read})`,
    );
  });

  it("names the ws package when the import failed for another reason", () => {
    const missing = "Cannot find package 'ws' imported from /app/testing/server/server.ts";
    assert.equal(
      emulatorLoadFailure(Object.assign(new Error(missing), { code: "ERR_MODULE_NOT_FOUND" })),
      `its server could not be loaded (it needs the "ws" package): ${missing}`,
    );
  });
});
