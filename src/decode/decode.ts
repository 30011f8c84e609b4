/**
 * The frame decoder: Upbit's frame bytes (or text) in, typed events out, for all four wire
 * formats. One frame may hold several events (`JSON_LIST`, `SIMPLE_LIST`); each goes to the sink
 * in order. Nothing a server sends makes `decode` throw: every undecodable frame, or list item,
 * becomes one {@linkcode DecodeError} handed to `sink.invalid`, and the next frame decodes as
 * usual.
 *
 * The hot path is `TextDecoder` + `JSON.parse` + one explicit mapper per type and key style +
 * `typeof` checks of every field, plus, for trades, one `indexOf` that reads the exact digits of
 * `sequential_id` out of the text (the ids exceed 2^53, where `JSON.parse` rounds). This file
 * only dispatches: it finds the frame's data type in the lookup table (`codecs.ts`), and each
 * type's file (`ticker.ts`, `trade.ts`, …) holds its wire shapes, mappers, check and schema;
 * frames without a type (errors, status, LIST_SUBSCRIPTIONS replies) go to `control.ts`. A frame is
 * dropped only when it cannot be the event at all: no type, no code, a field of an impossible
 * kind (a price that is a string). Fields that real Upbit frames have been seen without, or with
 * `null`, are nullable in the event types and never drop a frame; unknown extra fields are
 * ignored. The full valibot schema (the documented shape, with its closed value sets) runs on the
 * first frame of each type and key style (`validate: "first"`), on every frame until one fails
 * (`"always"`), or never; a frame that fails it is reported once per type and key style
 * (`DecodeError.delivered` true) and delivered all the same.
 *
 * The file is longer than 250 lines because the dispatcher is one closure over the decoder's
 * state (the validated pairs, the frame being decoded), which keeps the hot path in one place.
 *
 * @module
 */
import { DecodeError } from "../errors.ts";
import type { DataCodec, FrameText } from "./codec.ts";
import { CODECS } from "./codecs.ts";
import { decodeControl } from "./control.ts";
import { quote } from "../args.ts";
import { explainFrame, jsonType } from "./explain.ts";
import type { FrameSink } from "./sink.ts";

export type { FrameSink, ListedSubscription } from "./sink.ts";

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
  // The frame being decoded, reused for every frame: what the codecs read besides the item.
  const frame: FrameText = {
    text: "",
    list: false,
    item: -1,
    idFrom: 0,
    idLiterals: undefined,
    assetLiterals: undefined,
  };

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
    const codec: DataCodec | undefined = CODECS.get(type);
    if (codec === undefined) {
      sink.invalid(
        new DecodeError(`Cannot decode ${subject(type, index)} as its type is not supported`, {
          frameType: type.length > 40 ? type.slice(0, 40) : type,
        }),
      );
      return;
    }
    // Set for each item, so that a sink that decodes another frame meanwhile changes nothing here.
    frame.text = text;
    frame.list = index >= 0;
    frame.item = index;
    const result = codec.decode(o, simple, type, frame);
    const schemas = codec.schemas;
    if (typeof result !== "object") {
      // It cannot be the event. The codec says why, or the schema does (it is stricter, so it
      // fails too).
      const reason = result ??
        (schemas === undefined ? undefined : explainFrame(schemas, simple, o)) ??
        "it does not match its schema";
      sink.invalid(
        new DecodeError(`Cannot decode ${subject(type, index)} as ${reason}`, {
          frameType: type,
        }),
      );
      return;
    }
    if (!never && schemas !== undefined) {
      const done = simple ? doneSimple : doneDefault;
      if (!done.has(type)) {
        const reason = explainFrame(schemas, simple, o);
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
    if (lossless && codec.exact !== undefined && !codec.exact(result, frame)) {
      sink.invalid(
        new DecodeError(
          `Cannot decode ${subject(type, index)} as its amounts cannot be read losslessly`,
          { frameType: type },
        ),
      );
      return;
    }
    sink.event(result);
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
      frame.idFrom = 0;
      frame.idLiterals = undefined;
      frame.assetLiterals = undefined;
      if (Array.isArray(parsed)) {
        for (let i = 0; i < parsed.length; i++) decodeItem(parsed[i], i, text, sink);
      } else {
        decodeItem(parsed, -1, text, sink);
      }
      // Nothing of this frame is kept until the next one.
      frame.text = "";
      frame.idLiterals = undefined;
      frame.assetLiterals = undefined;
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
