/**
 * The README's snippets, extracted and checked as written (used by `scripts/check-examples.ts`):
 *
 * - every ```` ```ts ```` block type-checks in a strict Node project WITHOUT the DOM library
 *   (`lib: ["ESNext"]`, `types: ["node"]`, `module: nodenext`) against the built package
 *   (`dist/`, through `node_modules/upbit-ws` → the repository, i.e. the `exports` map);
 * - the same blocks pass `deno check` (with `upbit-ws` mapped to `mod.ts`, as `@upbit-ws/core`);
 * - each runs on Node 22 and on Bun, with Upbit's endpoints redirected at the WebSocket
 *   constructor to a local emulator (a preload that refuses any other host), and with emulator
 *   keys in `UPBIT_ACCESS_KEY`/`UPBIT_SECRET_KEY`. A snippet passes if it exits 0 with nothing on
 *   stderr, or (a stream that runs until stopped) is still running after a few seconds having
 *   printed at least one line and nothing on stderr;
 * - every ```` ```sh ```` command names something that exists: `npx upbit-ws …` lines parse with
 *   the CLI's own parser, `node|deno|bun <file>` files exist, `npm run <x>` scripts exist, and
 *   any other program must be one of a short list of well-known tools (`curl`, `jq`).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "../cli/args/parse.ts";

/** One fenced block of README.md. */
export interface Snippet {
  lang: "ts" | "sh";
  /** 1-based line of the opening fence. */
  line: number;
  code: string;
}

/**
 * Every ```` ```ts ```` and ```` ```sh ```` block of a Markdown text, in order.
 *
 * @param markdown the text
 * @returns the blocks
 */
export function extractSnippets(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|sh)\s*$/.exec(lines[i] ?? "");
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i] ?? ""); i++) body.push(lines[i] ?? "");
    out.push({ lang: open[1] as "ts" | "sh", line: start + 1, code: body.join("\n") + "\n" });
  }
  return out;
}

/** Programs a README command may call that are not this project's. */
const KNOWN_TOOLS = new Set(["curl", "jq", "head", "nats-server"]);

/**
 * Checks the commands of one `sh` block; returns a list of problems (empty: fine).
 *
 * @param code the block
 * @param root the repository root (with a trailing slash)
 * @param scripts package.json's script names
 */
