import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { run } from "../../cli/run.ts";
import type { Io } from "../../cli/runtime.ts";
import { VERSION } from "../../cli/help.ts";
import { isWorkerd } from "../_helpers/emulator.ts";

/** An adapter that records what a command prints; files and signals are refused. */
function fakeIo(): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    args: [],
    env: () => undefined,
    isTty: false,
    columns: () => 80,
    write(text: string) {
      io.out += text;
      return Promise.resolve();
    },
    error(text: string) {
      io.err += text;
    },
    onSignal: () => () => {},
    readText: () => Promise.reject(new Error("no files here")),
    createFile: () => Promise.reject(new Error("no files here")),
    exit: () => Promise.reject(new Error("exit is the caller's")),
  };
  return io;
}

describe("run: exit codes and output of the commands that need no network", () => {
  it("prints the overview and a command's help to stdout, exit 0", async () => {
    const io = fakeIo();
    assert.equal(await run([], io), 0);
    assert.match(io.out, /^upbit-ws \d+\.\d+\.\d+ — /);
    const watch = fakeIo();
    assert.equal(await run(["watch", "--help"], watch), 0);
    assert.match(watch.out, /^Usage: upbit-ws watch <type> <codes…>/);
    assert.equal(watch.err, "");
  });

  it("prints the version, exit 0", async () => {
    const io = fakeIo();
    assert.equal(await run(["--version"], io), 0);
    assert.equal(io.out, `${VERSION}\n`);
  });

  it("exits 2 on a bad command line, naming the value and the help to read, on stderr", async () => {
    const io = fakeIo();
    assert.equal(await run(["snapshot", "ticker", "btc"], io), 2);
    assert.equal(io.out, "");
    assert.equal(
      io.err,
      'upbit-ws: Cannot run snapshot as each market code must look like KRW-BTC: current value is "btc"\n' +
        'Run "upbit-ws snapshot --help" for usage.\n',
    );
    const unknown = fakeIo();
    assert.equal(await run(["serve"], unknown), 2);
    assert.match(unknown.err, /current value is "serve"\nRun "upbit-ws --help" for usage\.\n$/);
  });

  it("exits 1 on a runtime failure, with the reason on stderr", async () => {
    const io = fakeIo();
    assert.equal(await run(["replay", "missing.ndjson"], io), 1);
    assert.equal(io.err, "upbit-ws: no files here\n");
    const rec = fakeIo();
    assert.equal(await run(["record", "out.ndjson", "ticker", "KRW-BTC"], rec), 1);
    assert.equal(rec.err, "upbit-ws: no files here\n");
  });
});

describe("run: watch on a terminal draws its live view (the emulator, no network)", {
  // `--emulator` starts the emulator's server (ws, node:http) in-process, which a Worker cannot
  // host; the live screen's drawing runs on workerd in tests/cli/live_screen.test.ts.
  skip: isWorkerd() && "workerd: --emulator needs a server, which a Worker cannot host",
}, () => {
  // The status line names the endpoint the stream is served on (private streams: the private one).
  const views: [string[], RegExp, string][] = [
    [["watch", "ticker", "KRW-BTC"], /KRW-BTC/, "/websocket/v1"],
    [["watch", "myAsset"], /myAsset \+ myOrder/, "/websocket/v1/private"],
    [["watch", "myOrder"], /myOrder \+ myAsset/, "/websocket/v1/private"],
    [["watch", "announcement"], /announcement/, "/websocket/v1/private"],
  ];
  for (const [argv, shown, path] of views) {
    it(`${argv.slice(0, 2).join(" ")}: hides the cursor, draws, and on Ctrl-C shows it again`, async () => {
      // Wide enough that the status line keeps the whole URL.
      const io = Object.assign(fakeIo(), { isTty: true, columns: () => 200 });
      const out: string[] = [];
      let interrupt: ((s: "SIGINT") => void) | undefined;
      io.onSignal = (handler) => {
        interrupt = handler;
        return () => {};
      };
      io.write = (text: string) => {
        out.push(text);
        // Once the view shows the connection open, stop as a user would.
        if (/\bopen\b/.test(text) && shown.test(text)) {
          interrupt?.("SIGINT");
          interrupt = undefined;
        }
        return Promise.resolve();
      };
      const code = await run([...argv, "--emulator", "--no-color"], io);
      assert.equal(code, 130, io.err);
      const text = out.join("");
      assert.ok(text.startsWith("\x1b[?25l"), JSON.stringify(text.slice(0, 20)));
      assert.ok(text.endsWith("\x1b[?25h"));
      const url = /emulator (ws:\/\/127\.0\.0\.1:\d+(\/[\w/]*)?)/.exec(text);
      assert.equal(url?.[2], path, url?.[1]);
    });
  }
});

describe("run: snapshot and markets on the emulator (no network)", {
  skip: isWorkerd() && "workerd: --emulator needs a server, which a Worker cannot host",
}, () => {
  it("snapshot: prints the codes that answered, in order, names the silent ones, exit 1", async () => {
    const io = fakeIo();
    const argv = ["snapshot", "ticker", "KRW-BTC", "KRW-NOPE", "KRW-ETH", "--emulator"];
    assert.equal(await run([...argv, "--timeout", "0.5"], io), 1);
    const lines = io.out.split("\n").filter((l) => l !== "");
    assert.deepEqual(lines.map((l) => (JSON.parse(l) as { code: string }).code), [
      "KRW-BTC",
      "KRW-ETH",
    ]);
    assert.equal(io.err, 'upbit-ws: No snapshot within 500 ms for "KRW-NOPE"\n');
  });

  it("markets and relay: a --quote no market has is a bad argument naming the quotes, exit 2", async () => {
    const io = fakeIo();
    assert.equal(await run(["markets", "--quote", "xyz", "--emulator"], io), 2);
    assert.equal(io.out, "");
    assert.equal(
      io.err,
      'upbit-ws: Cannot run markets as no market is quoted in "XYZ": known quotes are KRW, BTC, USDT\n' +
        'Run "upbit-ws markets --help" for usage.\n',
    );
    // relay reads the quote's codes before it connects to NATS, so nothing listens there.
    const relay = fakeIo();
    const argv = ["relay", "--nats", "nats://127.0.0.1:1", "--quote", "XYZ", "--emulator"];
    assert.equal(await run(argv, relay), 2);
    assert.match(relay.err, /^upbit-ws: Cannot run relay as no market is quoted in "XYZ": known/);
    const known = fakeIo();
    assert.equal(await run(["markets", "--quote", "USDT", "--emulator"], known), 0);
    assert.match(known.out, /^\{"market":"USDT-/);
  });
});
