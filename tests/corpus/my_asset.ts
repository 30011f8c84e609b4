/**
 * myAsset frames as real Upbit servers send them.
 *
 * @module
 */
import type { MyAssetEvent } from "../../src/types.ts";
import type { CorpusEntry } from "./_entry.ts";

/** myAsset frames. */
export const MY_ASSET_CORPUS: CorpusEntry<MyAssetEvent>[] = [
  {
    fact: "§7.6: the docs' example, amounts with more digits than a double holds (rounded here)",
    frame: {
      type: "myAsset",
      asset_uuid: "e635f223-1609-4969-8fb6-4376937baad6",
      assets: [{ currency: "KRW", balance: 1386929.3723106678, locked: 10329.670127489597 }],
      asset_timestamp: 1710146517259,
      timestamp: 1710146517267,
      stream_type: "REALTIME",
    },
    event: {
      type: "myAsset",
      assetUuid: "e635f223-1609-4969-8fb6-4376937baad6",
      assets: [{ currency: "KRW", balance: 1386929.3723106678, locked: 10329.670127489597 }],
      assetTimestamp: 1710146517259,
      timestamp: 1710146517267,
      streamType: "REALTIME",
    },
  },
  {
    fact: "§3.6: two currencies changed by one fill (quote and base), an unknown extra field",
    frame: {
      type: "myAsset",
      asset_uuid: "0b6f8a52-5a0e-4c8e-9d53-2f6f3c1d9e47",
      assets: [
        { currency: "KRW", balance: 994997.5, locked: 0, avg_buy_price: 0 },
        { currency: "BTC", balance: 0.00004976, locked: 0 },
      ],
      asset_timestamp: 1772600000020,
      timestamp: 1772600000025,
      stream_type: "REALTIME",
    },
    event: {
      type: "myAsset",
      assetUuid: "0b6f8a52-5a0e-4c8e-9d53-2f6f3c1d9e47",
      assets: [
        { currency: "KRW", balance: 994997.5, locked: 0 },
        { currency: "BTC", balance: 0.00004976, locked: 0 },
      ],
      assetTimestamp: 1772600000020,
      timestamp: 1772600000025,
      streamType: "REALTIME",
    },
  },
];
