import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { type CoderActor, type CoderOptions, codeReport } from "../coder";
import { partiesFromTitle } from "../coder/parties";
import { normalizeBody } from "../text";
import type { Label, Pair } from "./score";

/** Codes a folder of labelled reports (the corpus format of the shared corpus README) for scoring. */

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

export type CodedFolder = {
  pairs: Pair[];
  /** Every statement the coder made about a default actor, and whether its report-level label is the gold one. */
  statements: { confidence: number; correct: boolean }[];
  predictions: { id: string; actor: string; stance: Label; evidence: string }[];
  skipped: string[];
};

export function codeFolder(
  folder: string,
  actors: readonly (CoderActor & { isDefault?: boolean })[],
  options: CoderOptions = {},
): CodedFolder {
  const defaults = actors.filter((a) => a.isDefault !== false).map((a) => a.code);
  /** Each file's topic comes from its target alone, as a caller of POST /api/topics that gives only a title. */
  const topicOf = (title: string) => {
    const { actingParty, actingPartyAliases, targetParties } = partiesFromTitle(title, actors);
    return { title, actingParty, actingPartyAliases, targetParties };
  };
  const out: CodedFolder = { pairs: [], statements: [], predictions: [], skipped: [] };
  const files = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (const file of files) {
    let report: z.infer<typeof LabelledReport>;
    try {
      report = LabelledReport.parse(JSON.parse(fs.readFileSync(path.join(folder, file), "utf8")));
    } catch (error) {
      out.skipped.push(`${file}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
      continue;
    }
    const result = codeReport(
      {
        text: normalizeBody(report.text),
        title: report.title,
        outlet: report.outlet,
        language: report.language,
        publishedOn: report.published,
        publishedPrecision: "day",
        topic: topicOf(report.target),
        actors,
      },
      options,
    );
    const gold = new Map(report.gold.map((g) => [g.actor, g.stance]));
    // A statement is right when the report-level label it feeds is the gold one for that actor.
    for (const s of result.statements) {
      if (!defaults.includes(s.actor)) continue;
      const label = result.reportStances.find((r) => r.actor === s.actor)?.stance ?? "none";
      out.statements.push({ confidence: s.confidence, correct: label === gold.get(s.actor) });
    }
    for (const actor of defaults) {
      const stance = result.reportStances.find((r) => r.actor === actor);
      const predicted: Label = stance?.stance ?? "none";
      const evidence = stance ? (result.statements[stance.statement]?.evidence ?? "") : "";
      out.predictions.push({ id: report.id, actor, stance: predicted, evidence });
      out.pairs.push({ id: report.id, actor, language: report.language, gold: gold.get(actor) ?? "none", predicted });
    }
  }
  return out;
}