export function checkShell(code: string, root: string, scripts: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const joined = code.replace(/\\\n/g, " ");
  for (const rawLine of joined.split("\n")) {
    const line = rawLine.replace(/(^|\s)#.*$/, "").trim();
    if (line === "") continue;
    for (const part of line.split(/&&|\|\||\||;/)) {
      const words = [...part.trim().matchAll(/'[^']*'|"[^"]*"|\S+/g)].map((m) =>
        m[0].replace(/^'(.*)'$/, "$1").replace(/^"(.*)"$/, "$1")
      ).filter((w) => w !== "&");
      while (words[0] !== undefined && /^[A-Z_][A-Z0-9_]*=/.test(words[0])) words.shift();
      const [cmd, ...args] = words;
      if (cmd === undefined) continue;
      const where = `\`${part.trim()}\``;
      if (cmd === "npx" && args[0] === "upbit-ws") {
        try {
          parseArgs(args.slice(1));
        } catch (e) {
          problems.push(`${where}: the CLI refuses it: ${(e as Error).message}`);
        }
      } else if (cmd === "npm") {
        const [sub, name] = args;
        if (sub === "run" && (name === undefined || !scripts.has(name))) {
          problems.push(`${where}: package.json has no script ${JSON.stringify(name)}`);
        } else if (sub === "test" && !scripts.has("test")) {
          problems.push(`${where}: package.json has no test script`);
        } else if (!["ci", "run", "test", "install"].includes(sub ?? "")) {
          problems.push(`${where}: unexpected npm command`);
        }
      } else if (cmd === "node" || cmd === "deno" || cmd === "bun") {
        const file = args.find((a) => /\.(ts|js|mjs)$/.test(a));
        if (file === undefined) problems.push(`${where}: no script file`);
        else if (!existsSync(join(root, file))) problems.push(`${where}: ${file} does not exist`);
      } else if (!KNOWN_TOOLS.has(cmd)) {
        problems.push(`${where}: unknown program ${JSON.stringify(cmd)}`);
      }
    }
  }
  return problems;
}

/**
 * Rewrites Upbit's endpoints to the emulator's and refuses every other non-local host: in the
 * global `WebSocket` and, for Node (where the client declines permessage-deflate through the
 * `ws` package), in the `ws` package the client loads.
 */
const PRELOAD = `
import { createRequire } from "node:module";
const pub = process.env.README_WS_URL;
const priv = process.env.README_WS_PRIVATE_URL;
const info = process.env.README_WS_INFO_URL;
const nats = process.env.README_NATS_WS_URL;
function redirect(url) {
  let u = String(url);
  // The README's NATS WebSocket address, redirected to the nats-server started for the check.
  if (nats && /^ws:\\/\\/127\\.0\\.0\\.1:8080\\/?$/.test(u)) u = nats;
  if (u.startsWith("wss://api.upbit.com/websocket/v1/private")) u = priv;
  else if (u.startsWith("wss://api.upbit.com/websocket/v1/info")) u = info;
  else if (u.startsWith("wss://api.upbit.com/websocket/v1")) u = pub;
  if (!/^wss?:\\/\\/(127\\.0\\.0\\.1|localhost)[:/]/.test(u)) {
    throw new Error("README check: refusing to connect to " + u);
  }
  return u;
}
const Native = globalThis.WebSocket;
class Redirected extends Native {
  constructor(url, init) {
    super(redirect(url), init);
  }
}
globalThis.WebSocket = Redirected;
try {
  const ws = createRequire(new URL("./node_modules/upbit-ws/package.json", import.meta.url))("ws");
  const Base = ws.WebSocket;
  ws.WebSocket = class RedirectedWs extends Base {
    constructor(url, ...rest) {
      super(redirect(url), ...rest);
    }
  };
} catch {
  // No ws package: the client uses the global WebSocket, redirected above.
}
`;

/** A scratch project where `upbit-ws` is this repository (its `exports`, i.e. `dist/`). */
export interface Scratch {
  dir: string;
  /** The `ts` snippets as files, in README order. */
  files: { file: string; snippet: Snippet }[];
  close(): Promise<void>;
}

/**
 * Writes the `ts` snippets into a scratch project.
 *
 * @param root the repository root (with a trailing slash)
 * @param snippets the README's blocks
 */
export async function scratchProject(root: string, snippets: Snippet[]): Promise<Scratch> {
  const dir = await mkdtemp(join(tmpdir(), "upbit-ws-readme-"));
  await mkdir(join(dir, "node_modules"), { recursive: true });
  await symlink(root, join(dir, "node_modules/upbit-ws"), "dir");
  await symlink(join(root, "node_modules/@types"), join(dir, "node_modules/@types"), "dir");
  await writeFile(join(dir, "package.json"), JSON.stringify({ type: "module", private: true }));
  await writeFile(join(dir, "preload.mjs"), PRELOAD);
  const files: { file: string; snippet: Snippet }[] = [];
  for (const snippet of snippets.filter((s) => s.lang === "ts")) {
    const file = `readme_line_${snippet.line}.ts`;
    await writeFile(join(dir, file), snippet.code);
    // Deno's copy: the bare specifiers mapped to the sources, as JSR's `@upbit-ws/core` is.
    const deno = snippet.code
      .replaceAll('"upbit-ws/testing"', JSON.stringify(`${root}testing/mod.ts`))
      .replaceAll('"upbit-ws/nats"', JSON.stringify(`${root}nats/mod.ts`))
      .replaceAll('"upbit-ws"', JSON.stringify(`${root}mod.ts`));
    await writeFile(join(dir, `deno_${file}`), deno);
    files.push({ file, snippet });
  }
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        lib: ["ESNext"], // no DOM: a plain Node project
        types: ["node"],
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        noEmit: true,
        allowImportingTsExtensions: true,
      },
      files: files.map((f) => f.file),
    }),
  );
  return { dir, files, close: () => rm(dir, { recursive: true, force: true }) };
}

/** What a run of one snippet showed. */
export interface SnippetRun {
  code: number | string | null;
  stdout: string;
  stderr: string;
  /** Still running when the time was up (then killed). */
  running: boolean;
}

/**
 * Runs one snippet file until it exits or `ms` passes.
 *
 * @param cmd the runtime binary
 * @param args its arguments
 * @param cwd the scratch project
 * @param env extra environment
 * @param ms how long a long-running stream may run
 */
export function runSnippet(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  ms: number,
): Promise<SnippetRun> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let running = true;
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running = signal === "SIGKILL";
      resolve({ code: code ?? signal, stdout, stderr, running });
    });
  });
}

/**
 * Whether a run counts as working (see the module doc); returns the problem or `undefined`.
 *
 * @param r the run
 */
export function judgeRun(r: SnippetRun): string | undefined {
  const stderr = r.stderr.split("\n").filter((l) =>
    l.trim() !== "" && !/ExperimentalWarning|--trace-warnings/.test(l)
  );
  if (stderr.length > 0) return `stderr: ${stderr.slice(0, 8).join("\n")}`;
  if (r.running) {
    return r.stdout.trim() === ""
      ? "still running after the time given, and printed nothing"
      : undefined;
  }
  return r.code === 0 ? undefined : `exited ${r.code}`;
}

/**
 * Package script names.
 *
 * @param root the repository root
 */
export async function scriptNames(root: string): Promise<Set<string>> {
  const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  return new Set(Object.keys(pkg.scripts ?? {}));
}
