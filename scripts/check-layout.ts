/**
 * Checks the shape of the library's code (issue 12): in `src/`, `testing/`, `cli/` and `nats/`,
 *
 * - no file imports a file that imports it back, directly or through a chain (type-only imports
 *   count: a cycle of types is still two files that cannot be read one before the other);
 * - a file longer than {@linkcode MAX_LINES} lines says why in its opening comment: "longer than
 *   250 lines: …", "over 250 lines because …" or "long because …".
 *
 * Usage (Node 22): `node scripts/check-layout.ts`. Prints every problem and exits 1 if there is one.
 *
 * @module
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The length above which a file must say why it is long. */
export const MAX_LINES = 250;

const ROOTS = ["src", "testing", "cli", "nats"];
const REASON = /(?:longer than|over|more than) 250 lines|\blong(?:er)?\b[^.]{0,80}?\bbecause\b/i;

/** Drops comments (and the examples inside them) so only real imports are seen. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
}

/** The relative `.ts` files a source imports or re-exports, statically or with `import()`. */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+\.ts)["']/g;
  for (const m of code(text).matchAll(re)) out.push(m[1]!);
  return out;
}

/** Every cycle in a graph, each as the list of its files (one entry per strongly connected set). */
export function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's strongly connected components; a component of two or more files is a cycle.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indices.get(w)!));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

if (import.meta.main) {
  const root = resolve(new URL("..", import.meta.url).pathname);
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const top of ROOTS) {
    for (const file of files(join(root, top))) {
      const text = readFileSync(file, "utf8");
      const rel = relative(root, file);
      graph.set(rel, importsOf(text).map((s) => relative(root, resolve(dirname(file), s))));
      const lines = text.split("\n").length;
      const opening = text.slice(0, 3000);
      if (lines > MAX_LINES && !REASON.test(opening.replace(/\s*\n\s*\*?\s*/g, " "))) {
        problems.push(`${rel}: ${lines} lines, and its opening comment does not say why`);
      }
    }
  }
  for (const c of cycles(graph)) problems.push(`import cycle: ${c.join(" ↔ ")}`);
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(`${problems.length} layout problems`);
    process.exit(1);
  }
  console.log(`${graph.size} files: no import cycle, every long file says why`);
}
