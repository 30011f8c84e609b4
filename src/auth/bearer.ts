/**
 * The bearer-header provider of private connections.
 *
 * @module
 */

/**
 * Makes the provider of `Authorization` headers for private connections: every call signs a
 * new JWT with a fresh nonce. The secret lives only in this closure, so it never shows in the
 * client's state, `JSON.stringify` or a runtime's inspect output.
 *
 * @param accessKey the API access key
 * @param secretKey the API secret key
 * @param algorithm HS512 (Upbit's recommendation) or HS256
 * @returns a function resolving to fresh headers
 *
 * @example
 * ```ts
 * import { bearer } from "./bearer.ts";
 * const headers = bearer("access", "secret", "HS512");
 * console.log((await headers())["Authorization"]?.startsWith("Bearer ")); // true
 * ```
 */
export function bearer(
  accessKey: string,
  secretKey: string,
  algorithm: "HS512" | "HS256",
): () => Promise<Record<string, string>> {
  let signer: Promise<{ sign(): Promise<string> }> | undefined;
  return async () => {
    // Loaded on first use, so that a public-only bundle never pulls in jose.
    signer ??= import("./jwt.ts").then((m) =>
      m.createTokenSigner({ accessKey, secretKey }, { algorithm })
    );
    return { Authorization: `Bearer ${await (await signer).sign()}` };
  };
}
