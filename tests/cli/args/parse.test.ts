import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { COMMANDS, UsageError } from "../../../cli/args/invocation.ts";
import { parseArgs } from "../../../cli/args/parse.ts";
import { parseCodes, parseType } from "../../../cli/args/target.ts";
import { helpText, VERSION } from "../../../cli/help.ts";

function usage(argv: string[], message: RegExp, command?: string): void {
  assert.throws(() => parseArgs(argv), (e: unknown) => {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    assert.match(e.message, message);
    assert.equal(e.command, command);
    return true;
  });
}

describe("parseArgs: commands, help and version", () => {
  it("shows the overview without arguments, with -h/--help and with help", () => {
    for (const argv of [[], ["-h"], ["--help"], ["help"]]) {
      assert.deepEqual(parseArgs(argv), { command: "help", topic: undefined });
    }
  });

  it("answers --help on every command, wherever it stands, even after bad arguments", () => {
    for (const command of COMMANDS) {
      assert.deepEqual(parseArgs([command, "--help"]), { command: "help", topic: command });
      assert.deepEqual(parseArgs(["help", command]), { command: "help", topic: command });
    }
    assert.deepEqual(parseArgs(["watch", "nope", "-h"]), { command: "help", topic: "watch" });
  });

  it("prints the version for --version, -V and version", () => {
    for (const argv of [["--version"], ["-V"], ["version"]]) {
      assert.deepEqual(parseArgs(argv), { command: "version" });
    }
    assert.match(VERSION, /^\d+\.\d+\.\d+/);
  });

  it("rejects an unknown command or help topic, quoting it", () => {
    usage(["wtach"], /command must be one of watch, snapshot.*current value is "wtach"/);
    usage(["help", "nope"], /current value is "nope"/);
  });

  it("has a help text for every command that names its usage and exit codes", () => {
    for (const command of COMMANDS) {
      const text = helpText(command);
      assert.match(text, new RegExp(`^Usage: upbit-ws ${command}`));
      assert.match(text, /130 +interrupted by Ctrl-C/);
      assert.match(text, /-h, --help/);
    }
    for (const command of COMMANDS) assert.ok(helpText(undefined).includes(`  ${command} `));
  });
});

