/** `upbit-ws relay`: argument parsing (pure; every runtime). The relay itself: tests/nats/nats.test.ts. */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseArgs } from "../../cli/args/parse.ts";
import { UsageError } from "../../cli/args/invocation.ts";
import { helpText } from "../../cli/help.ts";

function usage(argv: string[], message: RegExp): void {
  assert.throws(() => parseArgs(argv), (e: unknown) => {
    assert.ok(e instanceof UsageError, `expected a UsageError, got ${String(e)}`);
    assert.match(e.message, message);
    assert.equal(e.command, "relay");
    return true;
  });
}

describe("upbit-ws relay: arguments", () => {
  it("reads the NATS URL, types, codes and --quote; defaults to ticker, trade, orderbook", () => {
    const inv = parseArgs([
      "relay",
      "--nats",
      "nats://127.0.0.1:4222",
      "ticker",
      "candle.1m",
      "KRW-BTC",
      "KRW-ETH",
    ]);
    assert.equal(inv.command, "relay");
    if (inv.command !== "relay") return;
    assert.equal(inv.nats, "nats://127.0.0.1:4222");
    assert.deepEqual(inv.types, ["ticker", "candle.1m"]);
    assert.deepEqual(inv.codes, ["KRW-BTC", "KRW-ETH"]);
    assert.equal(inv.ack, "pipelined");
    assert.equal(inv.leaseTtlMs, 3000);
    assert.equal(inv.prefix, "upbit");
    const q = parseArgs(["relay", "--nats", "ws://127.0.0.1:8080", "--quote", "krw", "--no-lease"]);
    if (q.command !== "relay") throw new Error("not relay");
    assert.deepEqual(q.types, ["ticker", "trade", "orderbook"]);
    assert.deepEqual(q.codes, []);
    assert.equal(q.quote, "KRW");
    assert.equal(q.leaseTtlMs, 0);
    const quiet = parseArgs(["relay", "--nats", "ws://127.0.0.1:8080", "--stats", "0"]);
    if (quiet.command !== "relay") throw new Error("not relay");
    assert.equal(quiet.statsMs, 0);
  });

  it("refuses a missing or odd --nats, a bad type, prefix, ack, lease or private subject", () => {
    usage(["relay", "ticker"], /--nats must be a nats:\/\/.*current value is ""/);
    usage(["relay", "--nats", "http://x"], /current value is "http:\/\/x"/);
    usage(["relay", "--nats", "nats://h:1", "tickr"], /current value is "tickr"/);
    usage(["relay", "--nats", "nats://h:1", "myOrder"], /current value is "myOrder"/);
    usage(["relay", "--nats", "nats://h:1", "--prefix", "a.*"], /current value is "a\.\*"/);
    usage(["relay", "--nats", "nats://h:1", "--ack", "maybe"], /"maybe"/);
    usage(["relay", "--nats", "nats://h:1", "--lease-ttl", "0.1"], /"0\.1"/);
    usage(
      ["relay", "--nats", "nats://h:1", "--my-order-subject", "orders.>"],
      /current value is "orders\.>"/,
    );
  });

  it("has help that names the command, its options and an example", () => {
    const text = helpText("relay");
    for (const s of ["--nats", "--quote", "--lease-ttl", "--ack", "upbit-ws relay --nats"]) {
      assert.ok(text.includes(s), s);
    }
    assert.ok(helpText(undefined).includes("relay --nats"));
  });
});
