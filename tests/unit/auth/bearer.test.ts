/** The bearer-header provider of private connections (src/auth/bearer.ts). */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { bearer } from "../../../src/auth/bearer.ts";

const SECRET = "bearer-secret-0123456789-do-not-leak";

/** The token of an `Authorization: Bearer …` header. */
function tokenOf(headers: Record<string, string>): string {
  const value = headers["Authorization"];
  assert.ok(value !== undefined && value.startsWith("Bearer "), String(value));
  return value.slice("Bearer ".length);
}

describe("bearer()", () => {
  for (const algorithm of ["HS512", "HS256"] as const) {
    it(`gives an Authorization header with a ${algorithm} JWT of the access key`, async () => {
      const headers = await bearer("access-1", SECRET, algorithm)();
      assert.deepEqual(Object.keys(headers), ["Authorization"]);
      const token = tokenOf(headers);
      assert.equal(decodeProtectedHeader(token).alg, algorithm);
      const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET));
      assert.equal(payload["access_key"], "access-1");
    });
  }

  it("signs a fresh token (a new nonce) on every call", async () => {
    const headers = bearer("access-1", SECRET, "HS512");
    const tokens = [tokenOf(await headers()), tokenOf(await headers())];
    assert.notEqual(tokens[0], tokens[1]);
    const nonces = await Promise.all(
      tokens.map(async (t) =>
        (await jwtVerify(t, new TextEncoder().encode(SECRET))).payload["nonce"]
      ),
    );
    assert.notEqual(nonces[0], nonces[1]);
  });

  it("keeps the secret in its closure: JSON, inspect and String show none of it", () => {
    const headers = bearer("access-1", SECRET, "HS512");
    for (
      const shown of [
        JSON.stringify({ headers }),
        inspect(headers, { showHidden: true }),
        String(headers),
      ]
    ) {
      assert.ok(!shown.includes(SECRET), shown);
    }
  });
});
