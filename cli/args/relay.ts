/**
 * The `relay` command line: the NATS server, types, codes or `--quote`, subject prefix, acks,
 * lease and the private subjects.
 *
 * @module
 */
import { endpoint } from "./endpoint.ts";
import { type Invocation, UsageError } from "./invocation.ts";
import { parseCodes, parseType } from "./target.ts";
import { oneOf, seconds, type Split, text } from "./tokens.ts";
import { quote } from "../../src/args.ts";

const SUBJECT = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** The `relay` command line, checked. */
export function relayInvocation(s: Split, args: readonly string[]): Invocation {
  const command = "relay";
  const nats = text(s, "nats");
  if (nats === undefined || !/^(nats|tls|wss?):\/\/\S+$/.test(nats)) {
    throw new UsageError(
      `Cannot run relay as --nats must be a nats://, tls://, ws:// or wss:// URL: current value is ${
        quote(String(nats ?? ""))
      }`,
      command,
    );
  }
  const types: string[] = [];
  const rawCodes: string[] = [];
  for (const arg of args.flatMap((a) => a.split(",")).filter((a) => a !== "")) {
    if (arg.includes("-")) rawCodes.push(arg);
    else {
      const type = parseType(command, arg, false);
      if (!types.includes(type)) types.push(type);
    }
  }
  const codes = rawCodes.length > 0 ? parseCodes(command, rawCodes) : [];
  const currency = text(s, "quote");
  if (currency !== undefined && !/^[A-Za-z0-9]{2,10}$/.test(currency)) {
    throw new UsageError(
      `Cannot run relay as --quote must be a currency such as KRW, BTC or USDT: current value is ${
        quote(currency)
      }`,
      command,
    );
  }
  const prefix = text(s, "prefix") ?? "upbit";
  if (!SUBJECT.test(prefix)) {
    throw new UsageError(
      `Cannot run relay as --prefix must be subject tokens such as upbit or md.upbit: current value is ${
        quote(prefix)
      }`,
      command,
    );
  }
  const subject = (name: string): string | undefined => {
    const v = text(s, name);
    if (v !== undefined && !SUBJECT.test(v)) {
      throw new UsageError(
        `Cannot run relay as --${name} must be literal subject tokens (no wildcards): current value is ${
          quote(v)
        }`,
        command,
      );
    }
    return v;
  };
  const ttl = seconds(command, s, "lease-ttl");
  if (ttl !== undefined && ttl < 300) {
    throw new UsageError(
      `Cannot run relay as --lease-ttl must be at least 0.3 s: current value is ${
        quote(String(text(s, "lease-ttl")))
      }`,
      command,
    );
  }
  return {
    command,
    nats,
    types: types.length > 0 ? types : ["ticker", "trade", "orderbook"],
    codes,
    quote: currency?.toUpperCase(),
    endpoint: endpoint(command, s),
    prefix,
    ack: oneOf(command, s, "ack", ["pipelined", "each", "none"] as const) ?? "pipelined",
    leaseTtlMs: s.options.get("no-lease") === true ? 0 : ttl ?? 3000,
    statsMs: text(s, "stats")?.trim() === "0" ? 0 : seconds(command, s, "stats") ?? 10_000,
    myOrderSubject: subject("my-order-subject"),
    myAssetSubject: subject("my-asset-subject"),
    durationMs: seconds(command, s, "duration"),
  };
}
