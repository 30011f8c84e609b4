/**
 * The CLI's only contact with its runtime: arguments, environment, stdout/stderr, terminal size,
 * signals, files and exit. One implementation on Deno's namespace, one on Node's `process`
 * (which Bun implements too); every command takes an {@linkcode Io}, so nothing else in `cli/`
 * knows where it runs.
 *
 * @module
 */

/** A file being written line by line. */
export interface FileWriter {
  /** Appends text (buffered by the caller). */
  write(text: string): Promise<void>;
  /** Flushes and closes. */
  close(): Promise<void>;
}

/** The signals the CLI handles. */
export type Signal = "SIGINT" | "SIGTERM";

/**
 * What the CLI needs from its runtime.
 *
 * @example Print a line through the adapter `main` is given
 * ```ts
 * import type { Io } from "upbit-ws/cli";
 * const greet = (io: Io): Promise<void> => io.write("hello\n");
 * ```
 */
export interface Io {
  /** The arguments after the program name. */
  readonly args: readonly string[];
  /** An environment variable, or undefined (also when not permitted). */
  env(name: string): string | undefined;
  /** Whether stdout is a terminal. */
  readonly isTty: boolean;
  /** Terminal columns (80 when unknown). */
  columns(): number;
  /**
   * Writes to stdout; resolves once the runtime accepted it. Rejects with an error whose `code`
   * is `"EPIPE"` once stdout is gone.
   */
  write(text: string): Promise<void>;
  /** Writes to stderr (best effort, synchronous where possible). */
  error(text: string): void;
  /** Calls `handler` on SIGINT/SIGTERM; returns the unsubscribe function. */
  onSignal(handler: (signal: Signal) => void): () => void;
  /** Reads a UTF-8 file. */
  readText(path: string): Promise<string>;
  /** Creates (truncates) a file for writing. */
  createFile(path: string): Promise<FileWriter>;
  /** Flushes stdout and ends the process with the code. */
  exit(code: number): Promise<never>;
}

const encoder = new TextEncoder();

/** The error `write` rejects with once stdout is gone (a closed pipe, e.g. `| head`). */
function stdoutClosed(cause: unknown): Error {
  return Object.assign(new Error("Cannot write as stdout is closed", { cause }), { code: "EPIPE" });
}

interface DenoFile {
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

interface DenoNamespace {
  args: string[];
  env: { get(name: string): string | undefined };
  permissions: { querySync(d: { name: "env"; variable: string }): { state: string } };
  stdout: { isTerminal(): boolean; write(p: Uint8Array): Promise<number> };
  stderr: { writeSync(p: Uint8Array): number };
  consoleSize(): { columns: number; rows: number };
  addSignalListener(signal: Signal, handler: () => void): void;
  removeSignalListener(signal: Signal, handler: () => void): void;
  readTextFile(path: string): Promise<string>;
  open(path: string, options: { write: true; create: true; truncate: true }): Promise<DenoFile>;
  exit(code: number): never;
  build: { os: string };
}

async function writeAll(sink: { write(p: Uint8Array): Promise<number> }, text: string) {
  let bytes = encoder.encode(text);
  while (bytes.byteLength > 0) {
    const n = await sink.write(bytes);
    bytes = bytes.subarray(n);
  }
}

function denoIo(deno: DenoNamespace): Io {
  return {
    args: deno.args,
    env(name) {
      try {
        const state = deno.permissions.querySync({ name: "env", variable: name }).state;
        return state === "granted" ? deno.env.get(name) : undefined;
      } catch {
        return undefined;
      }
    },
    isTty: deno.stdout.isTerminal(),
    columns() {
      try {
        return deno.consoleSize().columns || 80;
      } catch {
        return 80;
      }
    },
    write: (text) =>
      writeAll(deno.stdout, text).catch((e: unknown) => {
        throw (e as Error)?.name === "BrokenPipe" ? stdoutClosed(e) : e;
      }),
    error(text) {
      try {
        deno.stderr.writeSync(encoder.encode(text));
      } catch {
        // stderr gone: nothing to tell anyone
      }
    },
    onSignal(handler) {
      const signals: Signal[] = deno.build.os === "windows" ? ["SIGINT"] : ["SIGINT", "SIGTERM"];
      const bound = signals.map((s) => [s, () => handler(s)] as const);
      for (const [s, h] of bound) deno.addSignalListener(s, h);
      return () => {
        for (const [s, h] of bound) deno.removeSignalListener(s, h);
      };
    },
    readText: (path) => deno.readTextFile(path),
    async createFile(path) {
      const file = await deno.open(path, { write: true, create: true, truncate: true });
      return {
        write: (text) => writeAll(file, text),
        close: () => Promise.resolve(file.close()),
      };
    },
    exit: (code) => Promise.resolve(deno.exit(code)),
  };
}

interface NodeStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string, callback?: (error?: Error | null) => void): boolean;
}

interface NodeProcess {
  argv: string[];
  env: Record<string, string | undefined>;
  stdout: NodeStream & { on?(event: "error", fn: (error: Error) => void): unknown };
  stderr: NodeStream;
  on(signal: Signal, handler: () => void): unknown;
  off(signal: Signal, handler: () => void): unknown;
  exit(code: number): never;
  exitCode?: number | string | undefined;
}

function nodeIo(proc: NodeProcess): Io {
  let broken: Error | undefined;
  // EPIPE (e.g. `| head`) arrives as an 'error' event; without a listener it would crash.
  proc.stdout.on?.("error", (error) => {
    broken = stdoutClosed(error);
  });
  return {
    args: proc.argv.slice(2),
    env: (name) => proc.env[name],
    isTty: proc.stdout.isTTY === true,
    columns: () => proc.stdout.columns || 80,
    write(text) {
      if (broken) return Promise.reject(broken);
      return new Promise((resolve, reject) => {
        proc.stdout.write(text, (error) => {
          if (error) {
            broken = stdoutClosed(error);
            reject(broken);
          } else resolve();
        });
      });
    },
    error(text) {
      proc.stderr.write(text);
    },
    onSignal(handler) {
      const bound = (["SIGINT", "SIGTERM"] as const).map((s) => [s, () => handler(s)] as const);
      for (const [s, h] of bound) proc.on(s, h);
      return () => {
        for (const [s, h] of bound) proc.off(s, h);
      };
    },
    async readText(path) {
      const fs = await import("node:fs/promises");
      return await fs.readFile(path, "utf8");
    },
    async createFile(path) {
      const fs = await import("node:fs/promises");
      const handle = await fs.open(path, "w");
      return {
        write: async (text) => {
          await handle.write(text);
        },
        close: () => handle.close(),
      };
    },
    async exit(code) {
      // Wait until stdout took everything written so far, then leave.
      if (!broken) await new Promise<void>((r) => proc.stdout.write("", () => r()));
      return proc.exit(code);
    },
  };
}

/**
 * The adapter for the runtime this runs on: Deno's namespace on Deno, `process` on Node and Bun.
 *
 * @returns the adapter
 * @throws {Error} on a runtime with neither (e.g. a browser or workerd)
 *
 * @example
 * ```ts
 * import { currentIo } from "./runtime.ts";
 * console.log(currentIo().isTty);
 * ```
 */
export function currentIo(): Io {
  const g = globalThis as { Deno?: DenoNamespace; process?: NodeProcess };
  if (g.Deno !== undefined && typeof g.Deno.args !== "undefined") return denoIo(g.Deno);
  if (g.process !== undefined && Array.isArray(g.process.argv)) return nodeIo(g.process);
  throw new Error("Cannot run the upbit-ws command as this runtime has neither Deno nor process");
}
