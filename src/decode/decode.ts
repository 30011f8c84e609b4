/**
 * The frame decoder: Upbit's frame bytes (or text) in, typed events out, for all four wire
 * formats. One frame may hold several events (`JSON_LIST`, `SIMPLE_LIST`); each goes to the sink
 * in order. Nothing a server sends makes `decode` throw: every undecodable frame, or list item,
 * becomes one {@linkcode DecodeError} handed to `sink.invalid`, and the next frame decodes as
 * usual.
 *
 * The hot path is `TextDecoder` + `JSON.parse` + one explicit mapper per type and key style +
 * `typeof` checks of every field, plus, for trades, one `indexOf` that reads the exact digits of
 * `sequential_id` out of the text (the ids exceed 2^53, where `JSON.parse` rounds). A frame is
 * dropped only when it cannot be the event at all: no type, no code, a field of an impossible
 * kind (a price that is a string). Fields that real Upbit frames have been seen without, or with
 * `null`, are nullable in the event types and never drop a frame; unknown extra fields are
 * ignored. The full valibot schema (the documented shape, with its closed value sets) runs on the
 * first frame of each type and key style (`validate: "first"`), on every frame until one fails
 * (`"always"`), or never; a frame that fails it is reported once per type and key style
 * (`DecodeError.delivered` true) and delivered all the same.
 *
 * @module
 */
import { DecodeError } from "../errors.ts";
import type { KeyedType } from "../protocol/simple_keys.ts";
import { explainFrame, jsonType } from "./schemas.ts";
import { quote } from "../args.ts";
import { decodeControl } from "./control.ts";
import {
  applyAssetLiterals,
  type AssetLiterals,
  findIdLiteral,
  idLiteralStart,
  scanAssetLiterals,
  scanIdLiterals,
} from "./lossless.ts";
import {
  candleDefault,
  candleOk,
  candleSimple,
  orderbookDefault,
  orderbookOk,
  orderbookSimple,
  tickerDefault,
  tickerOk,
  tickerSimple,
  tradeDefault,
  tradeOk,
  tradeSimple,
} from "./market.ts";
import {
  myAssetDefault,
  myAssetOk,
  myAssetSimple,
  myOrderDefault,
  myOrderOk,
  myOrderSimple,
} from "./private.ts";
import type {
  CandleSimpleWire,
  CandleWire,
  MyAssetSimpleWire,
  MyAssetWire,
  MyOrderSimpleWire,
  MyOrderWire,
  OrderbookSimpleWire,
  OrderbookWire,
  TickerSimpleWire,
  TickerWire,
  TradeSimpleWire,
  TradeWire,
} from "./wire_shapes.ts";
import type { UpbitEvent } from "../types.ts";
import { decodeAnnouncement } from "./announcement.ts";
import { decodeIndicator } from "./indicator.ts";

/**
 * One entry of a LIST_SUBSCRIPTIONS reply: what Upbit says this connection is subscribed to.
 *
 * @example One listed subscription
 * ```ts
 * import type { ListedSubscription } from "upbit-ws";
 * const s: ListedSubscription = { type: "orderbook", codes: ["KRW-BTC"], level: 0 };
 * ```
 */
export interface ListedSubscription {
  /** The data type, e.g. `"ticker"` or `"candle.1m"`. */
  type: string;
  /** The codes (absent for myAsset). */
  codes?: string[];
  /** The orderbook grouping unit (orderbook only). */
  level?: number;
  /** `/info` only: the timeframe (`timeframe`). */
  timeframe?: string;
  /**
   * `/info` only: the registered `indicators` entries (`type`, `params`, and for signals
   * `trigger`, `event_params`), as Upbit sent them: their SIMPLE spellings are undocumented.
   */
  indicators?: unknown[];
}

/**
 * Where {@linkcode Decoder.decode} sends what it finds in a frame. Each call of `decode` makes
 * zero or more calls here, synchronously and in frame order.
 *
 * @example Collect events and errors
 * ```ts
 * import { createDecoder, type FrameSink } from "./decode.ts";
 * import type { UpbitEvent } from "../types.ts";
 * const events: UpbitEvent[] = [];
 * const sink: FrameSink = {
 *   event: (e) => events.push(e),
 *   status: () => {},
 *   serverError: (name, message) => console.error(name, message),
 *   subscriptions: (list) => console.log(list),
 *   invalid: (error) => console.warn(error.message),
 * };
 * createDecoder().decode('{"status":"UP"}', sink);
 * ```
 */
