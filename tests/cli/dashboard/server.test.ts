// @workerd-skip-bundle: starts the dashboard's own HTTP server (node:http), which a Worker cannot host; its pure parts (Host check, token, coalescing, SSE framing) run on workerd in tests/cli/dashboard/units.test.ts
/**
 * The dashboard's HTTP server on Node, Deno and Bun, over real loopback requests: what it serves
 * and with which headers, the Host check (DNS rebinding), the token that guards private data,
 * and the event stream fed by a real client on the emulator. Also the `dashboard` command end to
 * end up to the URL it prints. The page itself is tested in Chromium in dashboard_browser.test.ts.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { request } from "node:http";
import { UpbitClient } from "../../../mod.ts";
import { startEmulator } from "../../../testing/server/server.ts";
import { startDashboard } from "../../../cli/dashboard/start.ts";
import { CHART_LICENSE_PATH, CHART_PATH } from "../../../cli/dashboard/assets.ts";
import { run } from "../../../cli/run.ts";
import { wsconnect } from "@nats-io/nats-core";
import { relay, UpbitNatsClient } from "../../../nats/mod.ts";
import { useNats } from "../../_helpers/nats.ts";
import type { Io, Signal } from "../../../cli/runtime.ts";

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET (or another method) with any Host header, which fetch does not allow setting. */
function get(
  port: number,
  path: string,
  options: { host?: string; method?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      method: options.method ?? "GET",
      headers: { host: options.host ?? `127.0.0.1:${port}` },
    }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Reads an event stream until `done` says it has enough, then closes it. */
function readStream(
  port: number,
  path: string,
  done: (text: string) => boolean,
  timeoutMs = 5000,
): Promise<{ status: number; type: string | undefined; text: string }> {
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`stream did not deliver in ${timeoutMs} ms: ${text.slice(0, 300)}`));
    }, timeoutMs);
    const req = request({
      host: "127.0.0.1",
      port,
      path,
      headers: { host: `127.0.0.1:${port}` },
    }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        text += c;
        if (done(text)) {
          clearTimeout(timer);
          res.destroy();
          resolve({
            status: res.statusCode ?? 0,
            type: res.headers["content-type"],
            text,
          });
        }
      });
      res.on("error", () => {});
    });
    req.on("error", () => {});
    req.end();
  });
}

/** Parses the `data:` of every SSE message of a name. */
function messages(text: string, event: string): Record<string, unknown>[] {
  return text.split("\n\n").filter((m) => m.startsWith(`event: ${event}\n`)).map((m) =>
    JSON.parse(m.slice(m.indexOf("data: ") + 6))
  );
}

async function withDashboard(
  privateData: boolean,
  fn: (d: { port: number; url: string; emu: Awaited<ReturnType<typeof startEmulator>> }) => Promise<
    void
  >,
): Promise<void> {
  const emu = await startEmulator({
    market: { tickMs: 0 },
    accounts: [{ accessKey: "ak", secretKey: "sk", balances: { KRW: 1_000_000 } }],
  });
  const client = new UpbitClient({
    url: emu.url,
    privateUrl: emu.privateUrl,
    accessKey: "ak",
    secretKey: "sk",
  });
  const dash = await startDashboard({ client, codes: ["KRW-BTC"], private: privateData });
  try {
    await fn({ port: dash.port, url: dash.url, emu });
  } finally {
    await dash.close();
    await client.close();
    await emu.close();
  }
}

