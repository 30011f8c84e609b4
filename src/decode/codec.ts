/**
 * What each data type file gives the dispatcher (`decode.ts`): a {@linkcode DataCodec}, the one
 * entry of the lookup table (`codecs.ts`) under its wire type. The dispatcher parses a frame,
 * finds the codec by the frame's `type` (or `ty`), and leaves the rest to it: map the frame in its
 * key style, check the result, and say why when it cannot be the event. The per-frame state that
 * some types need (the exact digits of trade ids, lossless myAsset amounts) travels in one
 * {@linkcode FrameText} per decoder, so no codec keeps state and no event costs a closure.
 *
 * @module
 */
import type { UpbitEvent } from "../types.ts";
import type { AssetLiterals } from "./literals.ts";
import type { SchemaPair } from "./fields.ts";

/**
 * The frame being decoded, shared by the items of one list frame. One per decoder, reset by the
 * dispatcher for every frame.
 *
 * @example What a codec reads
 * ```ts
 * import type { FrameText } from "./codec.ts";
 * const where = (f: FrameText) => (f.item < 0 ? "the frame" : `item ${f.item}`);
 * ```
 */
export interface FrameText {
  /** The frame's JSON text. */
  text: string;
  /** Whether the frame is a JSON array of items (`JSON_LIST`, `SIMPLE_LIST`). */
  list: boolean;
  /** The index of the item being decoded in a list frame, -1 for a single object. */
  item: number;
  /** Where the next trade id is looked for: past the previous item's id. */
  idFrom: number;
  /** Every item's trade id literal, from the thorough scan, once one was needed. */
  idLiterals: (string | undefined)[] | undefined;
  /** Every item's myAsset amount literals, scanned once per frame in lossless mode. */
  assetLiterals: (AssetLiterals[] | undefined)[] | undefined;
}

/**
 * One data type as the dispatcher sees it.
 *
 * @example A codec for a made-up type
 * ```ts
 * import type { DataCodec } from "./codec.ts";
 * const none: DataCodec = {
 *   schemas: undefined,
 *   decode: () => "its type is not supported",
 *   exact: undefined,
 * };
 * ```
 */
export interface DataCodec {
  /**
   * The documented shape in DEFAULT and SIMPLE keys, which `validate` runs and which explains a
   * frame `decode` refused; `undefined` for the rare types whose `decode` checks everything
   * itself (announcement, indicator) and explains its own refusals.
   */
  readonly schemas: SchemaPair | undefined;
  /**
   * Maps a parsed frame in either key style and checks the event.
   *
   * @param o the parsed frame (an object with a string `type` or `ty`)
   * @param simple whether its keys are SIMPLE
   * @param type the frame's type
   * @param frame the frame being decoded
   * @returns the event; or a reason it cannot be one, worded to follow "Cannot decode … as";
   *   or `undefined` when it cannot be one and {@linkcode DataCodec.schemas} says why
   */
  decode(
    o: Record<string, unknown>,
    simple: boolean,
    type: string,
    frame: FrameText,
  ): UpbitEvent | string | undefined;
  /**
   * Lossless mode only: replaces the rounded numbers of a delivered event with the exact digits
   * of its frame; `false` when they cannot be read. `undefined` for types without such numbers.
   */
  readonly exact: ((event: UpbitEvent, frame: FrameText) => boolean) | undefined;
}