export interface FrameSink {
  /** Each decoded data event, in order (every item of a list frame). */
  event(e: UpbitEvent): void;
  /** A `{"status":"UP"}` frame (the answer to a text `PING`). */
  status(status: string): void;
  /** An `{"error":{"name","message"}}` frame; Upbit closes the connection after it. */
  serverError(name: string, message: string): void;
  /** A LIST_SUBSCRIPTIONS reply, in DEFAULT or SIMPLE keys; `ticket` as a string when sent. */
  subscriptions(list: ListedSubscription[], ticket: string | undefined): void;
  /**
   * Anything undecodable: one error per bad frame, or per bad item of a list frame
   * (`error.delivered` false). Also a `validate` finding, once per type and key style, about a
   * frame whose event was delivered all the same (`error.delivered` true).
   */
  invalid(error: DecodeError): void;
}

/**
 * Options of {@linkcode createDecoder}.
 *
 * @example Strict, lossless decoding
 * ```ts
 * import { createDecoder, type DecoderOptions } from "./decode.ts";
 * const options: DecoderOptions = { validate: "always", lossless: true };
 * const decoder = createDecoder(options);
 * ```
 */
export interface DecoderOptions {
  /**
   * When to run the full valibot schema on a data frame: on the first frame of each type and key
   * style (DEFAULT or SIMPLE) this decoder sees (`"first"`, the default), on every frame until
   * one fails (`"always"`), or never. A frame that fails it is reported to `sink.invalid` once
   * per type and key style, as a {@linkcode DecodeError} with `delivered: true`, and its event
   * is delivered all the same: validation reports a drift from Upbit's documented shape, it never
   * loses a frame. The cheap per-frame checks, which drop a frame that cannot be the event at
   * all, run in every mode.
   */
  validate?: "first" | "always" | "never";
  /**
   * Deliver myAsset `balance` and `locked` as decimal strings with exactly the digits Upbit
   * sent (e.g. `"1386929.37231066771348207123"`), read from the frame's text. Default `false`:
   * numbers, rounded to a double. Other types are unaffected and pay nothing.
   */
  lossless?: boolean;
}

/**
 * A frame decoder. It keeps a `TextDecoder` and the set of (type, key style) pairs it has
 * validated; use one per connection or per client.
 *
 * @example Decode a binary frame
 * ```ts
 * import { createDecoder, type Decoder, type FrameSink } from "./decode.ts";
 * declare const sink: FrameSink;
 * const decoder: Decoder = createDecoder();
 * decoder.decode(new TextEncoder().encode('{"status":"UP"}'), sink);
 * ```
 */
export interface Decoder {
  /**
   * Decodes one WebSocket message: UTF-8 JSON bytes (`ArrayBuffer`, `Uint8Array` or any view)
   * or a text string. Never throws for any input; what the sink throws propagates.
   */
  decode(data: string | ArrayBuffer | ArrayBufferView, sink: FrameSink): void;
}

const VALIDATE_MODES: readonly string[] = ["first", "always", "never"];
const DIGITS = /^\d+$/;

/**
 * Creates a frame decoder.
 *
 * @param options validation mode and lossless balances
 * @returns a decoder that owns its own `TextDecoder` and validation state
 * @throws {RangeError} when `options.validate` is not `"first"`, `"always"` or `"never"`
 * @throws {TypeError} when `options.lossless` is not a boolean
 *
 * @example Decode a binary ticker frame
 * ```ts
 * import { createDecoder } from "./decode.ts";
 * const decoder = createDecoder({ validate: "first" });
 * const bytes = new TextEncoder().encode('[{"status":"UP"}]');
 * decoder.decode(bytes, {
 *   event: (e) => console.log(e.type),
 *   status: (s) => console.log(s), // "UP"
 *   serverError: () => {},
 *   subscriptions: () => {},
 *   invalid: (err) => console.warn(err.message),
 * });
 * ```
 */