describe("parseArgs: watch", () => {
  it("normalizes the type and the codes and fills the defaults", () => {
    assert.deepEqual(parseArgs(["watch", "Ticker", "KRW-BTC,KRW-ETH", "KRW-BTC"]), {
      command: "watch",
      target: { type: "ticker", codes: ["KRW-BTC", "KRW-ETH"] },
      endpoint: { emulator: false },
      stream: "both",
      json: false,
      color: undefined,
      durationMs: undefined,
    });
  });

  it("reads every option, in --name value and --name=value forms", () => {
    const inv = parseArgs([
      "watch",
      "orderbook",
      "KRW-BTC",
      "--units=5",
      "--level",
      "10000",
      "--json",
      "--no-color",
      "--duration",
      "1.5",
      "--stream",
      "realtime",
      "--format=SIMPLE",
      "--region",
      "sg",
    ]);
    assert.deepEqual(inv, {
      command: "watch",
      target: { type: "orderbook", codes: ["KRW-BTC"], units: 5, level: 10000 },
      endpoint: { emulator: false, region: "sg", format: "SIMPLE" },
      stream: "realtime",
      json: true,
      color: false,
      durationMs: 1500,
    });
  });

  it("knows candles and the private types", () => {
    const candle = parseArgs(["watch", "candle.1m", "KRW-BTC"]);
    assert.equal(candle.command === "watch" && candle.target.type, "candle.1m");
    const orders = parseArgs(["watch", "myorder"]);
    assert.ok(orders.command === "watch");
    assert.deepEqual(orders.target, { type: "myOrder", codes: [] });
    assert.equal(orders.stream, "realtime", "private streams have no snapshot");
    const assets = parseArgs(["watch", "myAsset", "--emulator"]);
    assert.ok(assets.command === "watch");
    assert.deepEqual(assets.endpoint, { emulator: true });
  });

  it("takes --url, and refuses it together with --emulator", () => {
    const inv = parseArgs([
      "watch",
      "trade",
      "KRW-BTC",
      "--url",
      "ws://127.0.0.1:9000/websocket/v1",
    ]);
    assert.ok(inv.command === "watch");
    assert.equal(inv.endpoint.url, "ws://127.0.0.1:9000/websocket/v1");
    usage(
      ["watch", "trade", "KRW-BTC", "--emulator", "--url", "ws://x/y"],
      /--url and --emulator exclude each other/,
      "watch",
    );
    usage(
      ["watch", "trade", "KRW-BTC", "--url", "http://x"],
      /ws:\/\/ or wss:\/\/ URL: current value is "http:\/\/x"/,
      "watch",
    );
  });

  it("rejects bad types, codes and values with the value quoted", () => {
    usage(["watch"], /data type is missing/, "watch");
    usage(
      ["watch", "tickr", "KRW-BTC"],
      /type must be one of ticker, trade.*current value is "tickr"/,
      "watch",
    );
    usage(["watch", "candle.2m", "KRW-BTC"], /current value is "candle.2m"/, "watch");
    usage(["watch", "ticker"], /at least one market code/, "watch");
    usage(["watch", "ticker", "BTC"], /must look like KRW-BTC: current value is "BTC"/, "watch");
    usage(["watch", "myAsset", "KRW-BTC"], /myAsset takes no market codes/, "watch");
    usage(
      ["watch", "orderbook", "KRW-BTC", "--units", "7"],
      /1, 5, 15 or 30: current value is "7"/,
      "watch",
    );
    usage(["watch", "orderbook", "KRW-BTC", "--units", "x"], /current value is "x"/, "watch");
    usage(["watch", "ticker", "KRW-BTC", "--units", "5"], /orderbook only/, "watch");
    usage(
      ["watch", "ticker", "KRW-BTC", "--duration", "0"],
      /--duration must be a number above 0: current value is "0"/,
      "watch",
    );
    usage(["watch", "ticker", "KRW-BTC", "--duration", "-1"], /current value is "-1"/, "watch");
    usage(
      ["watch", "ticker", "KRW-BTC", "--stream", "all"],
      /both, snapshot, realtime: current value is "all"/,
      "watch",
    );
    usage(["watch", "myOrder", "--stream", "snapshot"], /no snapshots of myOrder/, "watch");
    usage(
      ["watch", "ticker", "KRW-BTC", "--region", "us"],
      /kr, sg, id, th: current value is "us"/,
      "watch",
    );
    usage(["watch", "ticker", "KRW-BTC", "--format", "xml"], /current value is "xml"/, "watch");
  });

  it("rejects unknown options, missing values and values given to flags", () => {
    usage(
      ["watch", "ticker", "KRW-BTC", "--speed", "2"],
      /has no option --speed: current value is "--speed"/,
      "watch",
    );
    usage(["watch", "ticker", "KRW-BTC", "-x"], /current value is "-x"/, "watch");
    usage(["watch", "ticker", "KRW-BTC", "--duration"], /--duration needs a value/, "watch");
    usage(
      ["watch", "ticker", "KRW-BTC", "--duration", "--json"],
      /--duration needs a value/,
      "watch",
    );
    usage(["watch", "ticker", "KRW-BTC", "--json=yes"], /--json takes no value/, "watch");
  });

  it("treats everything after -- as positional", () => {
    const inv = parseArgs(["watch", "ticker", "--", "KRW-BTC"]);
    assert.ok(inv.command === "watch");
    assert.deepEqual(inv.target.codes, ["KRW-BTC"]);
  });
});

