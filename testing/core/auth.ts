/**
 * JWT checks of the private endpoint: `Authorization: Bearer <jwt>`, HS256 or HS512, signed with
 * the account's secret key as raw UTF-8 bytes, claims `access_key` and a never-reused `nonce`.
 *
 * @module
 */

import { decodeJwt, jwtVerify } from "jose";

/**
 * Why a private upgrade was refused.
 *
 * @example Count replayed nonces
 * ```ts
 * import { startEmulator, type AuthFailureReason } from "upbit-ws/testing";
 * await using emu = await startEmulator();
 * const reason: AuthFailureReason = "nonce_reused";
 * console.log(emu.stats().authFailuresByReason[reason] ?? 0);
 * ```
 */
export type AuthFailureReason =
  | "missing"
  | "malformed"
  | "unknown_key"
  | "bad_signature"
  | "nonce_missing"
  | "nonce_reused";

/**
 * The outcome of checking an `Authorization` header.
 *
 * @example Branch on the result
 * ```ts
 * import { verifyAuthorization } from "upbit-ws/testing";
 * const r = await verifyAuthorization("Bearer x", () => "secret", new Map(), Date.now());
 * console.log(r.ok ? r.accessKey : r.reason); // "malformed"
 * ```
 */
export type AuthResult =
  | { ok: true; accessKey: string; algorithm: string }
  | { ok: false; reason: AuthFailureReason };

/**
 * Checks an `Authorization` header the way the emulator's private endpoint does. A nonce is
 * remembered (per access key) only once the signature is valid.
 *
 * @param header the header value, e.g. `Bearer eyJ…`
 * @param secretOf the secret key of an access key, or `undefined` for an unknown key
 * @param usedNonces nonces already seen, per access key (updated on success)
 * @param now the current time in ms (for `exp`/`nbf` if the token has them)
 * @returns the access key, or why it was refused
 *
 * @example A missing header is refused
 * ```ts
 * import { verifyAuthorization } from "upbit-ws/testing";
 * const r = await verifyAuthorization(undefined, () => undefined, new Map(), Date.now());
 * console.log(r); // { ok: false, reason: "missing" }
 * ```
 */
export async function verifyAuthorization(
  header: string | undefined,
  secretOf: (accessKey: string) => string | undefined,
  usedNonces: Map<string, Set<string>>,
  now: number,
): Promise<AuthResult> {
  if (header === undefined || header === "") return { ok: false, reason: "missing" };
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const token = m?.[1];
  if (token === undefined) return { ok: false, reason: "malformed" };
  let accessKey: unknown;
  try {
    accessKey = decodeJwt(token)["access_key"];
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof accessKey !== "string") return { ok: false, reason: "malformed" };
  const secret = secretOf(accessKey);
  if (secret === undefined) return { ok: false, reason: "unknown_key" };
  let payload: Record<string, unknown>;
  let algorithm: string;
  try {
    const r = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ["HS256", "HS512"],
      currentDate: new Date(now),
    });
    payload = r.payload;
    algorithm = r.protectedHeader.alg;
  } catch {
    return { ok: false, reason: "bad_signature" };
  }
  const nonce = payload["nonce"];
  if (typeof nonce !== "string" || nonce === "") return { ok: false, reason: "nonce_missing" };
  let seen = usedNonces.get(accessKey);
  if (seen === undefined) {
    seen = new Set();
    usedNonces.set(accessKey, seen);
  }
  if (seen.has(nonce)) return { ok: false, reason: "nonce_reused" };
  seen.add(nonce);
  return { ok: true, accessKey, algorithm };
}