describe("dashboard server: what it serves", () => {
  it("serves the page, its scripts and the chart library from the package, with safe headers", async () => {
    await withDashboard(false, async ({ port, url }) => {
      assert.equal(url, `http://127.0.0.1:${port}/`);
      const page = await get(port, "/");
      assert.equal(page.status, 200);
      assert.match(String(page.headers["content-type"]), /^text\/html/);
      assert.match(String(page.headers["content-security-policy"]), /script-src 'self'/);
      assert.match(String(page.headers["content-security-policy"]), /connect-src 'self'/);
      assert.equal(page.headers["x-content-type-options"], "nosniff");
      assert.equal(page.headers["referrer-policy"], "no-referrer");
      assert.match(page.body, new RegExp(CHART_PATH.replaceAll(".", "\\.")));
      assert.doesNotMatch(page.body, /https?:\/\/(?!www\.tradingview\.com\/")/);
      for (const path of ["/app.js", "/format.js", "/shape.js", "/app.css"]) {
        assert.equal((await get(port, path)).status, 200, path);
      }
      const chart = await get(port, CHART_PATH);
      assert.equal(chart.status, 200);
      assert.match(chart.body, /TradingView Lightweight Charts™ v5\.2\.1/);
      const license = await get(port, CHART_LICENSE_PATH);
      assert.match(license.body, /Apache License/);
      assert.equal((await get(port, "/nope")).status, 404);
      assert.equal((await get(port, "/", { method: "POST" })).status, 405);
    });
  });

  it("refuses a request whose Host is not 127.0.0.1 or localhost on its port (DNS rebinding)", async () => {
    await withDashboard(false, async ({ port }) => {
      for (const path of ["/", "/events", "/app.js", CHART_PATH]) {
        const a = await get(port, path, { host: `attacker.example:${port}` });
        assert.equal(a.status, 403, path);
        assert.doesNotMatch(a.body, /KRW-BTC/);
      }
      assert.equal((await get(port, "/", { host: `localhost:${port}` })).status, 200);
      assert.equal((await get(port, "/", { host: `127.0.0.1:${port + 1}` })).status, 403);
    });
  });

  it("with private data, serves the page and the stream only with the URL's token", async () => {
    await withDashboard(true, async ({ port, url }) => {
      const token = new URL(url).searchParams.get("token");
      assert.match(token ?? "", /^[A-Za-z0-9_-]{43}$/);
      assert.equal((await get(port, "/")).status, 403);
      assert.equal((await get(port, "/events")).status, 403);
      assert.equal((await get(port, `/events?token=${"x".repeat(43)}`)).status, 403);
      assert.equal((await get(port, `/?token=${token}`)).status, 200);
      // Static files hold no data and need no token.
      assert.equal((await get(port, "/app.js")).status, 200);
      const s = await readStream(port, `/events?token=${token}`, (t) => t.includes("\n\n", 20));
      assert.equal(s.status, 200);
      const snap = messages(s.text, "snapshot")[0];
      assert.equal(snap?.["private"], true);
      assert.deepEqual(snap?.["balances"], []);
    });
  });
});

describe("dashboard server: the event stream", () => {
  it("sends a snapshot, then coalesced updates with the emulator's prices and the feed status", async () => {
    await withDashboard(false, async ({ port, emu }) => {
      const stepper = setInterval(() => emu.market.step(), 20);
      try {
        const s = await readStream(
          port,
          "/events",
          (t) => messages(t, "update").some((u) => Array.isArray(u["tickers"])),
        );
        assert.match(String(s.type), /^text\/event-stream/);
        assert.match(s.text, /^retry: 1000\n\nevent: snapshot\n/);
        const snap = messages(s.text, "snapshot")[0];
        assert.deepEqual(snap?.["codes"], ["KRW-BTC"]);
        assert.equal(snap?.["private"], false);
        const update = messages(s.text, "update").find((u) => Array.isArray(u["tickers"]));
        const tickers = update?.["tickers"] as { code: string; price: number }[];
        assert.equal(tickers.length, 1, "one ticker per code per update, however many arrived");
        assert.equal(tickers[0]?.code, "KRW-BTC");
        assert.ok(tickers[0]!.price > 0);
        const status = update?.["status"] as { state: string; connections: unknown[] };
        assert.ok(["live", "connecting"].includes(status.state), status.state);
      } finally {
        clearInterval(stepper);
      }
    });
  });
});

describe("dashboard command", () => {
  it("starts on the emulator, prints the URL with its token and the control API, stops at --duration", async () => {
    let out = "";
    const io: Io = {
      args: [],
      env: () => undefined,
      isTty: false,
      columns: () => 80,
      write: (t) => {
        out += t;
        return Promise.resolve();
      },
      error: () => {},
      onSignal: (_h: (s: Signal) => void) => () => {},
      readText: () => Promise.reject(new Error("no files")),
      createFile: () => Promise.reject(new Error("no files")),
      exit: () => Promise.reject(new Error("no exit")),
    };
    const running = run(["dashboard", "--emulator", "--duration", "1"], io);
    const deadline = Date.now() + 5000;
    while (!out.includes("Ctrl-C") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const url = /^upbit-ws dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/\?token=\S+)$/m.exec(out);
    assert.ok(url, out);
    assert.match(
      out,
      /emulator {2}control API http:\/\/127\.0\.0\.1:\d+\/__emulator\/ \(account cli-/,
    );
    const port = Number(url[2]);
    const path = url[1]!.slice(`http://127.0.0.1:${port}`.length);
    assert.equal((await get(port, path)).status, 200);
    assert.equal(await running, 0);
    await assert.rejects(get(port, path));
  });
});

describe("dashboard fed by a NATS relay (--nats)", () => {
  it("shows what upbit-ws relay publishes, with the bus connection in the status", async (t) => {
    const nats = await useNats(t);
    if (nats === undefined) return;
    const emu = await startEmulator({ market: { tickMs: 0 } });
    const upstream = new UpbitClient({ url: emu.url });
    const nc = await wsconnect({ servers: nats.url });
    const r = relay(upstream, { nats: nc, lease: { ttlMs: 600 } });
    const bus = new UpbitNatsClient({ servers: nats.url });
    const stepper = setInterval(() => emu.market.step(), 50);
    const dash = await startDashboard({ bus, codes: ["KRW-BTC"], private: false });
    try {
      await r.ready;
      const s = await readStream(
        dash.port,
        "/events",
        (text) => messages(text, "update").some((u) => Array.isArray(u["tickers"])),
        15_000,
      );
      const update = messages(s.text, "update").find((u) => Array.isArray(u["tickers"]));
      const tickers = update?.["tickers"] as { code: string; price: number }[];
      assert.equal(tickers[0]?.code, "KRW-BTC");
      assert.ok(tickers[0]!.price > 0);
      const status = update?.["status"] as { connections: { name: string; raw: string }[] };
      assert.deepEqual(status.connections.map((c) => c.name), ["nats"]);
      await assert.rejects(
        startDashboard({ bus, codes: ["KRW-BTC"], private: true }),
        /private data from a bus/,
      );
      // The command: `dashboard --nats <url>` starts, says where it reads from, stops at --duration.
      let out = "";
      const io: Io = {
        args: [],
        env: () => undefined,
        isTty: false,
        columns: () => 80,
        write: (text) => {
          out += text;
          return Promise.resolve();
        },
        error: () => {},
        onSignal: () => () => {},
        readText: () => Promise.reject(new Error("no files")),
        createFile: () => Promise.reject(new Error("no files")),
        exit: () => Promise.reject(new Error("no exit")),
      };
      assert.equal(
        await run(["dashboard", "KRW-BTC", "--nats", nats.url, "--duration", "1"], io),
        0,
      );
      assert.match(out, /^upbit-ws dashboard: http:\/\/127\.0\.0\.1:\d+\/$/m);
      assert.match(out, new RegExp(`feed {6}NATS ${nats.url.replaceAll(".", "\\.")} `));
    } finally {
      clearInterval(stepper);
      await dash.close();
      await bus.close();
      await r.close();
      await nc.close();
      await upstream.close();
      await emu.close();
      await nats.stop();
    }
  });
});
