/**
 * Where a command connects: `--emulator`, `--url` (with `--private-url`/`--info-url`, which must
 * follow the same host), `--region`, `--format`.
 *
 * @module
 */
import { type CommandName, type Endpoint, UsageError } from "./invocation.ts";
import { oneOf, type Split, text } from "./tokens.ts";
import { resolveEndpoints } from "../../mod.ts";
// Facts about Upbit (src/protocol/ imports nothing), with no public form.
import { WIRE_FORMATS } from "../../src/protocol/formats.ts";
import { REGION_HOSTS } from "../../src/protocol/hosts.ts";
import { quote } from "../../src/args.ts";

/** The endpoint options of a command, checked (a half-overridden set of URLs is refused). */
export function endpoint(command: CommandName, s: Split): Endpoint {
  const out: Endpoint = { emulator: s.options.get("emulator") === true };
  for (
    const [name, key] of [
      ["url", "url"],
      ["private-url", "privateUrl"],
      ["info-url", "infoUrl"],
    ] as const
  ) {
    const v = text(s, name);
    if (v === undefined) continue;
    if (!/^wss?:\/\/\S+$/.test(v)) {
      throw new UsageError(
        `Cannot run ${command} as --${name} must be a ws:// or wss:// URL: current value is ${
          quote(v)
        }`,
        command,
      );
    }
    if (out.emulator) {
      throw new UsageError(
        `Cannot run ${command} as --${name} and --emulator exclude each other: current value is ${
          quote(v)
        }`,
        command,
      );
    }
    out[key] = v;
  }
  const region = oneOf(
    command,
    s,
    "region",
    Object.keys(REGION_HOSTS) as (keyof typeof REGION_HOSTS)[],
  );
  if (region !== undefined) out.region = region;
  const format = oneOf(command, s, "format", WIRE_FORMATS);
  if (format !== undefined) out.format = format;
  if (!out.emulator) {
    // The client's own rule, checked here so that a half-overridden set is a usage error (exit 2)
    // before any key is read: every endpoint on the scheme and host of --url (or the region's).
    try {
      resolveEndpoints(out);
    } catch (e) {
      if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
      const flag = (name: string) =>
        ({ url: "--url", privateUrl: "--private-url", infoUrl: "--info-url", region: "--region" })[
          name
        ] ?? name;
      const message = e.message
        .replace(/^Cannot use option "(\w+)" as it /, (_, n: string) => `${flag(n)} `)
        .replace(
          /^Cannot use option "(\w+)" together with "(\w+)", as /,
          (_, a, b) => `${flag(a)} and ${flag(b)} exclude each other, as `,
        )
        .replace(/"(url|privateUrl|infoUrl|region)"/g, (_, n: string) => flag(n));
      throw new UsageError(`Cannot run ${command} as ${message}`, command);
    }
  }
  return out;
}
