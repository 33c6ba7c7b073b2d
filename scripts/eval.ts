// npm run eval -- <folder> [--json]: scores the automatic coder on labelled reports (the corpus format of
// the shared corpus README). With --json, one JSON object on stdout and nothing else.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import actorsData from "../db/sample/actors.json";
import { type CoderActor, codeReport } from "../lib/coder";
import { partiesFromTitle } from "../lib/coder/parties";
import { normalizeBody } from "../lib/text";
import { calibration, type Label, type Pair, score } from "../lib/eval/score";

const GoldLabel = z.enum(["support", "condemn", "neutral", "none"]);
const LabelledReport = z.object({
  id: z.string().min(1),
  outlet: z.string().optional(),
  title: z.string().optional(),
  published: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  language: z.string().min(2),
  target: z.string().min(1),
  text: z.string().min(1),
  gold: z.array(z.object({ actor: z.string(), stance: GoldLabel, evidence: z.string() })),
});

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

/** Each file's topic comes from its target alone, as a caller of POST /api/topics that gives only a title. */
function topicOf(title: string) {
  const { actingParty, actingPartyAliases, targetParties } = partiesFromTitle(title, actors);
  return { title, actingParty, actingPartyAliases, targetParties };
}

const files = fs
  .readdirSync(folder)
  .filter((f) => f.endsWith(".json"))
  .sort();
const pairs: Pair[] = [];
/** Every statement the coder made about a default actor, and whether its report-level label is the gold one. */
const statements: { confidence: number; correct: boolean }[] = [];
const predictions: { id: string; actor: string; stance: Label; evidence: string }[] = [];
const skipped: string[] = [];
for (const file of files) {
  let report: z.infer<typeof LabelledReport>;
  try {
    report = LabelledReport.parse(JSON.parse(fs.readFileSync(path.join(folder, file), "utf8")));
  } catch (error) {
    skipped.push(`${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    continue;
  }
  const result = codeReport({
    text: normalizeBody(report.text),
    title: report.title,
    outlet: report.outlet,
    language: report.language,
    publishedOn: report.published,
    publishedPrecision: "day",
    topic: topicOf(report.target),
    actors,
  });
  const gold = new Map(report.gold.map((g) => [g.actor, g.stance]));
  // A statement is right when the report-level label it feeds is the gold one for that actor.
  for (const s of result.statements) {
    if (!defaults.includes(s.actor)) continue;
    const label = result.reportStances.find((r) => r.actor === s.actor)?.stance ?? "none";
    statements.push({ confidence: s.confidence, correct: label === gold.get(s.actor) });
  }
  for (const actor of defaults) {
    const stance = result.reportStances.find((r) => r.actor === actor);
    const predicted: Label = stance?.stance ?? "none";
    const evidence = stance ? (result.statements[stance.statement]?.evidence ?? "") : "";
    predictions.push({ id: report.id, actor, stance: predicted, evidence });
    pairs.push({ id: report.id, actor, language: report.language, gold: gold.get(actor) ?? "none", predicted });
  }
}

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
