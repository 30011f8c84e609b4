/**
 * Lists the package's public names: every symbol each entry point exports, with its kind, and
 * the members of its classes and interfaces (`deno doc --json` over the four entry points). The
 * list is kept in `docs/api-names.txt`, so a move or a rename inside `src/` that changes what a
 * user can name shows up as a diff there.
 *
 * Usage (Node 22): `node scripts/api-names.ts` prints the list; `--check` compares it with
 * `docs/api-names.txt` and exits 1 on a difference; `--write` rewrites the file.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";

const ENTRIES = ["mod.ts", "testing/mod.ts", "cli/mod.ts", "nats/mod.ts"];
const FILE = "docs/api-names.txt";

interface Member {
  name?: string;
  kind?: string;
  isStatic?: boolean;
  accessibility?: string;
}
interface Declaration {
  kind: string;
  def?: {
    methods?: Member[];
    properties?: Member[];
    constructors?: unknown[];
    callSignatures?: unknown[];
  };
}
interface DocSymbol {
  name: string;
  declarations: Declaration[];
}
interface DocJson {
  nodes: Record<string, { symbols?: DocSymbol[] }>;
}

/** Lines `entry kind name` and `entry kind name.member`, sorted, for one `deno doc --json`. */
export function apiNames(doc: DocJson, root: string): string[] {
  const lines = new Set<string>();
  for (const [url, node] of Object.entries(doc.nodes)) {
    const entry = url.replace(root, "");
    for (const symbol of node.symbols ?? []) {
      for (const d of symbol.declarations) {
        lines.add(`${entry} ${d.kind} ${symbol.name}`);
        for (const m of [...(d.def?.methods ?? []), ...(d.def?.properties ?? [])]) {
          if (m.name === undefined || m.accessibility === "private") continue;
          if (m.name.startsWith("#")) continue;
          lines.add(`${entry} ${d.kind} ${symbol.name}${m.isStatic ? "." : "#"}${m.name}`);
        }
      }
    }
  }
  return [...lines].sort();
}

if (import.meta.main) {
  const deno = new URL("../node_modules/.bin/deno", import.meta.url).pathname;
  const root = new URL("../", import.meta.url).href;
  const out = execFileSync(deno, ["doc", "--json", ...ENTRIES], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 256 * 1024 * 1024,
  });
  const text = apiNames(JSON.parse(out) as DocJson, root).join("\n") + "\n";
  if (process.argv.includes("--write")) {
    writeFileSync(FILE, text);
  } else if (process.argv.includes("--check")) {
    const kept = readFileSync(FILE, "utf8");
    if (kept !== text) {
      const a = new Set(kept.split("\n"));
      const b = new Set(text.split("\n"));
      for (const l of a) if (!b.has(l)) console.error(`- ${l}`);
      for (const l of b) if (!a.has(l)) console.error(`+ ${l}`);
      console.error(`The public names differ from ${FILE} (- gone, + new).`);
      process.exit(1);
    }
    console.log(`${text.split("\n").length - 1} public names, as in ${FILE}`);
  } else {
    process.stdout.write(text);
  }
}
