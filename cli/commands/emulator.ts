/**
 * `upbit-ws emulate` and `upbit-ws replay`: the emulator on a port, alone or replaying a
 * recording (markets the recording holds and the default list lacks are added).
 *
 * @module
 */
import { loadEmulator } from "./connect.ts";
import { aborted, type Run } from "./lifetime.ts";
import type { Emulator } from "../../testing/server/emulator.ts";
import { parseRecording, type RecordedFrame } from "../../testing/replay/recording.ts";
import type { Io } from "../runtime.ts";

/** Markets of a recording that the default list lacks, priced from their first frame. */
function extraMarkets(
  frames: readonly RecordedFrame[],
  known: ReadonlySet<string>,
): { market: string; koreanName: string; englishName: string; price: number }[] {
  const out = new Map<string, number>();
  for (const f of frames) {
    const code = /"(?:code|cd)":"([A-Z0-9]+-[A-Z0-9]+)"/.exec(f.text)?.[1];
    if (code === undefined || known.has(code) || out.has(code)) continue;
    const price = /"(?:trade_price|tp|ask_price|ap)":(-?[\d.]+(?:E-?\d+)?)/i.exec(f.text)?.[1];
    out.set(code, Number(price) > 0 ? Number(price) : 1);
  }
  return [...out].map(([market, price]) => ({
    market,
    koreanName: market,
    englishName: market,
    price,
  }));
}

function printUrls(io: Io, emu: Emulator, what: string): Promise<void> {
  return io.write(
    `${what} on 127.0.0.1:${emu.port}\n` +
      `  public   ${emu.url}\n` +
      `  private  ${emu.privateUrl}\n` +
      `  info     ${emu.infoUrl}\n` +
      `  REST     ${emu.httpUrl}/v1/market/all\n` +
      `  control  ${emu.httpUrl}/__emulator/state\n` +
      `  (publish an announcement: POST ${emu.httpUrl}/__emulator/announcements;\n` +
      `   close a candle for indicators: POST ${emu.httpUrl}/__emulator/indicators/close)\n`,
  );
}

async function waitForSubscriber(emu: Emulator, signal: AbortSignal): Promise<void> {
  while (!signal.aborted) {
    if (emu.connections().some((c) => c.open && c.subscriptions.length > 0)) return;
    await new Promise<void>((r) => {
      const t = setTimeout(r, 50);
      signal.addEventListener("abort", () => {
        clearTimeout(t);
        r();
      }, { once: true });
    });
  }
}

/** `upbit-ws replay`: replays a recording through the emulator, once or in a loop. */
export const replay: Run<"replay"> = async (inv, io, life) => {
  const frames = parseRecording(await io.readText(inv.file));
  if (frames.length === 0) throw new Error(`Cannot replay "${inv.file}" as it holds no frames`);
  const { startEmulator } = await loadEmulator();
  const { defaultMarkets } = await import("../../testing/market/listings.ts");
  const markets = defaultMarkets();
  const known = new Set(markets.map((m) => m.market));
  const emu = await startEmulator({
    port: inv.port,
    market: { tickMs: 0, markets: [...markets, ...extraMarkets(frames, known)] },
  });
  try {
    await printUrls(
      io,
      emu,
      `upbit-ws replaying ${inv.file} (${frames.length} frames, speed ${inv.speed})`,
    );
    if (inv.wait) {
      await io.write("Waiting for a client to subscribe… (Ctrl-C to stop)\n");
      await waitForSubscriber(emu, life.signal);
    }
    let round = 0;
    while (!life.signal.aborted) {
      round++;
      const started = Date.now();
      const handle = emu.replay(frames, { speed: inv.speed });
      await Promise.race([handle.done, aborted(life.signal)]);
      handle.stop();
      await io.write(
        `replayed ${handle.sent} of ${frames.length} frames in ${
          ((Date.now() - started) / 1000).toFixed(1)
        } s${inv.loop ? ` (round ${round})` : ""}\n`,
      );
      if (!inv.loop) break;
    }
    return life.stopCode() ?? 0;
  } finally {
    await emu.close();
  }
};

/** `upbit-ws emulate`: runs the emulator until stopped. */
export const emulate: Run<"emulate"> = async (inv, io, life) => {
  const { startEmulator } = await loadEmulator();
  const emu = await startEmulator({ port: inv.port, market: { seed: inv.seed } });
  try {
    await printUrls(io, emu, "upbit-ws emulator listening");
    await io.write(
      `Accounts: add one with POST ${emu.httpUrl}/__emulator/accounts {"accessKey":"…","secretKey":"…"}\n` +
        `Ctrl-C to stop.\n`,
    );
    await aborted(life.signal);
    return life.stopCode() ?? 0;
  } finally {
    await emu.close();
  }
};
