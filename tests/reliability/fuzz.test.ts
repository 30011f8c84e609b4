/**
 * Hostile input, property-based (fast-check): random and mutated frames — truncated JSON, wrong
 * types, huge numbers, deep nesting, unknown types, multi-megabyte frames — into the decoder and,
 * through the emulator's raw `send`, into a live client; and random option objects into the
 * constructor and the subscribe methods. Nothing may throw out of the decoder or the client; every
 * bad frame becomes an error event and the socket and its other subscriptions carry on; bad
 * options fail synchronously with a TypeError or RangeError and put nothing on the wire.
 *
 * A failure prints fast-check's seed and path; replay with `FUZZ_SEED=<seed>`.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { UpbitClient } from "../../mod.ts";
import { createDecoder, type FrameSink } from "../../src/decode/decode.ts";
import type { TickerEvent, UpbitEvent } from "../../src/types.ts";
import { envNumber } from "../_helpers/env.ts";
import { fakeUpbit } from "../_helpers/fake_upbit.ts";
import { trackUnhandled } from "../_helpers/unhandled.ts";
import { pause, waitFor } from "../_helpers/wait.ts";
import { useEmulator } from "../_helpers/emulator.ts";
import {
  allDefaultFrames,
  CANDLE_SIMPLE_LIST_TEXT,
  MY_ASSET_SIMPLE_TEXT,
  MY_ORDER_SIMPLE_TEXT,
  ORDERBOOK_SIMPLE_TEXT,
  TICKER_SIMPLE_TEXT,
  TRADE_JSON_LIST_TEXT,
  TRADE_SIMPLE_TEXT,
} from "../_helpers/frames.ts";

const SEED = envNumber("FUZZ_SEED", Math.floor(Math.random() * 2 ** 31));
const RUNS = envNumber("FUZZ_RUNS", 300);
const params = (numRuns = RUNS) => ({ seed: SEED, numRuns });
console.log(`fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} runs per property`);

// ---------------------------------------------------------------------------------------------
// Frames

/** Valid frames of every type and key style, as text. */
const VALID: readonly string[] = [
  ...allDefaultFrames().map((f) => JSON.stringify(f)),
  TICKER_SIMPLE_TEXT,
  TRADE_SIMPLE_TEXT,
  ORDERBOOK_SIMPLE_TEXT,
  CANDLE_SIMPLE_LIST_TEXT,
  MY_ORDER_SIMPLE_TEXT,
  MY_ASSET_SIMPLE_TEXT,
  TRADE_JSON_LIST_TEXT,
  '{"status":"UP"}',
  '{"error":{"name":"WRONG_FORMAT","message":"bad"}}',
];

const HUGE: readonly unknown[] = [
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER * 1024,
  5e-324,
  -0,
  "9".repeat(400),
  "NaN",
  "Infinity",
  null,
  true,
  [],
  {},
  "",
];

/** A value nested `depth` levels deep in arrays or objects. */
function deep(depth: number, object: boolean): string {
  return object
    ? '{"a":'.repeat(depth) + "1" + "}".repeat(depth)
    : "[".repeat(depth) + "]".repeat(depth);
}

/** Replaces one field (at any depth) of a parsed frame with `value`. */
function replaceField(frame: unknown, pick: number, value: unknown): unknown {
  const slots: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (slots.push({ parent: v, key: i }), walk(x)));
    else if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        slots.push({ parent: v as Record<string, unknown>, key: k });
        walk(x);
      }
    }
  };
  walk(frame);
  const slot = slots[pick % Math.max(1, slots.length)];
  if (slot) (slot.parent as Record<string | number, unknown>)[slot.key] = value;
  return frame;
}

