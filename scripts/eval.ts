// npm run eval -- <folder> [--json]: scores the automatic coder on labelled reports (the corpus format of
// the shared corpus README). With --json, one JSON object on stdout and nothing else.
import fs from "node:fs";
import actorsData from "../db/seed/actors.json";
import type { CoderActor } from "../domain/coder";
import { codeFolder } from "../domain/eval/corpus";
import { calibration, type Label, score } from "../domain/eval/score";

const args = process.argv.slice(2);
const asJson = args.includes("--json");
const folder = args.find((a) => !a.startsWith("--"));
if (!folder) {
  console.error("Usage: npm run eval -- <folder of labelled .json reports> [--json]");
  process.exit(2);
}
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`Not a folder: ${folder}`);
  process.exit(2);
}

const actors = (actorsData as { actors: (CoderActor & { isDefault?: boolean })[] }).actors;
const defaults = actors.filter((a) => a.isDefault !== false).map((a) => a.code);
const { pairs, statements, predictions, skipped } = codeFolder(folder, actors);

const all = score(pairs);
const english = score(pairs.filter((p) => p.language === "en"));
const languages = [...new Set(pairs.map((p) => p.language))].sort();
const reliability = calibration(statements);

if (asJson) {
  process.stdout.write(
    `${JSON.stringify({
      macroF1: all.macroF1,
      macroF1English: english.macroF1,
      accuracy: all.accuracy,
      n: all.n,
      falseStanceRate: all.falseStanceRate,
      calibration: reliability,
      predictions,
    })}\n`,
  );
} else {
  const pct = (x: number | null) => (x === null ? "n/a" : x.toFixed(3));
  const reports = new Set(pairs.map((p) => p.id)).size;
  console.log(`Scored ${reports} reports, ${all.n} (report, actor) pairs from ${folder}`);
  if (skipped.length) console.log(`Skipped ${skipped.length} files:\n  ${skipped.join("\n  ")}`);
  console.log("");
  console.log("scope        pairs  macro-F1  accuracy  false stances on none");
  const line = (name: string, s: ReturnType<typeof score>) =>
    console.log(
      `${name.padEnd(12)} ${String(s.n).padStart(5)}  ${pct(s.macroF1).padStart(8)}  ${pct(s.accuracy).padStart(8)}  ${pct(s.falseStanceRate).padStart(8)}`,
    );
  line("all", all);
  line("English", english);
  for (const lang of languages) line(`  ${lang}`, score(pairs.filter((p) => p.language === lang)));
  console.log("\nper label (all)   precision  recall  F1     gold");
  for (const [label, s] of Object.entries(all.perLabel)) {
    console.log(
      `  ${label.padEnd(15)} ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${pct(s.f1).padStart(5)}  ${String(s.support).padStart(4)}`,
    );
  }
  console.log("\nconfusion (rows gold, columns predicted)");
  const labels = Object.keys(all.confusion) as Label[];
  console.log(`  ${"".padEnd(9)}${labels.map((l) => l.padStart(9)).join("")}`);
  for (const g of labels)
    console.log(`  ${g.padEnd(9)}${labels.map((p) => String(all.confusion[g][p]).padStart(9)).join("")}`);
  console.log("\nper actor        macro-F1  accuracy");
  for (const actor of defaults) {
    const s = score(pairs.filter((p) => p.actor === actor));
    console.log(`  ${actor.padEnd(14)} ${pct(s.macroF1).padStart(8)}  ${pct(s.accuracy).padStart(8)}`);
  }
  console.log(`\ncalibration over ${statements.length} statements: ECE ${pct(reliability.ece)}`);
  console.log("  band        statements  confidence  accuracy");
  for (const b of reliability.bands) {
    console.log(
      `  ${b.from.toFixed(1)}-${b.to.toFixed(1)}  ${String(b.n).padStart(10)}  ${pct(b.confidence).padStart(10)}  ${pct(b.accuracy).padStart(8)}`,
    );
  }
  if (process.env.EVAL_ERRORS) {
    console.log("\nerrors");
    for (const p of pairs.filter((x) => x.gold !== x.predicted)) {
      const e = predictions.find((x) => x.id === p.id && x.actor === p.actor)?.evidence ?? "";
      console.log(`  ${p.id} ${p.actor}: gold ${p.gold}, predicted ${p.predicted}${e ? ` | ${e.slice(0, 160)}` : ""}`);
    }
  }
}
