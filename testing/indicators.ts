/**
 * The emulator's `/websocket/v1/info` endpoint: its own reading of Upbit's indicator pages
 * (`indicator`, `indicator_signal`) — request checks with Upbit's error names, the 100-combination
 * limit, candle history per code and timeframe, the indicators computed from the simulated closes
 * at each candle close, and signals on false→true transitions. It shares no code with the client.
 *
 * The computations (documented so that a test can redo them from {@linkcode IndicatorEngine.history}):
 * - SMA(n): the mean of the last n closes. EMA(n): α = 2/(n+1), seeded with the SMA of the first n
 *   closes of the history, then `ema = α·close + (1−α)·ema`.
 * - RSI(n): Wilder's: the first average gain/loss is the mean over the first n changes, then
 *   `avg = (avg·(n−1) + x)/n`; `RSI = 100 − 100/(1 + gain/loss)` (100 when there was no loss).
 * - Bollinger(n, m): middle SMA(n), bands ± m × the population standard deviation of the last n.
 * - MACD(f, s, g): EMA(f) − EMA(s) from the s-th close on; signal: EMA(g) of that series
 *   (seeded the same way); histogram = macd − signal.
 * - volume(n): the closed candle's volume, the mean of the last n volumes (it included), ratio.
 * Values are rounded to 8 decimals, as Upbit's examples are.
 *
 * @module
 */
import {
  INDICATOR_TIMEFRAMES,
  PAIRS,
  SIGNAL_PARAMS,
  TRIGGERS,
  TRIPLES,
  VALUE_PARAMS,
} from "./protocol/indicators.ts";
import type { Clock, TimerHandle } from "./clock.ts";
import type { WireObject } from "./codec/json.ts";

/** How many past candles each (code, timeframe) history starts with. */
const SEEDED = 300;

/**
 * One registered combination of an `/info` connection.
 *
 * @example
 * ```ts
 * import type { IndicatorSubscription } from "upbit-ws/testing";
 * const s: IndicatorSubscription = {
 *   type: "indicator", code: "KRW-BTC", timeframe: "5m", indicator: "rsi", params: { period: 14 },
 * };
 * ```
 */
export interface IndicatorSubscription {
  /** `indicator` or `indicator_signal`. */
  type: "indicator" | "indicator_signal";
  /** The market. */
  code: string;
  /** The timeframe. */
  timeframe: string;
  /** The indicator type. */
  indicator: string;
  /** The calculation parameters as sent (DEFAULT keys). */
  params: Record<string, number | string>;
  /** Signals: the trigger. */
  trigger?: string;
  /** Signals: the condition parameters as sent (`{}` when none). */
  eventParams?: Record<string, number>;
}

/**
 * The outcome of parsing the type objects of an `/info` request.
 *
 * @example
 * ```ts
 * import { parseIndicatorObjects } from "upbit-ws/testing";
 * const r = parseIndicatorObjects([{ type: "indicator", codes: ["KRW-BTC"], timeframe: "5m", indicators: [] }]);
 * if ("error" in r) console.log(r.error); // "INVALID_PARAM"
 * ```
 */
