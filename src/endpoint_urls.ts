/**
 * Where the client connects: {@linkcode resolveEndpoints} derives the public, private and `/info`
 * endpoints from one base, so keys never go to a host the user did not name.
 *
 * @module
 */
import { checkOneOf, quote } from "./args.ts";
import { ENDPOINT_SUFFIXES, REGION_HOSTS, WEBSOCKET_PATH } from "./protocol/hosts.ts";
import type { Endpoints, UpbitClientOptions } from "./options.ts";

const REGIONS = Object.keys(REGION_HOSTS) as (keyof typeof REGION_HOSTS)[];
/** `value` as a ws:// or wss:// URL with a host, or a `TypeError` naming the option. */
function socketUrl(value: unknown, name: string): URL {
  let parsed: URL | undefined;
  if (typeof value === "string" && /^wss?:\/\/[^\s]+$/.test(value)) {
    try {
      parsed = new URL(value);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed !== undefined && parsed.host !== "") return parsed;
  throw new TypeError(
    `Cannot use option "${name}" as it must be a ws:// or wss:// URL: current value is ${
      quote(value)
    }`,
  );
}

/** `base` with `suffix` appended to its path (one slash between), query kept. */
function derive(base: URL, suffix: string): string {
  const out = new URL(base.href);
  out.pathname = `${out.pathname.replace(/\/+$/, "")}/${suffix}`;
  return out.href;
}

/**
 * Resolves the public, private and indicator endpoints from `url`, `privateUrl`, `infoUrl` and
 * `region`, so that they always name one host:
 *
 * - nothing given: the region's (default `kr`) `wss://api.upbit.com/websocket/v1`, `…/private`,
 *   `…/info`;
 * - `url` given: it is the public endpoint and the base of the others (`url` + `/private`,
 *   `url` + `/info`), unless `privateUrl`/`infoUrl` are given too — on the same scheme and host
 *   (port included) as `url`.
 *
 * Everything else is refused with a `TypeError` before any key is used: a `url` that ends in
 * `/private` or `/info` (it would derive `…/private/private`), a `privateUrl` or `infoUrl`
 * on another scheme or host than the public endpoint (`url`, else the region's: a `privateUrl`
 * alone cannot move the keys while the rest stays on Upbit), and `region` together with `url`.
 *
 * @param options the endpoint options of {@linkcode UpbitClientOptions}
 * @returns the three endpoints, as strings
 * @throws {TypeError} for a URL that is not `ws://`/`wss://`, or a set that is not on one host
 * @throws {RangeError} for an unknown region
 *
 * @example
 * ```ts
 * import { resolveEndpoints } from "upbit-ws";
 * resolveEndpoints({ region: "sg" }).private; // "wss://sg-api.upbit.com/websocket/v1/private"
 * resolveEndpoints({ url: "ws://127.0.0.1:9000/websocket/v1" }).info;
 * // "ws://127.0.0.1:9000/websocket/v1/info"
 * ```
 */
export function resolveEndpoints(
  options: Pick<UpbitClientOptions, "url" | "privateUrl" | "infoUrl" | "region"> = {},
): Endpoints {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `Cannot resolve endpoints as options must be an object: current value is ${quote(options)}`,
    );
  }
  const region = checkOneOf(options.region ?? "kr", REGIONS, "region");
  if (options.url !== undefined && options.region !== undefined) {
    socketUrl(options.url, "url");
    throw new TypeError(
      `Cannot use option "region" together with "url", as region picks Upbit's hosts and url ` +
        `another; leave one out: current value is ${quote(options.region)}`,
    );
  }
  const given = options.url !== undefined;
  const publicUrl = given
    ? options.url as string
    : `wss://${REGION_HOSTS[region]}${WEBSOCKET_PATH}`;
  const base = socketUrl(publicUrl, "url");
  // The private or /info URL given as `url` would derive ".../private/private": say so.
  for (const suffix of [ENDPOINT_SUFFIXES.private, ENDPOINT_SUFFIXES.info]) {
    if (given && base.pathname.replace(/\/+$/, "").endsWith(`/${suffix}`)) {
      throw new TypeError(
        `Cannot use option "url" as it names the public endpoint, and the others are derived from ` +
          `it (url + "/${suffix}"); give the public URL, or the other endpoint as ` +
          `${suffix === ENDPOINT_SUFFIXES.private ? "privateUrl" : "infoUrl"}: current value is ${
            quote(publicUrl)
          }`,
      );
    }
  }
  const site = `${base.protocol}//${base.host}`;
  const resolved = {
    private: derive(base, ENDPOINT_SUFFIXES.private),
    info: derive(base, ENDPOINT_SUFFIXES.info),
  };
  for (const key of ["privateUrl", "infoUrl"] as const) {
    const value = options[key];
    if (value === undefined) continue;
    const other = socketUrl(value, key);
    if (`${other.protocol}//${other.host}` !== site) {
      throw new TypeError(
        `Cannot use option "${key}" as it must be on the scheme and host of ` +
          (given
            ? `"url" (${site})`
            : `the public endpoint (${site}, the region's; to move every endpoint, give "url")`) +
          `, so that keys go only where the public endpoint points: current value is ${
            quote(value)
          }`,
      );
    }
    resolved[key === "privateUrl" ? "private" : "info"] = value;
  }
  return { public: publicUrl, ...resolved };
}
