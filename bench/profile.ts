/**
 * Summarises V8 `.cpuprofile` files (from `bench/run.ts --profile DIR`, or `node --cpu-prof`):
 * self time by file and by function, as Markdown, so a missed target can be traced to the
 * client's files.
 *
 *   node_modules/node22/bin/node bench/run.ts --only throughput --runtimes node22 --rounds 1 --profile .tmp/prof
 *   node_modules/node22/bin/node bench/profile.ts .tmp/prof/node22-iterate-DEFAULT-*.cpuprofile
 *
 * @module
 */
import { readFileSync } from "node:fs";
import process from "node:process";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function label(url: string): string {
  if (url === "") return "(native / runtime)";
  const src = /\/(src|bench|node_modules\/[^/]+)\/(.*)$/.exec(url);
  if (src) return `${src[1]}/${src[2]}`;
  return url.replace(/^node:/, "node:");
}

for (const file of process.argv.slice(2)) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let total = 0;
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const f = label(node.callFrame.url);
    const name = node.callFrame.functionName || "(anonymous)";
    byFile.set(f, (byFile.get(f) ?? 0) + us);
    const key = `${name} ${f}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) =>
      `| ${k} | ${(us / 1000).toFixed(0)} | ${((us / total) * 100).toFixed(1)}% |`
    );
  console.log(
    [
      `#### ${file.split("/").pop()} (${(total / 1e6).toFixed(2)} s sampled)`,
      "",
      "| file | self ms | share |",
      "| --- | ---: | ---: |",
      ...top(byFile, 15),
      "",
      "| function | self ms | share |",
      "| --- | ---: | ---: |",
      ...top(byFunction, 25),
      "",
    ].join("\n"),
  );
}
