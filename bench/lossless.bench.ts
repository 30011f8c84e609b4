/**
 * What the opt-in `lossless` mode costs: µs per frame with it off and on, for a ticker (which the
 * mode must not touch) and a myAsset frame (the only type it rewrites). Run on any runtime:
 *
 *   node_modules/node22/bin/node bench/lossless.bench.ts
 *   node_modules/.bin/bun bench/lossless.bench.ts
 *
 * @module
 */
import { createDecoder, type FrameSink } from "../src/decode/decode.ts";
import { encodeFrame, MY_ASSET_TEXT, tickerFrame } from "../tests/_helpers/frames.ts";

let checksum = 0;
const sink: FrameSink = {
  event: (e) => void (checksum += e.timestamp),
  status() {},
  serverError() {},
  subscriptions() {},
  invalid: (error) => {
    throw error;
  },
};
const frames = {
  ticker: encodeFrame(tickerFrame()),
  myAsset: new TextEncoder().encode(MY_ASSET_TEXT),
};

function usPerFrame(bytes: Uint8Array, lossless: boolean, n: number): number {
  const decoder = createDecoder({ lossless });
  for (let i = 0; i < 2000; i++) decoder.decode(bytes, sink);
  const rounds: number[] = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) decoder.decode(bytes, sink);
    rounds.push(((performance.now() - t0) * 1000) / n);
  }
  return rounds.sort((a, b) => a - b)[3]!;
}

console.log("| frame | lossless off (µs) | lossless on (µs) |");
console.log("| --- | ---: | ---: |");
for (const [name, bytes] of Object.entries(frames)) {
  const off = usPerFrame(bytes, false, 50_000);
  const on = usPerFrame(bytes, true, 50_000);
  console.log(`| ${name} | ${off.toFixed(2)} | ${on.toFixed(2)} |`);
}
if (checksum === 0) console.log("(checksum 0)");
