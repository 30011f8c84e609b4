/**
 * The files the dashboard serves: its page (`page/` beside this module; `scripts/build.ts`
 * copies it into `dist/`) and the chart library, TradingView Lightweight Charts™, read from the
 * installed `lightweight-charts` package, never from a CDN. Read once at start.
 *
 * @module
 */
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** One servable file. */
export interface Asset {
  /** `content-type` header value. */
  type: string;
  body: Uint8Array;
}

const PAGE_FILES: Readonly<Record<string, string>> = Object.freeze({
  "/": "index.html",
  "/app.js": "app.js",
  "/format.js": "format.js",
  "/shape.js": "shape.js",
  "/app.css": "app.css",
});

const TYPES: Readonly<Record<string, string>> = Object.freeze({
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  txt: "text/plain; charset=utf-8",
});

/** Where the chart library is served, and its license beside it. */
export const CHART_PATH = "/vendor/lightweight-charts.standalone.production.js";
/** The chart library's license (Apache-2.0), served for the attribution link. */
export const CHART_LICENSE_PATH = "/vendor/lightweight-charts.LICENSE.txt";

const CHART_FILE = "lightweight-charts/dist/lightweight-charts.standalone.production.js";

/**
 * Finds an installed package file by walking up from this module through `node_modules`
 * folders, as Node's resolver would (works from a clone, from `dist/`, and from an npm install
 * where the package may be hoisted).
 */
async function findInNodeModules(relative: string): Promise<string> {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "node_modules", relative);
    try {
      await stat(candidate);
      return candidate;
    } catch {
      // not here: one level up
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `Cannot serve the dashboard as the chart library is missing: install the "lightweight-charts" package (looked for node_modules/${relative})`,
      );
    }
    dir = parent;
  }
}

/**
 * Loads every file the dashboard serves, by URL path.
 *
 * @returns path → file
 * @throws {Error} when the page or the chart library cannot be read
 *
 * @example
 * ```ts
 * import { loadAssets } from "./assets.ts";
 * const assets = await loadAssets();
 * console.log(assets.get("/")?.type); // "text/html; charset=utf-8"
 * ```
 */
export async function loadAssets(): Promise<Map<string, Asset>> {
  if (new URL(import.meta.url).protocol !== "file:") {
    throw new Error(
      `Cannot serve the dashboard from ${
        new URL(import.meta.url).protocol
      } modules: run it from the npm package or a clone`,
    );
  }
  const out = new Map<string, Asset>();
  for (const [path, file] of Object.entries(PAGE_FILES)) {
    const body = await readFile(fileURLToPath(new URL(`./page/${file}`, import.meta.url)));
    out.set(path, { type: TYPES[file.split(".").pop() ?? "txt"] ?? TYPES["txt"]!, body });
  }
  const chart = await findInNodeModules(CHART_FILE);
  out.set(CHART_PATH, { type: TYPES["js"]!, body: await readFile(chart) });
  const license = join(dirname(dirname(chart)), "LICENSE");
  out.set(CHART_LICENSE_PATH, { type: TYPES["txt"]!, body: await readFile(license) });
  return out;
}