describe("parseArgs: snapshot, record, replay, emulate, markets", () => {
  it("snapshot: a 5 s timeout by default, --timeout in seconds, no private types", () => {
    assert.deepEqual(
      parseArgs(["snapshot", "orderbook", "KRW-BTC", "--units", "15", "--emulator"]),
      {
        command: "snapshot",
        target: { type: "orderbook", codes: ["KRW-BTC"], units: 15 },
        endpoint: { emulator: true },
        timeoutMs: 5000,
        pretty: false,
      },
    );
    const inv = parseArgs(["snapshot", "ticker", "KRW-BTC", "--timeout", "0.25", "--pretty"]);
    assert.ok(inv.command === "snapshot");
    assert.equal(inv.timeoutMs, 250);
    assert.equal(inv.pretty, true);
    usage(["snapshot", "myOrder"], /current value is "myOrder"/, "snapshot");
    usage(["snapshot", "ticker", "KRW-BTC", "--json"], /has no option --json/, "snapshot");
  });

  it("record: file first, then the target; --frames and --duration", () => {
    assert.deepEqual(
      parseArgs(["record", "out.ndjson", "trade", "KRW-BTC", "--frames", "10", "--duration", "2"]),
      {
        command: "record",
        file: "out.ndjson",
        target: { type: "trade", codes: ["KRW-BTC"] },
        endpoint: { emulator: false },
        stream: "both",
        durationMs: 2000,
        maxFrames: 10,
      },
    );
    usage(["record"], /output file is missing/, "record");
    usage(["record", "out.ndjson"], /data type is missing/, "record");
    usage(
      ["record", "out.ndjson", "trade", "KRW-BTC", "--frames", "1.5"],
      /must be an integer/,
      "record",
    );
  });

  it("replay: speed 1, any port, wait for a subscriber by default", () => {
    assert.deepEqual(parseArgs(["replay", "rec.ndjson"]), {
      command: "replay",
      file: "rec.ndjson",
      speed: 1,
      port: 0,
      loop: false,
      wait: true,
      durationMs: undefined,
    });
    const inv = parseArgs([
      "replay",
      "rec.ndjson",
      "--speed",
      "10",
      "--port",
      "9000",
      "--loop",
      "--no-wait",
    ]);
    assert.ok(inv.command === "replay");
    assert.deepEqual([inv.speed, inv.port, inv.loop, inv.wait], [10, 9000, true, false]);
    usage(["replay"], /recording file is missing/, "replay");
    usage(["replay", "a", "b"], /takes no more arguments: current value is "b"/, "replay");
    usage(
      ["replay", "a", "--speed", "0"],
      /--speed must be a number above 0: current value is "0"/,
      "replay",
    );
    usage(
      ["replay", "a", "--port", "70000"],
      /from 0 to 65535: current value is "70000"/,
      "replay",
    );
  });

  it("emulate: port and seed", () => {
    assert.deepEqual(parseArgs(["emulate", "--port", "9000", "--seed", "7"]), {
      command: "emulate",
      port: 9000,
      seed: 7,
      durationMs: undefined,
    });
    usage(["emulate", "extra"], /takes no more arguments/, "emulate");
    usage(["emulate", "--port", "-1"], /current value is "-1"/, "emulate");
  });

  it("markets: --quote upper-cased, --emulator, --details", () => {
    assert.deepEqual(
      parseArgs(["markets", "--quote", "krw", "--emulator", "--details", "--json"]),
      {
        command: "markets",
        quote: "KRW",
        endpoint: { emulator: true },
        json: true,
        details: true,
      },
    );
    usage(["markets", "--quote", "K-RW"], /current value is "K-RW"/, "markets");
    usage(["markets", "--private-url", "ws://x/y"], /has no option --private-url/, "markets");
    // --url names the host whose REST twin answers (the emulator serves both on one port).
    const markets = parseArgs(["markets", "--url", "ws://127.0.0.1:9/websocket/v1"]);
    assert.deepEqual("endpoint" in markets ? markets.endpoint : undefined, {
      emulator: false,
      url: "ws://127.0.0.1:9/websocket/v1",
    });
  });

  it("documents --private-url and --info-url where they apply", () => {
    for (const command of ["watch", "record"] as const) {
      assert.match(
        helpText(command),
        /--private-url <ws-url> +private endpoint \(default: --url \+ \/private\)/,
      );
      assert.match(
        helpText(command),
        /--info-url <ws-url> +indicator endpoint \(default: --url \+ \/info\)/,
      );
    }
    assert.match(helpText("markets"), /--url <ws-url>/);
  });

  it("refuses a half-overridden endpoint set as a usage error, naming the flags", () => {
    usage(
      ["watch", "myAsset", "--private-url", "ws://127.0.0.1:9/websocket/v1/private"],
      /--private-url must be on the scheme and host of the public endpoint.*give --url/,
      "watch",
    );
    usage(
      [
        "watch",
        "myAsset",
        "--url",
        "ws://127.0.0.1:9/websocket/v1",
        "--info-url",
        "wss://api.upbit.com/websocket/v1/info",
      ],
      /--info-url must be on the scheme and host of --url \(ws:\/\/127\.0\.0\.1:9\)/,
      "watch",
    );
    usage(
      ["record", "f", "ticker", "KRW-BTC", "--url", "ws://127.0.0.1:9/ws", "--region", "sg"],
      /--region and --url exclude each other.*current value is "sg"/,
      "record",
    );
  });
});

describe("parseType and parseCodes", () => {
  it("spell types as Upbit does", () => {
    assert.equal(parseType("watch", "ORDERBOOK", false), "orderbook");
    assert.equal(parseType("watch", "Candle.240M", false), "candle.240m");
    assert.equal(parseType("watch", "MYASSET", true), "myAsset");
    assert.throws(() => parseType("snapshot", "myAsset", false), UsageError);
  });

  it("split on commas, drop blanks and duplicates, keep order", () => {
    assert.deepEqual(parseCodes("watch", ["KRW-ETH", "KRW-BTC,,KRW-ETH", " USDT-BTC "]), [
      "KRW-ETH",
      "KRW-BTC",
      "USDT-BTC",
    ]);
    assert.deepEqual(parseCodes("watch", []), []);
    assert.throws(() => parseCodes("watch", ["KRW_BTC"]), /current value is "KRW_BTC"/);
  });

  it("refuses a lower-case code as the library does (Upbit would send nothing for it)", () => {
    assert.throws(
      () => parseArgs(["watch", "ticker", "krw-btc"]),
      (e: unknown) =>
        e instanceof UsageError &&
        e.message ===
          'Cannot run watch as each market code must look like KRW-BTC: current value is "krw-btc" (Upbit codes are upper case: "KRW-BTC")',
    );
  });
});