export type ParsedIndicators =
  | { subscriptions: IndicatorSubscription[]; objects: WireObject[] }
  | {
    error: "INVALID_PARAM" | "WRONG_FORMAT" | "NO_CODES" | "NO_TYPE" | "TOO_MANY_REQUEST";
    message: string;
  };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Checks the data type objects of an `/info` request as Upbit's pages describe: unsupported
 * values give `INVALID_PARAM`, a non-number where a number belongs `WRONG_FORMAT`, more than 100
 * combinations (codes × indicators, both types summed) `TOO_MANY_REQUEST`. A non-KRW or unknown
 * market is no error (it just gets no data). A combination repeated in one request is counted
 * and registered once (Upbit's behaviour is undocumented; this is the tolerant reading).
 *
 * @param objects the type objects of the request
 * @returns the combinations, and the objects to echo in LIST_SUBSCRIPTIONS, or the error
 *
 * @example
 * ```ts
 * import { parseIndicatorObjects } from "upbit-ws/testing";
 * const r = parseIndicatorObjects([{
 *   type: "indicator", codes: ["KRW-BTC"], timeframe: "5m",
 *   indicators: [{ type: "rsi", params: { period: 14 } }],
 * }]);
 * if (!("error" in r)) console.log(r.subscriptions.length); // 1
 * ```
 */
export function parseIndicatorObjects(objects: Record<string, unknown>[]): ParsedIndicators {
  const subscriptions: IndicatorSubscription[] = [];
  const seen = new Set<string>();
  const echoed: WireObject[] = [];
  let combos = 0;
  for (const o of objects) {
    const type = o["type"];
    if (typeof type !== "string" || type === "") {
      return { error: "NO_TYPE", message: "type 필드가 존재하지 않습니다." };
    }
    if (type !== "indicator" && type !== "indicator_signal") {
      return { error: "INVALID_PARAM", message: `${type} 은 지원하지 않는 타입입니다.` };
    }
    const signal = type === "indicator_signal";
    const codes = o["codes"];
    if (codes === undefined || codes === null) {
      return { error: "NO_CODES", message: "codes 필드가 존재하지 않습니다." };
    }
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === "string")) {
      return { error: "WRONG_FORMAT", message: "Format 이 맞지 않습니다." };
    }
    if (codes.length === 0) {
      return { error: "INVALID_PARAM", message: "codes 필드가 비어 있습니다." };
    }
    const timeframe = o["timeframe"];
    if (typeof timeframe !== "string" || INDICATOR_TIMEFRAMES[timeframe] === undefined) {
      return {
        error: "INVALID_PARAM",
        message: `${String(timeframe)} 은 지원하지 않는 timeframe 입니다.`,
      };
    }
    const list = o["indicators"];
    if (!Array.isArray(list) || list.length === 0) {
      return { error: "INVALID_PARAM", message: "indicators 필드가 존재하지 않습니다." };
    }
    const parsed: Omit<IndicatorSubscription, "type" | "code" | "timeframe">[] = [];
    for (const item of list) {
      const r = parseIndicator(item, signal);
      if ("error" in r) return r;
      parsed.push(r);
    }
    combos += codes.length * list.length;
    if (combos > 100) {
      return { error: "TOO_MANY_REQUEST", message: "구독 가능한 조합 수(100)를 초과했습니다." };
    }
    echoed.push({
      type,
      codes: codes as string[],
      timeframe,
      indicators: parsed.map((p) => {
        const w: WireObject = { type: p.indicator, params: { ...p.params } };
        if (signal) {
          w["trigger"] = p.trigger ?? "";
          w["event_params"] = { ...p.eventParams };
        }
        return w;
      }),
    });
    for (const code of codes as string[]) {
      for (const p of parsed) {
        const sub: IndicatorSubscription = { type, code, timeframe, ...p };
        const key = subscriptionKey(sub);
        if (seen.has(key)) continue;
        seen.add(key);
        subscriptions.push(sub);
      }
    }
  }
  return { subscriptions, objects: echoed };
}

function parseIndicator(
  item: unknown,
  signal: boolean,
):
  | Omit<IndicatorSubscription, "type" | "code" | "timeframe">
  | Extract<ParsedIndicators, { error: string }> {
  const invalid = (what: string) => ({
    error: "INVALID_PARAM" as const,
    message: `${what} 은 지원하지 않는 값입니다.`,
  });
  const wrong = { error: "WRONG_FORMAT" as const, message: "Format 이 맞지 않습니다." };
  if (!isObject(item)) return wrong;
  const indicator = item["type"];
  const rules = typeof indicator === "string"
    ? (signal ? SIGNAL_PARAMS : VALUE_PARAMS)[indicator]
    : undefined;
  if (typeof indicator !== "string" || rules === undefined) return invalid(String(indicator));
  const params = item["params"];
  if (!isObject(params)) return invalid("params");
  const out: Record<string, number | string> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const v = params[name];
    if (rule === "ma") {
      if (v !== "SMA" && v !== "EMA") return invalid(String(v));
      out[name] = v;
      continue;
    }
    if (v === undefined) return invalid(name);
    if (typeof v !== "number") return wrong;
    if (rule.int && !Number.isInteger(v)) return invalid(String(v));
    if (rule.values && !rule.values.includes(v)) return invalid(String(v));
    out[name] = v;
  }
  for (const k of Object.keys(params)) if (!(k in rules)) return invalid(k);
  if (
    indicator === "ma_crossover" && !PAIRS.includes(`${out["short_period"]}/${out["long_period"]}`)
  ) {
    return invalid("short_period/long_period");
  }
  if (
    indicator === "macd" &&
    !TRIPLES.includes(`${out["fast"]}/${out["slow"]}/${out["signal_period"]}`)
  ) return invalid("fast/slow/signal_period");
  if (!signal) return { indicator, params: out };
  const trigger = item["trigger"];
  const triggers = TRIGGERS[indicator]!;
  if (typeof trigger !== "string" || !(trigger in triggers)) return invalid(String(trigger));
  const need = triggers[trigger];
  const ep = item["event_params"];
  const eventParams: Record<string, number> = {};
  if (need) {
    if (!isObject(ep)) return invalid("event_params");
    const v = ep[need.name];
    if (typeof v !== "number") return v === undefined ? invalid(need.name) : wrong;
    if (!need.values.includes(v)) return invalid(String(v));
    eventParams[need.name] = v;
  } else if (ep !== undefined && (!isObject(ep) || Object.keys(ep).length > 0)) {
    // Undocumented; the signal page's INVALID_PARAM covers "an unsupported condition parameter".
    return invalid("event_params");
  }
  return { indicator, params: out, trigger, eventParams };
}

