/**
 * The emulator's `/websocket/v1/info` engine: its own reading of Upbit's indicator pages
 * (`indicator`, `indicator_signal`) — request checks with Upbit's error names, the 100-combination
 * limit, candle history per code and timeframe, the indicators computed from the simulated closes
 * at each candle close, and signals on false→true transitions. It shares no code with the client.
 *
 * The computations are in `compute.ts`, the request checks in `request.ts`, the seeded past
 * candles in `history.ts`.
 *
 * @module
 */
import { compute, fires, round } from "./compute.ts";
import type { IndicatorSubscription } from "./request.ts";
import { type CandleHistory, seededHistory } from "./history.ts";
import { INDICATOR_TIMEFRAMES } from "../protocol/indicators.ts";
import type { Clock, TimerHandle } from "../clock.ts";
import type { WireObject } from "../codec/json.ts";

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
    h = seededHistory(key, price, ms, this.#ctx.seed, this.#ctx.clock.now());
    this.#history.set(key, h);
    return h;
  }
}