export function createDecoder(options: DecoderOptions = {}): Decoder {
  const validate = options.validate ?? "first";
  if (!VALIDATE_MODES.includes(validate)) {
    throw new RangeError(
      `Cannot create a decoder as option "validate" must be "first", "always" or "never": current value is ${
        quote(String(validate), 40)
      }`,
    );
  }
  const lossless = options.lossless ?? false;
  if (typeof lossless !== "boolean") {
    throw new TypeError(
      `Cannot create a decoder as option "lossless" must be a boolean: current type is "${
        jsonType(lossless)
      }"`,
    );
  }
  // Not `fatal`: that doubles the cost of decoding on Deno (+0.5 µs per ticker, +1.6 µs per
  // book). A malformed byte becomes U+FFFD; outside a string it makes the JSON invalid.
  const utf8 = new TextDecoder("utf-8");
  const always = validate === "always";
  const never = validate === "never";
  // (type, key style) pairs whose schema check is spent: after the first frame in "first",
  // after the first failure in "always".
  const doneDefault = new Set<string>();
  const doneSimple = new Set<string>();
  let literals: (AssetLiterals[] | undefined)[] | undefined; // one scan per frame, lossless only
  let idFrom = 0; // where the next trade id of this frame is looked for
  let idLiterals: (string | undefined)[] | undefined; // the thorough id scan, when needed

  /** The exact digits of a trade's id, or `undefined` when it has none of a possible kind. */
  function exactId(
    value: unknown,
    simple: boolean,
    index: number,
    text: string,
  ): string | undefined {
    if (typeof value !== "number") {
      // Not Upbit's form, but exact: a relay that kept the id as a digit string.
      return typeof value === "string" && DIGITS.test(value) ? value : undefined;
    }
    if (!Number.isInteger(value) || value < 0) return undefined;
    const end = findIdLiteral(text, simple, idFrom, value);
    if (end >= 0) {
      idFrom = end;
      return text.slice(idLiteralStart(text, end), end); // plain digits
    } else {
      idLiterals ??= scanIdLiterals(text, index >= 0);
      const literal = idLiterals[index < 0 ? 0 : index];
      if (literal !== undefined && DIGITS.test(literal) && Number(literal) === value) {
        return literal;
      }
    }
    // A literal in another spelling (`1.7E16`): exact only below 2^53. Upbit sends plain digits.
    return BigInt(value).toString();
  }

  function decodeItem(raw: unknown, index: number, text: string, sink: FrameSink): void {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      const where = index < 0 ? "a frame" : `frame item ${index}`;
      sink.invalid(
        new DecodeError(
          `Cannot decode ${where} as it must be a JSON object: current type is "${jsonType(raw)}"`,
        ),
      );
      return;
    }
    const o = raw as Record<string, unknown>;
    let type = o.type;
    let simple = false;
    if (type === undefined) {
      type = o.ty;
      simple = true;
      if (type === undefined) {
        const message = decodeControl(o, sink);
        if (message !== undefined) sink.invalid(new DecodeError(message));
        return;
      }
    }
    if (typeof type !== "string") {
      const where = index < 0 ? "a frame" : `frame item ${index}`;
      sink.invalid(
        new DecodeError(
          `Cannot decode ${where} as field "${
            simple ? "ty" : "type"
          }" must be a string: current type is "${jsonType(type)}"`,
        ),
      );
      return;
    }
    if (type === "announcement" || type === "indicator" || type === "indicator_signal") {
      // Rare frames (a notice, a candle close): one full check each, no schema pass.
      const result = type === "announcement"
        ? decodeAnnouncement(o, simple)
        : decodeIndicator(o, simple, type);
      if (typeof result === "string") {
        sink.invalid(
          new DecodeError(`Cannot decode ${subject(type, index)} as ${result}`, {
            frameType: type,
          }),
        );
      } else {
        sink.event(result);
      }
      return;
    }
    let kind: KeyedType;
    let event: UpbitEvent | undefined;
    let ok: boolean;
    switch (type) {
      case "ticker":
        kind = "ticker";
        event = simple ? tickerSimple(raw as TickerSimpleWire) : tickerDefault(raw as TickerWire);
        ok = tickerOk(event);
        break;
      case "trade": {
        kind = "trade";
        const id = exactId(simple ? o.sid : o.sequential_id, simple, index, text);
        if (id === undefined) {
          event = undefined;
          ok = false;
          break;
        }
        event = simple
          ? tradeSimple(raw as TradeSimpleWire, id)
          : tradeDefault(raw as TradeWire, id);
        ok = tradeOk(event);
        break;
      }
      case "orderbook":
        kind = "orderbook";
        event = simple
          ? orderbookSimple(raw as OrderbookSimpleWire)
          : orderbookDefault(raw as OrderbookWire);
        ok = event !== undefined && orderbookOk(event);
        break;
      case "candle.1s":
      case "candle.1m":
      case "candle.3m":
      case "candle.5m":
      case "candle.10m":
      case "candle.15m":
      case "candle.30m":
      case "candle.60m":
      case "candle.240m":
        kind = "candle";
        event = simple ? candleSimple(raw as CandleSimpleWire) : candleDefault(raw as CandleWire);
        ok = candleOk(event);
        break;
      case "myOrder":
        kind = "myOrder";
        event = simple
          ? myOrderSimple(raw as MyOrderSimpleWire)
          : myOrderDefault(raw as MyOrderWire);
        ok = myOrderOk(event);
        break;
      case "myAsset":
        kind = "myAsset";
        event = simple
          ? myAssetSimple(raw as MyAssetSimpleWire)
          : myAssetDefault(raw as MyAssetWire);
        ok = event !== undefined && myAssetOk(event);
        break;
      default:
        sink.invalid(
          new DecodeError(`Cannot decode ${subject(type, index)} as its type is not supported`, {
            frameType: type.length > 40 ? type.slice(0, 40) : type,
          }),
        );
        return;
    }
    if (!ok || event === undefined) {
      // It cannot be the event; the schema says which field (it is stricter, so it fails too).
      const reason = explainFrame(kind, simple, o) ?? "it does not match its schema";
      sink.invalid(
        new DecodeError(`Cannot decode ${subject(type, index)} as ${reason}`, {
          frameType: type,
        }),
      );
      return;
    }
    if (!never) {
      const done = simple ? doneSimple : doneDefault;
      if (!done.has(type)) {
        const reason = explainFrame(kind, simple, o);
        if (reason !== undefined || !always) done.add(type);
        if (reason !== undefined) {
          // A drift from the documented shape, not a loss: report it once, deliver the event.
          sink.invalid(
            new DecodeError(
              `Delivered the ${subject(type, index)} although ${reason} (Upbit's documented shape)`,
              { frameType: type, delivered: true },
            ),
          );
        }
      }
    }
    if (lossless && event.type === "myAsset") {
      literals ??= scanAssetLiterals(text, index >= 0);
      if (!applyAssetLiterals(event, literals[index < 0 ? 0 : index])) {
        sink.invalid(
          new DecodeError(
            `Cannot decode ${subject(type, index)} as its amounts cannot be read losslessly`,
            { frameType: type },
          ),
        );
        return;
      }
    }
    sink.event(event);
  }

  return {
    decode(data: string | ArrayBuffer | ArrayBufferView, sink: FrameSink): void {
      let text: string;
      if (typeof data === "string") {
        text = data;
      } else if (typeof data !== "object" || data === null) {
        sink.invalid(new DecodeError(notBytes(data)));
        return;
      } else {
        try {
          text = utf8.decode(data);
        } catch {
          // Not a buffer, or one the runtime refuses to read (detached, shared).
          const binary = data instanceof ArrayBuffer || ArrayBuffer.isView(data);
          sink.invalid(
            new DecodeError(
              binary ? "Cannot decode a frame as its bytes cannot be read" : notBytes(data),
            ),
          );
          return;
        }
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        // The SyntaxError quotes the text, so it is not kept as the cause.
        sink.invalid(
          new DecodeError(
            `Cannot decode a frame as it is not valid JSON (length ${text.length})`,
          ),
        );
        return;
      }
      literals = undefined;
      idLiterals = undefined;
      idFrom = 0;
      if (Array.isArray(parsed)) {
        for (let i = 0; i < parsed.length; i++) decodeItem(parsed[i], i, text, sink);
      } else {
        decodeItem(parsed, -1, text, sink);
      }
      literals = undefined;
      idLiterals = undefined;
    },
  };
}

function subject(type: string, index: number): string {
  return index < 0 ? `${quote(type, 40)} frame` : `${quote(type, 40)} frame item ${index}`;
}

function notBytes(data: unknown): string {
  return `Cannot decode a frame as it must be a string, an ArrayBuffer or an ArrayBufferView: current type is "${
    jsonType(data)
  }"`;
}