function subscriptionKey(s: IndicatorSubscription): string {
  return JSON.stringify([
    s.type,
    s.code,
    s.timeframe,
    s.indicator,
    s.params,
    s.trigger ?? null,
    s.eventParams ?? null,
  ]);
}

/**
 * The candles of one code and timeframe: each candle's start (ms), close and volume, oldest first.
 *
 * @example
 * ```ts
 * import type { CandleHistory } from "upbit-ws/testing";
 * const last = (h: CandleHistory) => h.closes.at(-1);
 * ```
 */
export interface CandleHistory {
  /** Candle starts, ms since the epoch. */
  starts: number[];
  /** Closing prices. */
  closes: number[];
  /** Volumes. */
  volumes: number[];
}

/** What the engine needs around it. */
export interface IndicatorEngineContext {
  /** The time source. */
  clock: Clock;
  /** The current price of a market (the next candle's close), or undefined for an unknown one. */
  price(code: string): number | undefined;
  /** The `/info` connections: their combinations and a way to send frames. */
  connections(): Iterable<{
    indicatorSubscriptions(): readonly IndicatorSubscription[];
    sendIndicatorFrames(frames: WireObject[]): void;
  }>;
  /** A seed for the made-up past candles. */
  seed: number;
}

/**
 * Candle history per (code, timeframe), the indicators computed from it at each candle close,
 * and the frames sent to the `/info` connections. Closes happen on the clock at each boundary of
 * a timeframe in use, or on demand with {@linkcode IndicatorEngine.closeCandle}.
 *
 * @example Force a candle close
 * ```ts
 * import { startEmulator } from "upbit-ws/testing";
 * await using emu = await startEmulator({ market: { tickMs: 0 } });
 * emu.indicators.closeCandle("5m", { prices: { "KRW-BTC": 150_000_000 } });
 * console.log(emu.indicators.history("KRW-BTC", "5m").closes.at(-1)); // 150000000
 * ```
 */
export class IndicatorEngine {
  #ctx: IndicatorEngineContext;
  #history = new Map<string, CandleHistory>();
  /** Volume traded since the last close, per timeframe and code. */
  #pending = new Map<string, Map<string, number>>();
  #timers = new Map<string, TimerHandle>();
  #closed = false;

  /**
   * Creates the engine (the emulator core owns one).
   *
   * @param ctx clock, prices and connections
   */
  constructor(ctx: IndicatorEngineContext) {
    this.#ctx = ctx;
  }

  /**
   * Counts a trade's volume into the candles in progress.
   *
   * @param code the market
   * @param volume the traded volume
   */
  addVolume(code: string, volume: number): void {
    for (const tf of Object.keys(INDICATOR_TIMEFRAMES)) {
      let m = this.#pending.get(tf);
      if (!m) this.#pending.set(tf, m = new Map());
      m.set(code, (m.get(code) ?? 0) + volume);
    }
  }

  /**
   * The candle history of a code (seeded with 300 made-up past candles the first time it is
   * asked for), for tests that recompute a value.
   *
   * @param code the market
   * @param timeframe the timeframe
   * @returns the history (a copy)
   * @throws {RangeError} for an unknown timeframe or market
   */
  history(code: string, timeframe: string): CandleHistory {
    const h = this.#series(code, timeframe);
    return { starts: [...h.starts], closes: [...h.closes], volumes: [...h.volumes] };
  }

