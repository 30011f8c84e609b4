/**
 * `npm run demo`: a live market on the built-in emulator — no network, no keys. Starts the
 * emulator in this process, points an {@linkcode UpbitClient} at it, and shows tickers and the
 * top of the book for a handful of KRW markets, with the client's health and metrics, until
 * Ctrl-C or `--duration <s>`. When stdout is not a terminal it prints one plain line a second.
 *
 * Usage: `node scripts/demo.ts [--duration <s>] [--codes KRW-BTC,KRW-ETH]` (also runs on Deno
 * with `-A` and on Bun). Exits 0 when stopped by Ctrl-C or the duration, 1 on a failure,
 * 2 on a bad argument.
 *
 * @module
 */
import { UpbitClient } from "../mod.ts";
import { startEmulator } from "../testing/mod.ts";
import { parseCodes } from "../cli/args/target.ts";
import { UsageError } from "../cli/args/invocation.ts";
import { Board } from "../cli/format/board.ts";
import { formatBytes, formatElapsed } from "../cli/format/numbers.ts";
import { HIDE_CURSOR, redraw, SHOW_CURSOR } from "../cli/format/terminal.ts";
import { type LadderUnit, renderLadder } from "../cli/format/ladder.ts";
import { plainLine } from "../cli/format/lines.ts";
import { renderBoard } from "../cli/format/board_view.ts";
import { currentIo, type Io } from "../cli/runtime.ts";

const DEFAULT_CODES = ["KRW-BTC", "KRW-ETH", "KRW-XRP", "KRW-SOL", "KRW-DOGE"];

interface DemoArgs {
  durationMs: number | undefined;
  codes: string[];
}

function parse(argv: readonly string[]): DemoArgs {
  let durationMs: number | undefined;
  let codes = DEFAULT_CODES;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    const [name, inline] = arg.includes("=") ? arg.split("=", 2) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (name === "--duration") {
      const raw = value();
      const s = Number(raw);
      if (raw === undefined || !(s > 0) || !Number.isFinite(s)) {
        throw new UsageError(
          `Cannot run the demo as --duration must be a number of seconds above 0: current value is ${
            JSON.stringify(raw ?? "")
          }`,
        );
      }
      durationMs = Math.round(s * 1000);
    } else if (name === "--codes") {
      codes = parseCodes("watch", [value() ?? ""]);
      if (codes.length === 0) throw new UsageError("Cannot run the demo as --codes is empty");
    } else if (name === "-h" || name === "--help") {
      throw new UsageError("Usage: npm run demo -- [--duration <s>] [--codes KRW-BTC,KRW-ETH]");
    } else {
      throw new UsageError(
        `Cannot run the demo as it has no option ${name}: current value is ${JSON.stringify(arg)}`,
      );
    }
  }
  return { durationMs, codes };
}

async function demo(io: Io, args: DemoArgs): Promise<number> {
  const started = Date.now();
  const emu = await startEmulator();
  const client = new UpbitClient({ name: "demo", url: emu.url });
  const stop = new AbortController();
  const offSignal = io.onSignal(() => stop.abort());
  const timer = args.durationMs === undefined
    ? undefined
    : setTimeout(() => stop.abort(), args.durationMs);
  const board = new Board(args.codes);
  let book: { code: string; units: readonly LadderUnit[] } | undefined;
  let lastError: string | undefined;
  client.addEventListener("error", (e) => {
    lastError = `${e.error.code}: ${e.error.message}`;
  });
  const [first] = args.codes;
  const tickers = client.subscribeTicker(args.codes, (t) => board.apply(t, Date.now()), {
    signal: stop.signal,
  });
  const books = client.subscribeOrderbook(args.codes, (b) => {
    board.apply(b, Date.now());
    if (b.code === first) book = { code: b.code, units: b.orderbookUnits };
  }, { units: 5, signal: stop.signal });

  const tty = io.isTty;
  const color = io.env("NO_COLOR") === undefined;
  let printed = 0;
  let lastEvents = 0;
  let lastAt = started;
  let rate = 0;
  const frame = (now: number): string[] => {
    if (now - lastAt >= 1000) {
      rate = ((board.events - lastEvents) * 1000) / (now - lastAt);
      lastEvents = board.events;
      lastAt = now;
    }
    const width = io.columns();
    const health = client.health();
    const m = client.metrics();
    const lines = [
      `upbit-ws demo — a live market on the built-in emulator (${emu.url}); Ctrl-C to stop`,
      "",
      ...renderBoard(
        board.rows(),
        {
          state: health.connections[0]?.state ?? "connecting",
          title: "ticker + orderbook",
          rate,
          ...(lastError !== undefined ? { error: lastError } : {}),
        },
        now,
        { color, width },
      ),
      "",
      ...(book ? renderLadder(book.code, book.units, 5, { color, width }) : []),
      "",
      `health ${health.status}  frames ${m.frames.toLocaleString("en-US")}  ${
        formatBytes(m.bytes)
      }  requests ${m.requestsSent}  reconnects ${m.reconnects}  drops ${m.overflowDrops}  up ${
        formatElapsed(now - started)
      }`,
    ];
    return lines;
  };

  // A terminal gets a redraw at most 10 times a second; a pipe one plain line a second.
  const period = tty ? 100 : 1000;
  let writing: Promise<void> = tty ? io.write(HIDE_CURSOR) : Promise.resolve();
  const tick = () => {
    const now = Date.now();
    let text: string;
    if (tty) {
      const lines = frame(now);
      text = redraw(printed, lines);
      printed = lines.length;
    } else {
      const state = client.health().connections[0]?.state ?? "connecting";
      text = `${plainLine(board.rows(), state, now - started)}\n`;
    }
    writing = writing.then(() => io.write(text)).catch(() => stop.abort());
  };
  const interval = setInterval(tick, period);
  await new Promise<void>((resolve) => {
    if (stop.signal.aborted) resolve();
    else stop.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  clearInterval(interval);
  if (timer !== undefined) clearTimeout(timer);
  offSignal();
  tickers.close();
  books.close();
  tick();
  await writing;
  if (tty) await io.write(SHOW_CURSOR).catch(() => {});
  const m = client.metrics();
  await client.close();
  await emu.close();
  io.error(
    `demo: ${board.events} events, ${m.frames} frames, ${formatBytes(m.bytes)} in ${
      ((Date.now() - started) / 1000).toFixed(1)
    } s; client and emulator closed\n`,
  );
  return 0;
}

const io = currentIo();
let code: number;
try {
  code = await demo(io, parse(io.args));
} catch (e) {
  const usage = e instanceof UsageError;
  io.error(`${usage ? "" : "demo: "}${e instanceof Error ? e.message : String(e)}\n`);
  code = usage ? 2 : 1;
}
await io.exit(code);