/** Mutations of a valid frame. */
const mutated: fc.Arbitrary<string> = fc.oneof(
  // Truncated anywhere.
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([t, n]) => t.slice(0, n % t.length)),
  // One field gets a value of another type, a huge number or a deep structure.
  fc.tuple(
    fc.constantFrom(...VALID),
    fc.nat(),
    fc.oneof(fc.constantFrom(...HUGE), fc.jsonValue(), fc.string()),
  ).map(([t, n, v]) => JSON.stringify(replaceField(JSON.parse(t), n, v))),
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 1, max: 3000 }), fc.boolean())
    .map(
      ([t, n, depth, object]) =>
        JSON.stringify(replaceField(JSON.parse(t), n, "@@DEEP@@")).replace(
          '"@@DEEP@@"',
          deep(depth, object),
        ),
    ),
  // A field removed.
  fc.tuple(fc.constantFrom(...VALID), fc.nat()).map(([t, n]) => {
    const o = JSON.parse(t) as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length > 0) delete o[keys[n % keys.length]!];
    return JSON.stringify(o);
  }),
  // An unknown type, or a known type with nothing else.
  fc.oneof(
    fc.string(),
    fc.constantFrom("ticker", "trade", "orderbook", "candle.1s", "myOrder", "myAsset"),
  )
    .chain((type) =>
      fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }).map((o) =>
        JSON.stringify({ ...o, [type.length % 2 ? "type" : "ty"]: type })
      )
    ),
  // Bytes flipped.
  fc.tuple(fc.constantFrom(...VALID), fc.nat(), fc.integer({ min: 0, max: 0x10ffff })).map(
    ([t, n, c]) => {
      const i = n % t.length;
      return t.slice(0, i) + String.fromCodePoint(c) + t.slice(i + 1);
    },
  ),
  // Several frames in one list, some bad.
  fc.array(
    fc.oneof(
      fc.constantFrom(...VALID.filter((t) => t.startsWith("{"))),
      fc.jsonValue().map((v) => JSON.stringify(v)),
    ),
    {
      maxLength: 12,
    },
  ).map((items) => `[${items.join(",")}]`),
);

/** Anything at all. */
const garbage: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.constantFrom(deep(50_000, false), deep(50_000, true), "[".repeat(5000), "{".repeat(5000)),
);

/**
 * A sink that counts every call and throws nothing. A validation report about a delivered event
 * (`error.delivered`) is not counted: it must be followed by that event.
 */
function countingSink(): {
  sink: FrameSink;
  calls: () => number;
  events: UpbitEvent[];
  pending: () => boolean;
} {
  let calls = 0;
  let pending = false;
  const events: UpbitEvent[] = [];
  const sink: FrameSink = {
    event(e) {
      calls++;
      pending = false;
      events.push(e);
    },
    status() {
      calls++;
    },
    serverError() {
      calls++;
    },
    subscriptions() {
      calls++;
    },
    invalid(error) {
      assert.equal(error.name, "DecodeError");
      assert.ok(error.message.length < 400, `a long message (${error.message.length} chars)`);
      assert.equal(pending, false, "two reports without an event between them");
      if (error.delivered) pending = true;
      else calls++;
    },
  };
  return { sink, calls: () => calls, events, pending: () => pending };
}

/** How many sink calls a frame must make: one per list item, else one. */
function expectedCalls(text: string): number {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.length : 1;
  } catch {
    return 1;
  }
}

function checkDecode(text: string | Uint8Array, validate: "first" | "always" | "never"): void {
  const decoder = createDecoder({ validate, lossless: validate === "always" });
  const { sink, calls, events, pending } = countingSink();
  decoder.decode(text, sink); // must not throw
  assert.equal(pending(), false, "a report of a delivered event without the event");
  const asText = typeof text === "string" ? text : new TextDecoder().decode(text);
  assert.equal(calls(), expectedCalls(asText), `calls for ${JSON.stringify(asText.slice(0, 80))}`);
  for (const e of events) {
    // Whatever got through has the shape the router relies on. The cheap per-frame checks cover
    // the code and the kind of every field; the closed value sets (stream_type, change, …) only
    // the full schema, which reports a value outside them and delivers the event all the same.
    assert.equal(typeof e.type, "string");
    if (e.type !== "myAsset" && e.type !== "announcement") assert.equal(typeof e.code, "string");
    assert.equal(typeof e.streamType, "string");
  }
}

describe("fuzz: the decoder", () => {
  it("never throws on garbage, and makes one sink call per frame or list item", () => {
    fc.assert(
      fc.property(
        garbage,
        fc.constantFrom("first", "always", "never") as fc.Arbitrary<"first">,
        (t, v) => checkDecode(t, v),
      ),
      params(),
    );
  });

  it("never throws on mutated frames (truncated, wrong types, huge numbers, deep nesting, unknown types)", () => {
    fc.assert(
      fc.property(
        mutated,
        fc.constantFrom("first", "always", "never") as fc.Arbitrary<"first">,
        fc.boolean(),
        (t, v, binary) => checkDecode(binary ? new TextEncoder().encode(t) : t, v),
      ),
      params(RUNS * 3),
    );
  });

  it("decodes multi-megabyte frames without throwing", () => {
    const big = [
      // A 4 MB string in a field.
      JSON.stringify({ ...JSON.parse(VALID[0]!), code: "X".repeat(4 * 1024 * 1024) }),
      // A JSON_LIST of 20,000 trades (about 8 MB).
      `[${
        new Array(20_000).fill(JSON.parse(TRADE_JSON_LIST_TEXT)[0]).map((o) => JSON.stringify(o))
          .join(",")
      }]`,
      // A 2 MB unknown type name.
      JSON.stringify({ type: "y".repeat(2 * 1024 * 1024) }),
      // 3 MB of garbage.
      "{".repeat(3 * 1024 * 1024),
    ];
    for (const text of big) checkDecode(text, "always");
  });
});

