import { afterEach, describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { inspect } from "node:util";
import { decodeProtectedHeader, jwtVerify } from "jose";
import { createTokenSigner, type JwtAlgorithm } from "../../../src/auth/jwt.ts";
import { NotSupportedError } from "../../../src/errors.ts";

const ACCESS = "a7Xd92LmQW3vBtRzYpMj5CxNKeT1HuVs0fFgJcAw";
const SECRET = "SeCrEt-0123456789-do-not-leak";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** The payload of a compact JWS, decoded by hand (so no library can add or hide a claim). */
function payloadOf(token: string): Record<string, unknown> {
  const part = token.split(".")[1];
  assert.ok(part !== undefined);
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))));
}

afterEach(() => {
  mock.restoreAll();
});

describe("createTokenSigner()", () => {
  for (const algorithm of ["HS512", "HS256"] as const satisfies readonly JwtAlgorithm[]) {
    it(`signs a ${algorithm} token that jose verifies with the raw secret bytes`, async () => {
      const token = await createTokenSigner({ accessKey: ACCESS, secretKey: SECRET }, {
        algorithm,
      }).sign();
      const { payload, protectedHeader } = await jwtVerify(token, bytes(SECRET), {
        algorithms: [algorithm],
      });
      assert.deepEqual(protectedHeader, { alg: algorithm, typ: "JWT" });
      assert.deepEqual(Object.keys(payload).sort(), ["access_key", "nonce"]);
      assert.equal(payload.access_key, ACCESS);
      assert.match(String(payload.nonce), UUID);
      assert.deepEqual(Object.keys(payloadOf(token)).sort(), ["access_key", "nonce"]);
    });
  }

  it("defaults to HS512", async () => {
    const token = await createTokenSigner({ accessKey: ACCESS, secretKey: SECRET }).sign();
    assert.deepEqual(decodeProtectedHeader(token), { alg: "HS512", typ: "JWT" });
  });

  it("uses the secret as UTF-8 bytes, not base64-decoded", async () => {
    const secret = "c2VjcmV0"; // base64 of "secret"
    const token = await createTokenSigner({ accessKey: ACCESS, secretKey: secret }).sign();
    await jwtVerify(token, bytes(secret));
    await assert.rejects(jwtVerify(token, bytes("secret")), {
      code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED",
    });
  });

  it("mints a new token with a new nonce on every call", async () => {
    const signer = createTokenSigner({ accessKey: ACCESS, secretKey: SECRET });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => signer.sign()));
    tokens.push(await signer.sign(), await signer.sign());
    const nonces = tokens.map((t) => payloadOf(t).nonce);
    assert.equal(new Set(tokens).size, tokens.length);
    assert.equal(new Set(nonces).size, tokens.length);
    for (const nonce of nonces) assert.match(String(nonce), UUID);
  });

  it("imports the HMAC key once, non-extractable, for sign only", async () => {
    const importKey = mock.method(crypto.subtle, "importKey");
    const signer = createTokenSigner({ accessKey: ACCESS, secretKey: SECRET }, {
      algorithm: "HS256",
    });
    assert.equal(importKey.mock.callCount(), 0, "nothing is imported before the first sign()");
    await Promise.all([signer.sign(), signer.sign(), signer.sign()]); // concurrent first calls
    await signer.sign();
    await signer.sign();
    assert.equal(importKey.mock.callCount(), 1);
    const call = importKey.mock.calls[0];
    assert.ok(call !== undefined);
    const [format, keyData, algorithm, extractable, usages] = call.arguments as unknown[];
    assert.equal(format, "raw");
    assert.deepEqual(new Uint8Array(keyData as Uint8Array), bytes(SECRET));
    assert.deepEqual(algorithm, { name: "HMAC", hash: "SHA-256" });
    assert.equal(extractable, false);
    assert.deepEqual(usages, ["sign"]);
    const key = await (call.result as Promise<CryptoKey>);
    assert.equal(key.extractable, false);
  });

  it("keeps one key per signer (two signers import twice)", async () => {
    const importKey = mock.method(crypto.subtle, "importKey");
    await createTokenSigner({ accessKey: ACCESS, secretKey: SECRET }).sign();
    await createTokenSigner({ accessKey: ACCESS, secretKey: "another" }).sign();
    assert.equal(importKey.mock.callCount(), 2);
  });

  it("tries the import again after it failed", async () => {
    const real = crypto.subtle.importKey.bind(crypto.subtle);
    let calls = 0;
    mock.method(crypto.subtle, "importKey", (...args: Parameters<SubtleCrypto["importKey"]>) => {
      calls++;
      return calls === 1 ? Promise.reject(new Error("transient")) : real(...args);
    });
    const signer = createTokenSigner({ accessKey: ACCESS, secretKey: SECRET });
    await assert.rejects(signer.sign(), { message: "transient" });
    const token = await signer.sign();
    mock.restoreAll();
    await jwtVerify(token, bytes(SECRET));
    assert.equal(calls, 2);
  });

  it("rejects with NotSupportedError when crypto.subtle is missing", async () => {
    const signer = createTokenSigner({ accessKey: ACCESS, secretKey: SECRET });
    const saved = Object.getOwnPropertyDescriptor(globalThis, "crypto");
    assert.ok(saved !== undefined);
    Object.defineProperty(globalThis, "crypto", {
      value: { randomUUID: () => "x" },
      configurable: true,
      writable: true,
    });
    try {
      await assert.rejects(signer.sign(), (e) => {
        assert.ok(e instanceof NotSupportedError);
        assert.equal(e.message, "Cannot sign a token as crypto.subtle is missing");
        return true;
      });
    } finally {
      Object.defineProperty(globalThis, "crypto", saved);
    }
    assert.equal(typeof globalThis.crypto.subtle.importKey, "function");
  });
});

