// npm run bench:coder: the coder's throughput on one core and its longest single synchronous step.
// Goals: 100k tokens per second; no step over 50 ms for any input up to 1 MB (long texts are coded in windows).
import fs from "node:fs";
import path from "node:path";
import actorsData from "../db/seed/actors.json";
import { type CoderActor, ReportCoder } from "../domain/coder";
import { normalizeBody } from "../domain/text";

const actors = (actorsData as { actors: CoderActor[] }).actors;
const seed = normalizeBody(fs.readFileSync(path.join("db/seed", "edm-20-151-turkey-supports-azerbaijan.txt"), "utf8"));
const topic = { title: "Azerbaijan's September 2023 operation in Karabakh", actingParty: "Azerbaijan" };

function tokens(text: string): number {
  return text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu)?.length ?? 0;
}

function run(text: string) {
  const t0 = performance.now();
  // The constructor (citations over the whole text, compiled matchers) counts as a step too.
  const coder = new ReportCoder({
    text,
    language: "en",
    publishedOn: "2023-10-01",
    publishedPrecision: "month",
    topic,
    actors,
  });
  let longest = performance.now() - t0;
  for (;;) {
    const s = performance.now();
    const done = coder.step();
    longest = Math.max(longest, performance.now() - s);
    if (done) break;
  }
  const result = coder.result();
  return { ms: performance.now() - t0, longest, statements: result.statements.length };
}

// Warm up the regular expressions and the JIT.
for (let i = 0; i < 5; i++) run(seed);

const sizes = [seed.length, 100_000, 1_000_000];
console.log("input            tokens   total ms   tokens/s   longest step ms   statements");
for (const size of sizes) {
  const text = seed.repeat(Math.ceil(size / seed.length)).slice(0, size);
  const n = tokens(text);
  const runs = size > 500_000 ? 3 : 10;
  let best = Number.POSITIVE_INFINITY;
  let longest = 0;
  let statements = 0;
  for (let i = 0; i < runs; i++) {
    const r = run(text);
    best = Math.min(best, r.ms);
    longest = Math.max(longest, r.longest);
    statements = r.statements;
  }
  const label = size === seed.length ? "seed article" : `${(size / 1000).toFixed(0)} kB`;
  console.log(
    `${label.padEnd(14)} ${String(n).padStart(8)} ${best.toFixed(1).padStart(10)} ${Math.round(n / (best / 1000))
      .toLocaleString("en")
      .padStart(10)} ${longest.toFixed(1).padStart(17)} ${String(statements).padStart(12)}`,
  );
}
