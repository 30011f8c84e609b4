/**
 * The JWT that authorizes a private Upbit WebSocket: claims `access_key` and a fresh `nonce`,
 * header `{ alg, typ: "JWT" }`, signed with HMAC over the secret key's raw UTF-8 bytes (Upbit's
 * secret is not base64). The HMAC `CryptoKey` is imported once, non-extractable, and cached;
 * every token is new.
 *
 * @module
 */

import { SignJWT } from "jose";
import { NotSupportedError } from "../errors.ts";

/**
 * An Upbit API key pair.
 *
 * @example
 * ```ts
 * import type { Credentials } from "./jwt.ts";
 * const credentials: Credentials = { accessKey: "my-access-key", secretKey: "my-secret-key" };
 * ```
 */
export interface Credentials {
  /** The API access key; it travels inside every token. */
  accessKey: string;
  /** The API secret key; it never leaves the signer. */
  secretKey: string;
}

/**
 * The HMAC algorithms Upbit accepts. Upbit recommends `HS512`; its own samples use `HS256`.
 *
 * @example
 * ```ts
 * import type { JwtAlgorithm } from "upbit-ws";
 * const algorithm: JwtAlgorithm = "HS512";
 * ```
 */
export type JwtAlgorithm = "HS512" | "HS256";

/**
 * Mints tokens for private streams. It holds the secret only as a non-extractable `CryptoKey`
 * (and, until the first signature, in a closure): stringifying or inspecting it shows nothing.
 *
 * @example
 * ```ts
 * import { createTokenSigner, type TokenSigner } from "./jwt.ts";
 * const signer: TokenSigner = createTokenSigner({ accessKey: "a", secretKey: "s" });
 * const headers = { Authorization: `Bearer ${await signer.sign()}` };
 * ```
 */
export interface TokenSigner {
  /** Signs a new token with a fresh `crypto.randomUUID()` nonce; never returns a cached one. */
  sign(): Promise<string>;
}

/** The options of {@linkcode createTokenSigner}. */
export interface TokenSignerOptions {
  /** The signature algorithm. Defaults to `"HS512"`. */
  algorithm?: JwtAlgorithm;
}

const HASH_OF: Readonly<Record<JwtAlgorithm, string>> = { HS512: "SHA-512", HS256: "SHA-256" };

/** The WebCrypto surface this file needs, looked up at call time. */
type CryptoGlobals = { crypto?: { subtle?: SubtleCrypto; randomUUID?: () => string } };

/**
 * Creates a {@linkcode TokenSigner} for a key pair. The credentials are checked now; the
 * HMAC key is imported on the first {@linkcode TokenSigner.sign} call and reused after.
 *
 * @param credentials the access key and the secret key
 * @param options the algorithm (default `"HS512"`)
 * @returns a signer that mints a new token on every call
 * @throws {TypeError} when a key is not a non-empty string (the message names the field, never
 * the value), or the algorithm is not `"HS512"` or `"HS256"`
 *
 * `sign()` rejects with {@linkcode NotSupportedError} when the runtime has no
 * `crypto.subtle` or `crypto.randomUUID`.
 *
 * @example Sign a token for the private endpoint
 * ```ts
 * import { createTokenSigner } from "./jwt.ts";
 * const signer = createTokenSigner(
 *   { accessKey: "my-access-key", secretKey: "my-secret-key" },
 *   { algorithm: "HS256" },
 * );
 * const token = await signer.sign(); // header.payload.signature, a new nonce each time
 * ```
 */
export function createTokenSigner(
  credentials: Credentials,
  options: TokenSignerOptions = {},
): TokenSigner {
  if (credentials === null || typeof credentials !== "object") {
    throw new TypeError(
      `Cannot create a token signer as credentials must be an object: current type is "${
        credentials === null ? "null" : typeof credentials
      }"`,
    );
  }
  const accessKey = checkKey(credentials.accessKey, "accessKey");
  let secretKey: string | undefined = checkKey(credentials.secretKey, "secretKey");
  const algorithm = options.algorithm ?? "HS512";
  if (algorithm !== "HS512" && algorithm !== "HS256") {
    throw new TypeError(
      `Cannot create a token signer as algorithm must be "HS512" or "HS256": current value is "${
        String(algorithm)
      }"`,
    );
  }
  let key: Promise<CryptoKey> | undefined;

  const importKey = (subtle: SubtleCrypto): Promise<CryptoKey> => {
    if (key === undefined) {
      const bytes = new TextEncoder().encode(secretKey);
      key = subtle.importKey("raw", bytes, { name: "HMAC", hash: HASH_OF[algorithm] }, false, [
        "sign",
      ]);
      key.then(
        // The CryptoKey holds the secret now; drop the string.
        () => (secretKey = undefined),
        // Let a later call try again.
        () => (key = undefined),
      );
    }
    return key;
  };

  return Object.freeze({
    async sign(): Promise<string> {
      const crypto = (globalThis as CryptoGlobals).crypto;
      if (typeof crypto?.subtle?.importKey !== "function") {
        throw new NotSupportedError("Cannot sign a token as crypto.subtle is missing");
      }
      if (typeof crypto.randomUUID !== "function") {
        throw new NotSupportedError("Cannot sign a token as crypto.randomUUID is missing");
      }
      const cryptoKey = await importKey(crypto.subtle);
      return await new SignJWT({ access_key: accessKey, nonce: crypto.randomUUID() })
        .setProtectedHeader({ alg: algorithm, typ: "JWT" })
        .sign(cryptoKey);
    },
  });
}

function checkKey(value: unknown, field: "accessKey" | "secretKey"): string {
  if (typeof value !== "string" || value.length === 0) {
    // Never quote the value: it may be (part of) a secret.
    throw new TypeError(
      `Cannot create a token signer as credentials.${field} must be a non-empty string: current ${
        typeof value === "string"
          ? "value is empty"
          : `type is "${value === null ? "null" : typeof value}"`
      }`,
    );
  }
  return value;
}
