/**
 * Argument parsing of the `upbit-ws` command: argv in, a checked {@linkcode Invocation} out, or a
 * {@linkcode UsageError} (exit code 2) whose message quotes the bad value. Pure: no process, no
 * file system, so it runs (and is tested) on every runtime, workerd included.
 *
 * @module
 */
import { endpoint } from "./endpoint.ts";
import {
  type CommandName,
  COMMANDS,
  type Invocation,
  type Target,
  UsageError,
} from "./invocation.ts";
import { DASHBOARD_CODES } from "./options.ts";
import { relayInvocation } from "./relay.ts";
import { INDICATOR_OPTIONS, noExtra, stream, STREAMS, streamTarget } from "./streams.ts";
import { orderbookUnits, parseCodes, target } from "./target.ts";
import { number, seconds, split, text } from "./tokens.ts";
import { quote } from "../../src/args.ts";

/**
 * Parses the arguments after the program name.
 *
 * @param argv e.g. `["watch", "ticker", "KRW-BTC", "--emulator"]`
 * @returns what to run
 * @throws {UsageError} for a bad command line
 *
 * @example
 * ```ts
 * import { parseArgs } from "./parse.ts";
 * parseArgs(["snapshot", "orderbook", "KRW-BTC", "--units", "5"]);
 * // { command: "snapshot", target: { type: "orderbook", codes: ["KRW-BTC"], units: 5 }, … }
 * ```
 */
export function parseArgs(argv: readonly string[]): Invocation {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help") {
    return { command: "help", topic: undefined };
  }
  if (first === "-V" || first === "--version" || first === "version") return { command: "version" };
  if (first === "help") {
    const topic = rest[0];
    if (topic === undefined) return { command: "help", topic: undefined };
    if (!(COMMANDS as readonly string[]).includes(topic)) {
      throw new UsageError(
        `Cannot show help as the command must be one of ${COMMANDS.join(", ")}: current value is ${
          quote(topic)
        }`,
      );
    }
    return { command: "help", topic: topic as CommandName };
  }
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(
      `Cannot run upbit-ws as the command must be one of ${COMMANDS.join(", ")}: current value is ${
        quote(first)
      }`,
    );
  }
  const command = first as CommandName;
  const s = split(command, rest);
  if (s.help) return { command: "help", topic: command };
  const args = s.positionals;
  switch (command) {
    case "watch": {
      const [rawType, ...rest] = args;
      const streamType = STREAMS.find((x) => x === rawType?.toLowerCase());
      const t: Target = streamType !== undefined
        ? streamTarget(command, s, streamType, rest)
        : target(command, s, args, true);
      const misplaced = [...INDICATOR_OPTIONS, "timeframe", "trigger", "threshold", "multiplier"]
        .concat(["category", "body"]).find((o) => streamType === undefined && s.options.has(o));
      if (misplaced !== undefined) {
        throw new UsageError(
          `Cannot run ${command} as --${misplaced} applies to announcement, indicator and indicator_signal only: current value is ${
            quote(t.type)
          }`,
          command,
        );
      }
      const color = s.options.get("no-color") === true
        ? false
        : s.options.get("color") === true
        ? true
        : undefined;
      return {
        command,
        target: t,
        endpoint: endpoint(command, s),
        stream: stream(command, s, t.type),
        json: s.options.get("json") === true,
        color,
        durationMs: seconds(command, s, "duration"),
      };
    }
    case "snapshot": {
      const t = target(command, s, args, false);
      return {
        command,
        target: t,
        endpoint: endpoint(command, s),
        timeoutMs: seconds(command, s, "timeout") ?? 5000,
        pretty: s.options.get("pretty") === true,
      };
    }
    case "record": {
      const [file, ...more] = args;
      if (file === undefined || file === "") {
        throw new UsageError(`Cannot run record as the output file is missing`, command);
      }
      const t = target(command, s, more, true);
      return {
        command,
        file,
        target: t,
        endpoint: endpoint(command, s),
        stream: stream(command, s, t.type),
        durationMs: seconds(command, s, "duration"),
        maxFrames: number(command, s, "frames", { min: 1, integer: true }),
      };
    }
    case "replay": {
      const [file, ...more] = args;
      if (file === undefined || file === "") {
        throw new UsageError(`Cannot run replay as the recording file is missing`, command);
      }
      noExtra(command, more);
      return {
        command,
        file,
        speed: number(command, s, "speed", { min: 0, exclusiveMin: true }) ?? 1,
        port: number(command, s, "port", { min: 0, max: 65535, integer: true }) ?? 0,
        loop: s.options.get("loop") === true,
        wait: s.options.get("no-wait") !== true,
        durationMs: seconds(command, s, "duration"),
      };
    }
    case "emulate": {
      noExtra(command, args);
      return {
        command,
        port: number(command, s, "port", { min: 0, max: 65535, integer: true }) ?? 0,
        seed: number(command, s, "seed", { min: 0, max: 2 ** 32 - 1, integer: true }) ?? 1,
        durationMs: seconds(command, s, "duration"),
      };
    }
    case "relay":
      return relayInvocation(s, args);
    case "markets": {
      noExtra(command, args);
      const currency = text(s, "quote");
      if (currency !== undefined && !/^[A-Za-z0-9]{2,10}$/.test(currency)) {
        throw new UsageError(
          `Cannot run markets as --quote must be a currency such as KRW, BTC or USDT: current value is ${
            quote(currency)
          }`,
          command,
        );
      }
      return {
        command,
        quote: currency?.toUpperCase(),
        endpoint: endpoint(command, s),
        json: s.options.get("json") === true,
        details: s.options.get("details") === true,
      };
    }
    case "dashboard": {
      const codes = parseCodes(command, args);
      const units = orderbookUnits(command, s) ?? 15;
      const ep = endpoint(command, s);
      const nats = text(s, "nats");
      if (nats !== undefined) {
        if (!/^(nats|tls|wss?):\/\/\S+$/.test(nats)) {
          throw new UsageError(
            `Cannot run dashboard as --nats must be a nats://, tls://, ws:// or wss:// URL: current value is ${
              quote(nats)
            }`,
            command,
          );
        }
        for (const other of ["emulator", "url", "private-url", "region", "private"]) {
          if (s.options.has(other)) {
            throw new UsageError(
              `Cannot run dashboard as --nats and --${other} exclude each other (the bus carries public data only): current value is ${
                quote(nats)
              }`,
              command,
            );
          }
        }
      }
      return {
        command,
        codes: codes.length > 0 ? codes : [...DASHBOARD_CODES],
        endpoint: ep,
        nats,
        private: ep.emulator || s.options.get("private") === true,
        port: number(command, s, "port", { min: 0, max: 65535, integer: true }) ?? 0,
        units,
        durationMs: seconds(command, s, "duration"),
      };
    }
  }
}
