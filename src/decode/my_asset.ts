/**
 * The `myAsset` data type (private endpoint): its wire shapes in DEFAULT and SIMPLE keys (the
 * assets are a nested list with their own abbreviations), the two mappers, the per-frame check,
 * its schema, and the lossless reading of its amounts: they carry more digits than a double holds
 * (`1386929.37231066771348207123`), and with the `lossless` option the event gets them as decimal
 * strings read from the frame's text. The file is longer than 250 lines because of that reading
 * (about 90 lines), which concerns this type alone.
 *
 * @module
 */
import * as v from "valibot";
import { SIMPLE_KEYS } from "../protocol/simple_keys.ts";
import type { MyAssetBalance, MyAssetEvent, StreamType, UpbitEvent } from "../types.ts";
import type { DataCodec, FrameText } from "./codec.ts";
import { abbreviate, type Abbreviated, num, type SchemaPair, str, streamType } from "./fields.ts";
import { type AssetLiterals, walkLiterals } from "./literals.ts";

/**
 * One DEFAULT `assets` entry.
 *
 * @example Read one balance
 * ```ts
 * import type { AssetWire } from "./my_asset.ts";
 * const total = (a: AssetWire) => a.balance + a.locked;
 * ```
 */
export interface AssetWire {
  currency: string;
  balance: number;
  locked: number;
}

/**
 * A DEFAULT `myAsset` frame.
 *
 * @example Read a DEFAULT frame
 * ```ts
 * import type { MyAssetWire } from "./my_asset.ts";
 * const currencies = (o: MyAssetWire) => o.assets.map((a) => a.currency);
 * ```
 */
export interface MyAssetWire {
  type: "myAsset";
  asset_uuid: string;
  assets: AssetWire[];
  asset_timestamp: number;
  timestamp: number;
  stream_type: StreamType;
}

/**
 * A SIMPLE `myAsset` frame: {@linkcode MyAssetWire} under the official abbreviations, its assets
 * too.
 *
 * @example Read a SIMPLE frame
 * ```ts
 * import type { MyAssetSimpleWire } from "./my_asset.ts";
 * const currencies = (o: MyAssetSimpleWire) => o.ast.map((a) => a.cu);
 * ```
 */
export type MyAssetSimpleWire =
  & Omit<Abbreviated<MyAssetWire, typeof SIMPLE_KEYS.myAsset>, "ast">
  & { ast: Abbreviated<AssetWire, typeof SIMPLE_KEYS.assets>[] };

/**
 * Maps a DEFAULT myAsset frame, or returns `undefined` when `assets` is not a list of objects
 * with a string currency and numeric amounts.
 *
 * @param o the parsed frame
 * @returns the event with its assets checked (see {@linkcode myAssetOk} for the rest)
 *
 * @example Map a DEFAULT frame
 * ```ts
 * import { myAssetDefault } from "./my_asset.ts";
 * declare const frame: Parameters<typeof myAssetDefault>[0];
 * console.log(myAssetDefault(frame)?.assets.length);
 * ```
 */
export function myAssetDefault(o: MyAssetWire): MyAssetEvent | undefined {
  const raw: unknown = o.assets;
  if (!Array.isArray(raw)) return undefined;
  const assets: MyAssetBalance[] = [];
  for (const a of raw as (AssetWire | null)[]) {
    if (typeof a !== "object" || a === null) return undefined;
    const asset = { currency: a.currency, balance: a.balance, locked: a.locked };
    if (!assetOk(asset)) return undefined;
    assets.push(asset);
  }
  return {
    type: "myAsset",
    assetUuid: o.asset_uuid,
    assets,
    assetTimestamp: o.asset_timestamp,
    timestamp: o.timestamp,
    streamType: o.stream_type,
  };
}

/**
 * Maps a SIMPLE myAsset frame, or returns `undefined` when `ast` is malformed.
 *
 * @param o the parsed frame
 * @returns the event with its assets checked (see {@linkcode myAssetOk} for the rest)
 *
 * @example Map a SIMPLE frame
 * ```ts
 * import { myAssetSimple } from "./my_asset.ts";
 * declare const frame: Parameters<typeof myAssetSimple>[0];
 * console.log(myAssetSimple(frame)?.assetUuid);
 * ```
 */
export function myAssetSimple(o: MyAssetSimpleWire): MyAssetEvent | undefined {
  const raw: unknown = o.ast;
  if (!Array.isArray(raw)) return undefined;
  const assets: MyAssetBalance[] = [];
  for (const a of raw as (MyAssetSimpleWire["ast"][number] | null)[]) {
    if (typeof a !== "object" || a === null) return undefined;
    const asset = { currency: a.cu, balance: a.b, locked: a.l };
    if (!assetOk(asset)) return undefined;
    assets.push(asset);
  }
  return {
    type: "myAsset",
    assetUuid: o.astuid,
    assets,
    assetTimestamp: o.asttms,
    timestamp: o.tms,
    streamType: o.st,
  };
}

function assetOk(a: MyAssetBalance): boolean {
  return typeof a.currency === "string" && typeof a.balance === "number" &&
    typeof a.locked === "number";
}

/**
 * The per-frame check of a mapped myAsset (the assets were checked while mapping).
 *
 * @param e a mapped event
 * @returns whether the frame can be a myAsset
 *
 * @example Check a mapped event
 * ```ts
 * import { myAssetOk } from "./my_asset.ts";
 * import type { MyAssetEvent } from "../types.ts";
 * declare const e: MyAssetEvent;
 * console.log(myAssetOk(e));
 * ```
 */