describe("createTokenSigner() keeps the secret to itself", () => {
  const signer = createTokenSigner({ accessKey: ACCESS, secretKey: SECRET });
  const views = (): Array<[string, string]> => {
    const out: Array<[string, string]> = [
      ["JSON.stringify", JSON.stringify(signer)],
      ["String", String(signer)],
      ["util.inspect", inspect(signer, { showHidden: true, depth: Infinity, getters: true })],
      ["util.inspect(sign)", inspect(signer.sign, { showHidden: true, depth: Infinity })],
      ["keys", JSON.stringify(Reflect.ownKeys(signer).map(String))],
    ];
    const scope = globalThis as {
      Deno?: { inspect(value: unknown, options?: object): string };
      Bun?: { inspect(value: unknown, options?: object): string };
    };
    if (scope.Deno) {
      out.push(["Deno.inspect", scope.Deno.inspect(signer, { showHidden: true, depth: Infinity })]);
    }
    if (scope.Bun) out.push(["Bun.inspect", scope.Bun.inspect(signer, { depth: Infinity })]);
    return out;
  };

  it("before and after the first signature", async () => {
    for (const phase of ["before", "after"]) {
      if (phase === "after") await signer.sign();
      for (const [how, text] of views()) {
        assert.ok(!text.includes(SECRET), `${phase} sign(), ${how} showed the secret: ${text}`);
      }
    }
    assert.deepEqual(Reflect.ownKeys(signer), ["sign"]);
    assert.ok(Object.isFrozen(signer));
  });
});

describe("createTokenSigner() argument checks", () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ["no credentials", undefined, /credentials must be an object: current type is "undefined"/],
    ["null credentials", null, /credentials must be an object: current type is "null"/],
    [
      "a missing accessKey",
      { secretKey: SECRET },
      /credentials\.accessKey must be a non-empty string: current type is "undefined"/,
    ],
    [
      "an empty accessKey",
      { accessKey: "", secretKey: SECRET },
      /credentials\.accessKey must be a non-empty string: current value is empty/,
    ],
    [
      "a numeric secretKey",
      { accessKey: ACCESS, secretKey: 42 },
      /credentials\.secretKey must be a non-empty string: current type is "number"/,
    ],
    [
      "an empty secretKey",
      { accessKey: ACCESS, secretKey: "" },
      /credentials\.secretKey must be a non-empty string: current value is empty/,
    ],
  ];
  for (const [what, credentials, message] of cases) {
    it(`throws a TypeError naming the field for ${what}`, () => {
      assert.throws(
        () => createTokenSigner(credentials as Parameters<typeof createTokenSigner>[0]),
        (e) => {
          assert.ok(e instanceof TypeError);
          assert.match(e.message, message);
          assert.ok(!e.message.includes(SECRET) && !e.message.includes(ACCESS));
          return true;
        },
      );
    });
  }

  it("never quotes the keys, even when the other one is wrong", () => {
    assert.throws(() => createTokenSigner({ accessKey: ACCESS, secretKey: "" }), (e) => {
      assert.ok(e instanceof TypeError);
      assert.ok(!e.message.includes(ACCESS));
      return true;
    });
    assert.throws(
      () =>
        createTokenSigner(
          { accessKey: 7, secretKey: SECRET } as unknown as {
            accessKey: string;
            secretKey: string;
          },
        ),
      (e) => e instanceof TypeError && !e.message.includes(SECRET),
    );
  });

  it("throws a TypeError quoting an unknown algorithm", () => {
    assert.throws(
      () =>
        createTokenSigner({ accessKey: ACCESS, secretKey: SECRET }, {
          algorithm: "RS256" as JwtAlgorithm,
        }),
      {
        name: "TypeError",
        message:
          'Cannot create a token signer as algorithm must be "HS512" or "HS256": current value is "RS256"',
      },
    );
  });
});
