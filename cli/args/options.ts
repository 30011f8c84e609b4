/**
 * The options each command accepts, by long name, and whether each takes a value.
 *
 * @module
 */
import type { CommandName } from "./invocation.ts";

type Kind = "flag" | "value";

/** The options each command accepts, by long name (without `--`). */
export const OPTIONS: Readonly<Record<CommandName, Readonly<Record<string, Kind>>>> = Object.freeze(
  {
    watch: {
      emulator: "flag",
      url: "value",
      "private-url": "value",
      "info-url": "value",
      region: "value",
      format: "value",
      units: "value",
      level: "value",
      stream: "value",
      json: "flag",
      color: "flag",
      "no-color": "flag",
      duration: "value",
      category: "value",
      body: "flag",
      timeframe: "value",
      volume: "value",
      rsi: "value",
      sma: "value",
      ema: "value",
      crossover: "value",
      bollinger: "value",
      macd: "value",
      trigger: "value",
      threshold: "value",
      multiplier: "value",
    },
    snapshot: {
      emulator: "flag",
      url: "value",
      region: "value",
      format: "value",
      units: "value",
      level: "value",
      timeout: "value",
      pretty: "flag",
    },
    record: {
      emulator: "flag",
      url: "value",
      "private-url": "value",
      "info-url": "value",
      region: "value",
      format: "value",
      units: "value",
      level: "value",
      stream: "value",
      duration: "value",
      frames: "value",
    },
    replay: { speed: "value", port: "value", loop: "flag", "no-wait": "flag", duration: "value" },
    emulate: { port: "value", seed: "value", duration: "value" },
    markets: {
      emulator: "flag",
      url: "value",
      quote: "value",
      region: "value",
      json: "flag",
      details: "flag",
    },
    relay: {
      nats: "value",
      emulator: "flag",
      url: "value",
      "private-url": "value",
      region: "value",
      format: "value",
      quote: "value",
      prefix: "value",
      ack: "value",
      "lease-ttl": "value",
      "no-lease": "flag",
      stats: "value",
      "my-order-subject": "value",
      "my-asset-subject": "value",
      duration: "value",
    },
    dashboard: {
      nats: "value",
      emulator: "flag",
      url: "value",
      "private-url": "value",
      region: "value",
      format: "value",
      private: "flag",
      port: "value",
      units: "value",
      duration: "value",
    },
  },
);

/** The codes `dashboard` shows when none are given. */
export const DASHBOARD_CODES: readonly string[] = Object.freeze(["KRW-BTC", "KRW-ETH"]);