export function myAssetOk(e: MyAssetEvent): boolean {
  return typeof e.assetUuid === "string" && typeof e.assetTimestamp === "number" &&
    typeof e.timestamp === "number" && typeof e.streamType === "string";
}

/**
 * Collects the amount literals of every item's asset entries: index `i` of the result belongs to
 * item `i` of a list frame (or to the frame itself, index 0, when `list` is false).
 *
 * @param text the frame's JSON text (assumed valid: it parsed)
 * @param list whether the frame is a JSON array of items
 * @returns per item, its asset entries' literals in order (`undefined` for items without any)
 *
 * @example Scan a frame
 * ```ts
 * import { scanAssetLiterals } from "./my_asset.ts";
 * const [assets] = scanAssetLiterals('{"assets":[{"balance":1.23456789012345678,"locked":0}]}', false);
 * console.log(assets?.[0]?.balance); // "1.23456789012345678"
 * ```
 */
export function scanAssetLiterals(text: string, list: boolean): (AssetLiterals[] | undefined)[] {
  const items: (AssetLiterals[] | undefined)[] = [];
  let inAssets = false;
  let current: AssetLiterals | undefined;
  walkLiterals(text, list, {
    open(item, depth, key, isList) {
      if (isList && depth === 2) {
        inAssets = key === "assets" || key === "ast";
      } else if (!isList && depth === 3 && inAssets) {
        current = { balance: undefined, locked: undefined };
        (items[item] ??= []).push(current);
      }
    },
    close(_item, depth) {
      if (depth === 3) current = undefined;
      else if (depth === 2) inAssets = false;
    },
    number(_item, depth, key, literal) {
      if (current === undefined || depth !== 3) return;
      if (key === "balance" || key === "b") current.balance = literal;
      else if (key === "locked" || key === "l") current.locked = literal;
    },
  });
  return items;
}

/**
 * Replaces the amounts of a mapped myAsset event with the literals scanned from its frame, after
 * checking that each literal is the number that `JSON.parse` produced.
 *
 * @returns `false` (event unchanged) when the literals do not line up with the parsed amounts
 *
 * @example Swap in the exact digits
 * ```ts
 * import { applyAssetLiterals } from "./my_asset.ts";
 * import type { MyAssetEvent } from "../types.ts";
 * declare const e: MyAssetEvent;
 * applyAssetLiterals(e, [{ balance: "1.0", locked: "0" }]);
 * ```
 */
export function applyAssetLiterals(
  e: MyAssetEvent,
  literals: readonly AssetLiterals[] | undefined,
): boolean {
  const assets = e.assets;
  if ((literals?.length ?? 0) !== assets.length) return false;
  for (let i = 0; i < assets.length; i++) {
    const a = assets[i];
    const l = literals?.[i];
    if (
      a === undefined || l?.balance === undefined || l.locked === undefined ||
      Number(l.balance) !== a.balance || Number(l.locked) !== a.locked
    ) return false;
  }
  for (let i = 0; i < assets.length; i++) {
    const a = assets[i];
    const l = literals?.[i];
    if (a !== undefined && l?.balance !== undefined && l.locked !== undefined) {
      a.balance = l.balance;
      a.locked = l.locked;
    }
  }
  return true;
}

const assetEntries = { currency: str, balance: num, locked: num };

const entries = {
  type: v.literal("myAsset"),
  asset_uuid: str,
  assets: v.array(v.object(assetEntries)),
  asset_timestamp: num,
  timestamp: num,
  stream_type: streamType,
};

// Annotated with the wire type, so that the schema and the shape the mappers read cannot drift.
const schema: v.GenericSchema<unknown, MyAssetWire> = v.object(entries);

/**
 * The schema of a myAsset frame in DEFAULT and SIMPLE keys.
 *
 * @example Validate a frame
 * ```ts
 * import * as v from "valibot";
 * import { MY_ASSET_SCHEMAS } from "./my_asset.ts";
 * console.log(v.is(MY_ASSET_SCHEMAS.default, { type: "myAsset" })); // false
 * ```
 */
export const MY_ASSET_SCHEMAS: SchemaPair = {
  default: schema,
  simple: v.object(abbreviate({
    ...entries,
    assets: v.array(v.object(abbreviate(assetEntries, SIMPLE_KEYS.assets))),
  }, SIMPLE_KEYS.myAsset)),
};

/**
 * The myAsset's entry in the decoder's lookup table; in lossless mode its `exact` swaps in the
 * amounts as sent (the frame is scanned once, for all its items).
 *
 * @example Decode a parsed frame
 * ```ts
 * import { MY_ASSET } from "./my_asset.ts";
 * import type { FrameText } from "./codec.ts";
 * declare const o: Record<string, unknown>;
 * declare const frame: FrameText;
 * const e = MY_ASSET.decode(o, false, "myAsset", frame); // the event, or undefined
 * ```
 */
export const MY_ASSET: DataCodec = {
  schemas: MY_ASSET_SCHEMAS,
  decode(o, simple) {
    const e = simple
      ? myAssetSimple(o as unknown as MyAssetSimpleWire)
      : myAssetDefault(o as unknown as MyAssetWire);
    return e !== undefined && myAssetOk(e) ? e : undefined;
  },
  exact(event: UpbitEvent, frame: FrameText): boolean {
    frame.assetLiterals ??= scanAssetLiterals(frame.text, frame.list);
    return applyAssetLiterals(
      event as MyAssetEvent,
      frame.assetLiterals[frame.item < 0 ? 0 : frame.item],
    );
  },
};