  /**
   * Closes the candle in progress of `timeframe` now: appends a candle to every history of that
   * timeframe that a connection uses, and sends the indicator frames and signals that follow.
   *
   * @param timeframe `5m`, `15m`, `60m`, `240m` or `1d`
   * @param options closing prices or volumes to use instead of the market's, per code
   * @returns the number of frames sent
   * @throws {RangeError} for an unknown timeframe
   */
  closeCandle(
    timeframe: string,
    options: { prices?: Record<string, number>; volumes?: Record<string, number> } = {},
  ): number {
    const ms = INDICATOR_TIMEFRAMES[timeframe];
    if (ms === undefined) {
      throw new RangeError(
        `Cannot close a candle as timeframe must be one of ${
          Object.keys(INDICATOR_TIMEFRAMES).join(", ")
        }: current value is "${timeframe}"`,
      );
    }
    const now = this.#ctx.clock.now();
    const subs: Array<
      [{ sendIndicatorFrames(frames: WireObject[]): void }, IndicatorSubscription[]]
    > = [];
    const codes = new Set<string>();
    for (const c of this.#ctx.connections()) {
      const mine = c.indicatorSubscriptions().filter((s) => s.timeframe === timeframe);
      if (mine.length === 0) continue;
      subs.push([c, mine]);
      for (const s of mine) codes.add(s.code);
    }
    for (const code of Object.keys(options.prices ?? {})) codes.add(code);
    const pending = this.#pending.get(timeframe);
    for (const code of codes) {
      if (!code.startsWith("KRW-") || this.#ctx.price(code) === undefined) continue;
      const h = this.#series(code, timeframe);
      const start = Math.max(h.starts.at(-1)! + ms, Math.floor(now / ms) * ms - ms);
      h.starts.push(start);
      h.closes.push(options.prices?.[code] ?? this.#ctx.price(code)!);
      h.volumes.push(options.volumes?.[code] ?? pending?.get(code) ?? 0);
      pending?.delete(code);
    }
    let sent = 0;
    for (const [conn, mine] of subs) {
      const frames: WireObject[] = [];
      for (const s of mine) {
        const h = this.#history.get(`${s.code}|${timeframe}`);
        if (!h) continue; // an unknown or non-KRW market: no data, no error
        const frame = this.frameFor(s, h, now);
        if (frame) frames.push(frame);
      }
      if (frames.length > 0) conn.sendIndicatorFrames(frames);
      sent += frames.length;
    }
    return sent;
  }

  /**
   * The frame one combination gets for the last candle of a history: always for `indicator`, only
   * on a false→true transition for `indicator_signal`.
   *
   * @param s the combination
   * @param h the history (its last candle is the one that closed)
   * @param now the frame's timestamp
   * @returns the DEFAULT frame, or undefined
   */
  frameFor(s: IndicatorSubscription, h: CandleHistory, now: number): WireObject | undefined {
    const n = h.closes.length - 1;
    const value = compute(s.indicator, s.params, h, n);
    if (value === undefined) return undefined;
    const frame: WireObject = {
      type: s.type,
      code: s.code,
      timeframe: s.timeframe,
      indicator: s.indicator,
      params: { ...s.params },
    };
    if (s.type === "indicator_signal") {
      if (!fires(s, h, n)) return undefined;
      frame["trigger"] = s.trigger ?? "";
      frame["event_params"] = { ...s.eventParams };
    }
    frame["candle_date_time_utc"] = new Date(h.starts[n]!).toISOString().slice(0, 19);
    frame["value"] = round(value);
    frame["timestamp"] = now;
    frame["stream_type"] = "REALTIME";
    return frame;
  }

  /** Keeps a timer armed at the next boundary of every timeframe some connection uses. */
  refresh(): void {
    if (this.#closed) return;
    const used = new Set<string>();
    for (const c of this.#ctx.connections()) {
      for (const s of c.indicatorSubscriptions()) used.add(s.timeframe);
    }
    for (const [tf, timer] of this.#timers) {
      if (!used.has(tf)) {
        this.#ctx.clock.clearTimeout(timer);
        this.#timers.delete(tf);
      }
    }
    for (const tf of used) if (!this.#timers.has(tf)) this.#arm(tf);
  }

  #arm(tf: string): void {
    const ms = INDICATOR_TIMEFRAMES[tf]!;
    const now = this.#ctx.clock.now();
    const next = (Math.floor(now / ms) + 1) * ms;
    this.#timers.set(
      tf,
      this.#ctx.clock.setTimeout(() => {
        this.#timers.delete(tf);
        this.closeCandle(tf);
        this.refresh();
      }, next - now),
    );
  }

