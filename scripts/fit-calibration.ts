// npx tsx scripts/fit-calibration.ts <folder> <folder> ...: fits the coder's calibration (domain/coder/calibration.ts)
// on labelled corpus folders. Each folder is first scored with a map fitted on the others only (cross-fit, out of
// sample), then the final map is fitted on all of them and scored in sample. It prints; it writes nothing: copy
// the final parameters into domain/coder/calibration.ts by hand.
import fs from "node:fs";
import path from "node:path";
import actorsData from "../db/seed/actors.json";
import type { CoderActor } from "../domain/coder";
import { CALIBRATION, type Calibration } from "../domain/coder/calibration";
import { codeFolder } from "../domain/eval/corpus";
import { fitPlatt, rankingAuc, type Scored } from "../domain/eval/fit";
import { calibration } from "../domain/eval/score";

const folders = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (folders.length < 2 || folders.some((f) => !fs.existsSync(f) || !fs.statSync(f).isDirectory())) {
  console.error("Usage: npx tsx scripts/fit-calibration.ts <folder> <folder> [...] (at least two, for the cross-fit)");
  process.exit(2);
}

const actors = (actorsData as { actors: (CoderActor & { isDefault?: boolean })[] }).actors;
const name = (f: string) => path.basename(path.resolve(f));
const fmt = (x: number | null) => (x === null ? "-" : x.toFixed(3));
/** Parameters as they go into the code: two places are finer than the data can tell apart. */
const rounded = (c: Calibration): Calibration => ({
  slope: Math.round(c.slope * 100) / 100,
  intercept: Math.round(c.intercept * 100) / 100,
});
const shown = (c: Calibration) => `slope ${c.slope.toFixed(2)}, intercept ${c.intercept.toFixed(2)}`;

function report(label: string, items: Scored[], bands = false) {
  const c = calibration(items);
  const wrong = items.filter((i) => !i.correct).length;
  console.log(
    `  ${label}: ECE ${fmt(c.ece)}, ranking ${fmt(rankingAuc(items))} (${items.length} statements, ${wrong} wrong)`,
  );
  if (!bands) return;
  for (const b of c.bands.filter((x) => x.n > 0)) {
    const band = `${b.from.toFixed(1)}-${b.to.toFixed(1)}`;
    console.log(
      `    ${band}  n ${String(b.n).padStart(3)}  confidence ${fmt(b.confidence)}  accuracy ${fmt(b.accuracy)}`,
    );
  }
}

// The raw weights: the labels do not depend on the calibration, so every folder is coded once this way.
const raw = new Map(folders.map((f) => [f, codeFolder(f, actors, { calibration: null }).statements]));
const scoredWith = (f: string, c: Calibration) => codeFolder(f, actors, { calibration: c }).statements;

console.log("Before calibration (the raw weights):");
for (const f of folders) report(name(f), raw.get(f) as Scored[]);

console.log("\nCross-fit (each folder scored with a map fitted on the others only):");
for (const f of folders) {
  const c = rounded(fitPlatt(folders.filter((o) => o !== f).flatMap((o) => raw.get(o) as Scored[])));
  report(`${name(f)} with ${shown(c)}`, scoredWith(f, c));
}

const final = rounded(fitPlatt(folders.flatMap((f) => raw.get(f) as Scored[])));
console.log(`\nFinal, fitted on all folders: ${shown(final)} (in sample)`);
for (const f of folders) report(name(f), scoredWith(f, final), true);

const same = final.slope === CALIBRATION.slope && final.intercept === CALIBRATION.intercept;
console.log(
  same
    ? "\ndomain/coder/calibration.ts holds these parameters."
    : `\ndomain/coder/calibration.ts holds ${shown(CALIBRATION)}: set CALIBRATION_SLOPE and CALIBRATION_INTERCEPT.`,
);