// ---------------------------------------------------------------------------------------------
// Through a live client

describe("fuzz: frames through a live client", () => {
  it("turns every bad frame into an error event; the socket and the other subscriptions carry on", async () => {
    const emu = await useEmulator({ market: { tickMs: 0 }, upIntervalMs: 1000 });
    const client = new UpbitClient({
      url: emu.url,
      lingerMs: 0,
      keepalive: { staleAfterMs: 30_000 },
    });
    const unhandled = trackUnhandled();
    const errors: string[] = [];
    client.addEventListener("error", (e) => void errors.push(e.error.code));
    const got: TickerEvent[] = [];
    try {
      client.subscribeTicker(["KRW-BTC"], (e) => void got.push(e));
      client.subscribeTrade(["KRW-ETH"], () => {}, { stream: "realtime" });
      await waitFor(() => got.length === 1, 3000, () => "no snapshot");
      const send = (text: string) =>
        emu.local
          ? Promise.resolve(emu.local.send(text))
          : emu.control("send", { text }).then(() => {});
      // Frames whose outcome is certain: each must become exactly one DECODE error event.
      const certain = fc.sample(
        fc.oneof(
          fc.string({ unit: "binary", maxLength: 200 }).filter((s) => {
            try {
              JSON.parse(s);
              return false;
            } catch {
              return true;
            }
          }),
          fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null)).map((v) =>
            JSON.stringify(v)
          ),
          fc.string({ minLength: 1, maxLength: 30 }).filter((s) =>
            !/^(ticker|trade|orderbook|myOrder|myAsset|candle\..*)$/.test(s)
          )
            .map((type) => JSON.stringify({ type, code: "KRW-BTC" })),
        ),
        { seed: SEED, numRuns: 60 },
      );
      for (const text of certain) {
        const before = errors.filter((c) => c === "DECODE").length;
        await send(text);
        await waitFor(
          () => errors.filter((c) => c === "DECODE").length === before + 1,
          2000,
          () =>
            `no DECODE error for ${JSON.stringify(text.slice(0, 60))} (errors ${
              JSON.stringify(errors.slice(-3))
            })`,
        );
      }
      // Anything else, including multi-megabyte frames: no throw, no reconnect.
      for (const text of fc.sample(fc.oneof(mutated, garbage), { seed: SEED + 1, numRuns: 60 })) {
        await send(text);
      }
      await send(JSON.stringify({ type: "ticker", code: "X".repeat(2 * 1024 * 1024) }));
      await pause(50);
      const before = got.length;
      await emu.trade("KRW-BTC");
      await waitFor(
        () => got.length > before,
        3000,
        () => "the ticker stopped after the bad frames",
      );
      assert.equal(client.metrics().reconnects, 0, "the socket was replaced");
      assert.equal(client.health().status, "healthy");
      assert.ok(errors.filter((c) => c === "DECODE").length >= certain.length);
      const fresh = got.slice(before);
      assert.ok(fresh.every((e) => e.code === "KRW-BTC" && typeof e.tradePrice === "number"));
      await pause(10);
      assert.deepEqual(unhandled.errors, []);
    } finally {
      unhandled.stop();
      await client.close();
      await emu.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Options

/** A fake Upbit whose sockets never open: `sockets.length` counts the attempts. */
function neverOpening() {
  return fakeUpbit({ connect: () => "never" });
}

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.anything(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 1e9, 2 ** 53, "", "x", null, undefined),
);

const OPTION_KEYS = [
  "name",
  "url",
  "privateUrl",
  "region",
  "format",
  "profile",
  "reconnect",
  "keepalive",
  "connectTimeoutMs",
  "requestLimits",
  "lingerMs",
  "bufferSize",
  "overflow",
  "validate",
  "lossless",
  "jwtAlgorithm",
] as const;

const randomOptions: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc.constantFrom(...OPTION_KEYS),
  fc.oneof(
    anyValue,
    fc.dictionary(
      fc.constantFrom(
        "initialDelayMs",
        "maxDelayMs",
        "factor",
        "jitter",
        "maxAttempts",
        "minUptimeMs",
        "pingIntervalMs",
        "staleAfterMs",
      ),
      anyValue,
    ),
    fc.array(fc.dictionary(fc.constantFrom("max", "windowMs"), anyValue), { maxLength: 3 }),
  ),
  { maxKeys: 4 },
);

function isMisuse(e: unknown): boolean {
  return (e instanceof TypeError || e instanceof RangeError) && /^Cannot /.test(e.message);
}

describe("fuzz: options", () => {
  it("random client options: a client, or a TypeError/RangeError thrown synchronously; never a socket", () => {
    const ws = neverOpening();
    fc.assert(
      fc.property(randomOptions, (options) => {
        let client: UpbitClient | undefined;
        try {
          client = new UpbitClient({ ...options, WebSocket: ws.WebSocket } as never);
        } catch (e) {
          assert.ok(isMisuse(e), `not a TypeError/RangeError in std style: ${String(e)}`);
        }
        void client?.close();
        assert.equal(ws.sockets.length, 0, "a socket was opened");
      }),
      params(),
    );
  });

  it("random subscribe arguments: a subscription, or a TypeError/RangeError thrown synchronously with nothing on the wire", async () => {
    const method = fc.constantFrom(
      "ticker",
      "trade",
      "orderbook",
      "candle",
      "subscribeTicker",
      "subscribeTrade",
      "subscribeOrderbook",
      "subscribeCandle",
      "snapshot",
    );
    const codes = fc.oneof(
      anyValue,
      fc.array(
        fc.oneof(fc.constantFrom("KRW-BTC", "krw-btc", "KRW-", "", " KRW-BTC"), fc.string()),
        { maxLength: 4 },
      ),
    );
    const opts = fc.oneof(
      anyValue,
      fc.dictionary(
        fc.constantFrom(
          "stream",
          "signal",
          "bufferSize",
          "overflow",
          "onError",
          "units",
          "level",
          "timeoutMs",
        ),
        anyValue,
        { maxKeys: 4 },
      ),
    );
    const ws = neverOpening();
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(method, codes, opts, anyValue, async (m, c, o, extra) => {
        const client = new UpbitClient({
          url: "ws://127.0.0.1:9/websocket/v1",
          WebSocket: ws.WebSocket,
          lingerMs: 0,
        });
        const before = ws.sockets.length;
        const call = client[m] as (...args: unknown[]) => unknown;
        const args = m === "candle" || m === "subscribeCandle"
          ? [extra, c, ...(m === "subscribeCandle" ? [() => {}] : []), o]
          : m === "snapshot"
          ? [extra, c, o]
          : m.startsWith("subscribe")
          ? [c, () => {}, o]
          : [c, o];
        let result: unknown;
        let threw: unknown;
        try {
          result = call.apply(client, args);
        } catch (e) {
          threw = e;
        }
        if (threw !== undefined) {
          assert.ok(
            isMisuse(threw),
            `${m}: not a TypeError/RangeError in std style: ${String(threw)}`,
          );
          await pause(0);
          assert.equal(ws.sockets.length, before, `${m} threw but opened a socket`);
          assert.equal(client.health().subscriptions, 0);
        } else {
          accepted++;
          if (result instanceof Promise) {
            // snapshot(): a misuse must reject at once, before anything connects.
            const outcome = await Promise.race([
              result.then(() => "resolved", (e: unknown) => e),
              pause(0).then(() => "pending"),
            ]);
            if (outcome !== "pending" && outcome !== "resolved") {
              assert.ok(
                isMisuse(outcome) || (outcome as Error)?.name === "ConnectionClosedError",
                `${m}: ${String(outcome)}`,
              );
            }
          }
        }
        await client.close();
        if (result instanceof Promise) await result.catch(() => {});
      }),
      params(),
    );
    assert.ok(accepted > 0, "no random call was valid: the generator is too narrow");
  });

  it("snapshot() refuses null options with a std-style TypeError (found by this fuzzer)", async () => {
    const client = new UpbitClient({ url: "ws://127.0.0.1:9/websocket/v1", lingerMs: 0 });
    try {
      await assert.rejects(client.snapshot("ticker", ["KRW-BTC"], null as never), {
        name: "TypeError",
        message: /^Cannot take a snapshot as options must be an object: current value is/,
      });
    } finally {
      await client.close();
    }
  });
});