describe("parseArgs: watch announcement, indicator and indicator_signal", () => {
  const watch = (...argv: string[]) => {
    const inv = parseArgs(["watch", ...argv]);
    if (inv.command !== "watch") throw new Error("expected watch");
    return inv;
  };
  const refused = (argv: string[], message: RegExp) =>
    assert.throws(
      () => parseArgs(["watch", ...argv]),
      (e: Error) => e instanceof UsageError && message.test(e.message),
    );

  it("takes categories and the body for announcements, realtime only", () => {
    const inv = watch("announcement", "--category", "trade,wallet", "--body");
    assert.deepEqual(inv.target, {
      type: "announcement",
      codes: [],
      categories: ["trade", "wallet"],
      includeBody: true,
    });
    assert.equal(inv.stream, "realtime");
    assert.deepEqual(watch("announcement").target.categories, []);
    refused(["announcement", "--category", "trading"], /the value is "trade"/);
    refused(["announcement", "KRW-BTC"], /takes no market codes/);
    refused(["announcement", "--stream", "snapshot"], /no snapshots of announcement/);
  });

  it("builds indicators from --rsi, --macd, … and checks them with the library's rules", () => {
    const inv = watch(
      "indicator",
      "KRW-BTC",
      "--timeframe",
      "15m",
      "--rsi",
      "14",
      "--macd",
      "12,26,9",
      "--bollinger",
      "20,2.5",
      "--crossover",
      "5,20",
      "--ema",
      "200",
      "--volume",
      "20",
    );
    assert.equal(inv.target.timeframe, "15m");
    assert.deepEqual(inv.target.indicators, [
      { type: "volume", params: { period: 20 } },
      { type: "rsi", params: { period: 14 } },
      { type: "moving_average", params: { type: "EMA", period: 200 } },
      { type: "ma_crossover", params: { type: "SMA", shortPeriod: 5, longPeriod: 20 } },
      { type: "bollinger_bands", params: { period: 20, multiplier: 2.5 } },
      { type: "macd", params: { fast: 12, slow: 26, signalPeriod: 9 } },
    ]);
    assert.equal(watch("indicator", "KRW-BTC", "--rsi", "14").target.timeframe, "5m");
    refused(["indicator", "KRW-BTC", "--rsi", "15"], /current value is 15/);
    refused(
      ["indicator", "KRW-BTC", "--macd", "12,26"],
      /current value is 12\/26\/NaN|must be a number/,
    );
    refused(["indicator", "USDT-BTC", "--rsi", "14"], /KRW markets only/);
    refused(["indicator", "KRW-BTC"], /at least one indicator/);
    refused(["indicator", "--rsi", "14"], /at least one KRW market code/);
    refused(
      ["indicator", "KRW-BTC", "--rsi", "14", "--trigger", "oversold"],
      /indicator_signal only/,
    );
    refused(["ticker", "KRW-BTC", "--rsi", "14"], /applies to announcement, indicator/);
  });

  it("takes one condition for a signal, with its trigger and parameter", () => {
    const inv = watch(
      "indicator_signal",
      "KRW-BTC",
      "--rsi",
      "14",
      "--trigger",
      "oversold",
      "--threshold",
      "30",
    );
    assert.deepEqual(inv.target.indicators, [
      { type: "rsi", params: { period: 14 }, trigger: "oversold", eventParams: { threshold: 30 } },
    ]);
    refused([
      "indicator_signal",
      "KRW-BTC",
      "--rsi",
      "2",
      "--trigger",
      "oversold",
      "--threshold",
      "30",
    ], /\(signal\)/);
    refused([
      "indicator_signal",
      "KRW-BTC",
      "--rsi",
      "14",
      "--macd",
      "12,26,9",
      "--trigger",
      "golden_cross",
    ], /one indicator/);
    refused(
      ["indicator_signal", "KRW-BTC", "--volume", "20", "--trigger", "volume_spike"],
      /multiplier must be a number/,
    );
  });
});
