/**
 * The redraw loop of every live terminal view (`watch` of markets, of notices and indicators, of
 * orders and balances): hide the cursor, draw at once, redraw in place when something changed and
 * at least every so often (ages keep ticking when nothing arrives), one draw at a time, and on
 * stop a last draw and the cursor back.
 *
 * @module
 */
import { HIDE_CURSOR, redraw, SHOW_CURSOR } from "./format/terminal.ts";
import type { Io } from "./runtime.ts";

/** When a live view redraws. */
export interface LiveScreenOptions {
  /** How often the loop looks, in ms. */
  tickMs: number;
  /** Redraw on a tick even without a change once the last draw is this old, in ms (0: every tick). */
  idleMs: number;
  /** Redraw right after each change (queued behind a draw in progress) instead of on the next tick. */
  eager: boolean;
}

/** A running live view; see {@linkcode liveScreen}. */
export interface LiveScreen {
  /** Hides the cursor, draws the first frame and starts the loop. */
  start(): Promise<void>;
  /** Says the content changed: redrawn on the next tick, or at once when `eager`. */
  changed(): void;
  /** Stops the loop, waits for a draw in progress, draws the last frame and shows the cursor. */
  stop(): Promise<void>;
}

/**
 * A live view on a terminal: `render(now)` gives the frame's lines; each draw overwrites the
 * previous frame in place ({@linkcode redraw}). Draws never overlap, and an error of a draw in
 * the loop is dropped (the next one tries again); the first draw's error is thrown by `start`.
 *
 * @param io where the frames go
 * @param render the lines of the frame at `now` (ms)
 * @param options when to redraw
 * @returns the view, to start, to tell of changes, and to stop (in a `finally`)
 *
 * @example
 * ```ts ignore
 * const screen = liveScreen(io, (now) => renderBoard(board.rows(), status, now, opts), {
 *   tickMs: 100, idleMs: 500, eager: false,
 * });
 * try {
 *   await screen.start();
 *   for await (const e of sub) { board.apply(e, Date.now()); screen.changed(); }
 * } finally {
 *   await screen.stop();
 * }
 * ```
 */
export function liveScreen(
  io: Io,
  render: (now: number) => string[],
  options: LiveScreenOptions,
): LiveScreen {
  let printed = 0;
  let lastDraw = 0;
  let dirty = true;
  let drawing: Promise<void> = Promise.resolve();
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = async (now: number) => {
    const lines = render(now);
    const text = redraw(printed, lines);
    printed = lines.length;
    lastDraw = now;
    dirty = false;
    await io.write(text);
  };
  const queue = (now?: number) => {
    drawing = drawing.then(() => draw(now ?? Date.now())).catch(() => {});
  };
  return {
    async start() {
      await io.write(HIDE_CURSOR);
      timer = setInterval(() => {
        const now = Date.now();
        if (dirty || now - lastDraw >= options.idleMs) queue(now);
      }, options.tickMs);
      await draw(Date.now());
    },
    changed() {
      dirty = true;
      if (options.eager) queue();
    },
    async stop() {
      if (timer !== undefined) clearInterval(timer);
      await drawing;
      await draw(Date.now()).catch(() => {});
      await io.write(SHOW_CURSOR).catch(() => {});
    },
  };
}
