/**
 * The emulator's own reading of Upbit's protocol tables, in one place: wire formats, SIMPLE
 * abbreviations, candle units, indicator rules, error names and messages, announcement categories
 * and endpoint paths. Nothing here imports the client (`src/`): a test compares these tables with
 * the client's `src/protocol/` so that a misreading on either side shows up as a difference.
 *
 * @module
 */
export * from "./announcement.ts";
export * from "./candles.ts";
export * from "./endpoints.ts";
export * from "./formats.ts";
export * from "./indicators.ts";
export * from "./server_errors.ts";
export * from "./simple_keys.ts";