  /** Stops every timer. */
  close(): void {
    this.#closed = true;
    for (const t of this.#timers.values()) this.#ctx.clock.clearTimeout(t);
    this.#timers.clear();
  }

  #series(code: string, timeframe: string): CandleHistory {
    const ms = INDICATOR_TIMEFRAMES[timeframe];
    if (ms === undefined) {
      throw new RangeError(
        `Cannot read candles as timeframe is unknown: current value is "${timeframe}"`,
      );
    }
    const key = `${code}|${timeframe}`;
    let h = this.#history.get(key);
    if (h) return h;
    const price = this.#ctx.price(code);
    if (price === undefined) {
      throw new RangeError(
        `Cannot read candles as the market is unknown: current value is "${code}"`,
      );
    }
    // Made-up past: a seeded random walk backwards from today's price, ending one candle before
    // the candle in progress.
    let seed = this.#ctx.seed >>> 0;
    for (const ch of key) seed = Math.imul(seed ^ ch.charCodeAt(0), 2654435761) >>> 0;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const closes: number[] = [];
    const volumes: number[] = [];
    let p = price;
    for (let i = 0; i < SEEDED; i++) {
      closes.push(p);
      volumes.push(Math.round((1 + rand() * 9) * 1e4) / 1e4);
      p = p * (1 + (rand() - 0.5) * 0.02);
    }
    closes.reverse();
    volumes.reverse();
    // The candle in progress started at floor((now − 1)/ms)·ms: at a boundary it is the one
    // that is closing.
    const first = Math.floor((this.#ctx.clock.now() - 1) / ms) * ms - SEEDED * ms;
    h = { starts: closes.map((_, i) => first + i * ms), closes, volumes };
    this.#history.set(key, h);
    return h;
  }
}

// ---- the computations ----

function sma(xs: number[], n: number, end: number): number {
  let s = 0;
  for (let i = end - n + 1; i <= end; i++) s += xs[i]!;
  return s / n;
}

/** EMA series over xs[from..]: seeded with the SMA of the first n values. */
function emaSeries(xs: number[], n: number, from = 0): (number | undefined)[] {
  const out: (number | undefined)[] = new Array(xs.length).fill(undefined);
  if (xs.length - from < n) return out;
  const a = 2 / (n + 1);
  let e = 0;
  for (let i = from; i < from + n; i++) e += xs[i]!;
  e /= n;
  out[from + n - 1] = e;
  for (let i = from + n; i < xs.length; i++) out[i] = e = a * xs[i]! + (1 - a) * e;
  return out;
}

function ma(kind: string, xs: number[], n: number, end: number): number | undefined {
  if (end + 1 < n) return undefined;
  return kind === "EMA" ? emaSeries(xs.slice(0, end + 1), n)[end] : sma(xs, n, end);
}

function rsi(xs: number[], n: number, end: number): number | undefined {
  if (end < n) return undefined;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= n; i++) {
    const d = xs[i]! - xs[i - 1]!;
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= n;
  loss /= n;
  for (let i = n + 1; i <= end; i++) {
    const d = xs[i]! - xs[i - 1]!;
    gain = (gain * (n - 1) + Math.max(d, 0)) / n;
    loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
  }
  return loss === 0 ? 100 : 100 - 100 / (1 + gain / loss);
}

function macd(
  xs: number[],
  fast: number,
  slow: number,
  signal: number,
  end: number,
): { macd: number; macd_signal: number; histogram: number } | undefined {
  const upto = xs.slice(0, end + 1);
  const f = emaSeries(upto, fast);
  const s = emaSeries(upto, slow);
  const line: number[] = [];
  for (let i = slow - 1; i <= end; i++) line.push(f[i]! - s[i]!);
  const sig = emaSeries(line, signal);
  const m = line.at(-1);
  const g = sig.at(-1);
  if (m === undefined || g === undefined) return undefined;
  return { macd: m, macd_signal: g, histogram: m - g };
}

/**
 * The `value` object of one indicator at candle `end` of a history (DEFAULT keys, unrounded), or
 * undefined when the history is too short.
 *
 * @param indicator the indicator type
 * @param p its params (DEFAULT keys)
 * @param h the history
 * @param end the candle's index
 * @returns the values
 */
export function compute(
  indicator: string,
  p: Record<string, number | string>,
  h: CandleHistory,
  end: number,
): Record<string, number> | undefined {
  const xs = h.closes;
  switch (indicator) {
    case "volume": {
      const n = p["period"] as number;
      if (end + 1 < n) return undefined;
      const avg = sma(h.volumes, n, end);
      const volume = h.volumes[end]!;
      return { volume, avg_volume: avg, ratio: avg === 0 ? 0 : volume / avg };
    }
    case "rsi": {
      const v = rsi(xs, p["period"] as number, end);
      return v === undefined ? undefined : { rsi: v };
    }
    case "moving_average": {
      const v = ma(p["type"] as string, xs, p["period"] as number, end);
      return v === undefined ? undefined : { value: v };
    }
    case "ma_crossover": {
      const s = ma(p["type"] as string, xs, p["short_period"] as number, end);
      const l = ma(p["type"] as string, xs, p["long_period"] as number, end);
      return s === undefined || l === undefined ? undefined : { ma_short: s, ma_long: l };
    }
    case "bollinger_bands": {
      const n = p["period"] as number;
      if (end + 1 < n) return undefined;
      const mid = sma(xs, n, end);
      let v = 0;
      for (let i = end - n + 1; i <= end; i++) v += (xs[i]! - mid) ** 2;
      const sd = Math.sqrt(v / n);
      const m = p["multiplier"] as number;
      return { bb_upper: mid + m * sd, bb_middle: mid, bb_lower: mid - m * sd };
    }
    case "macd":
      return macd(xs, p["fast"] as number, p["slow"] as number, p["signal_period"] as number, end);
  }
  return undefined;
}

/** -1, 0 (tie) or 1: which side of the compared line candle `i` is on, for a crossing trigger. */
function side(s: IndicatorSubscription, h: CandleHistory, i: number): number | undefined {
  const v = compute(s.indicator, s.params, h, i);
  if (v === undefined) return undefined;
  const close = h.closes[i]!;
  const sign = (a: number, b: number) => (a > b ? 1 : a < b ? -1 : 0);
  switch (s.indicator) {
    case "moving_average":
      return sign(close, v["value"]!);
    case "ma_crossover":
      return sign(v["ma_short"]!, v["ma_long"]!);
    case "bollinger_bands":
      return sign(close, s.trigger === "price_cross_above" ? v["bb_upper"]! : v["bb_lower"]!);
    case "macd":
      return s.trigger === "zero_cross_above" || s.trigger === "zero_cross_below"
        ? sign(v["macd"]!, 0)
        : sign(v["macd"]!, v["macd_signal"]!);
  }
  return undefined;
}

function met(s: IndicatorSubscription, h: CandleHistory, i: number): boolean | undefined {
  const v = compute(s.indicator, s.params, h, i);
  if (v === undefined) return undefined;
  if (s.trigger === "volume_spike") {
    return v["volume"]! >= s.eventParams!["multiplier"]! * v["avg_volume"]!;
  }
  if (s.trigger === "overbought") return v["rsi"]! >= s.eventParams!["threshold"]!;
  if (s.trigger === "oversold") return v["rsi"]! <= s.eventParams!["threshold"]!;
  return undefined;
}

/**
 * Whether a signal fires at candle `n`: its condition turned from unmet to met. For crossings a
 * candle where the two compared values are equal keeps the previous state (the docs' tie rule;
 * applied to the MACD zero crossings too, which the docs leave open); RSI and volume spikes
 * compare with the candle just before.
 *
 * @param s the combination
 * @param h the history
 * @param n the candle that closed
 * @returns true when an event is due
 */
export function fires(s: IndicatorSubscription, h: CandleHistory, n: number): boolean {
  if (s.indicator === "rsi" || s.indicator === "volume") {
    return met(s, h, n) === true && met(s, h, n - 1) === false;
  }
  const want = s.trigger === "price_cross_above" || s.trigger === "golden_cross" ||
      s.trigger === "zero_cross_above"
    ? 1
    : -1;
  const now = side(s, h, n);
  if (now !== want) return false;
  for (let i = n - 1; i >= 0; i--) {
    const before = side(s, h, i);
    if (before === undefined) return false;
    if (before !== 0) return before === -want;
  }
  return false;
}

function round(v: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, x] of Object.entries(v)) out[k] = Math.round(x * 1e8) / 1e8;
  return out;
}
