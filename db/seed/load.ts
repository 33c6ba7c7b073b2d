import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { findCitations } from "../../domain/coder/citations";
import { contentHash, normalizeBody } from "../../domain/text";
import type { Database } from "../client";
import { type ActorSeed, ensureActors } from "../queries/actors";
import { createReport, findReportByHash, type NewReportCoding } from "../queries/reports";
import { ensureTopic } from "../queries/topics";
import { NO_WEBHOOKS } from "../queries/webhooks";
import { actors, appMeta, type DatePrecision, type Stance } from "../schema";
import actorData from "./actors.json";
import sample from "./karabakh-2023.json";

export const SAMPLE_DIR = path.join(process.cwd(), "db", "seed");

type SampleCoding = {
  actor: string;
  stance: Stance;
  evidence: string;
  citation: string | null;
  statementDate?: string;
  confidence: number;
  note?: string;
};

export function defaultActors(): ActorSeed[] {
  return actorData.actors as ActorSeed[];
}

/** Builds the sample report's input from the files in db/seed, checking every evidence and citation. */
export function buildSampleReport(actorIds: ReadonlyMap<string, number>, topicId: number) {
  const r = sample.report;
  const body = normalizeBody(fs.readFileSync(path.join(SAMPLE_DIR, r.file), "utf8"));
  const precision = r.publishedPrecision as DatePrecision;
  const citations = findCitations(body, { reportDate: r.publishedOn, reportPrecision: precision });
  const codings: NewReportCoding[] = (sample.codings as SampleCoding[]).map((c) => {
    const start = body.indexOf(c.evidence);
    if (start === -1) throw new Error(`sample coding for ${c.actor}: evidence not found in the body`);
    if (body.indexOf(c.evidence, start + 1) !== -1)
      throw new Error(`sample coding for ${c.actor}: evidence is ambiguous`);
    const end = start + c.evidence.length;
    const citation =
      c.citation === null
        ? -1
        : citations.findIndex((x) => x.citation === c.citation && x.start >= start && x.end <= end);
    if (c.citation !== null && citation === -1) {
      throw new Error(`sample coding for ${c.actor}: citation "${c.citation}" is not inside its evidence`);
    }
    const cited = citations[citation];
    const actorId = actorIds.get(c.actor);
    if (actorId === undefined) throw new Error(`sample coding names unknown actor ${c.actor}`);
    return {
      actorId,
      stance: c.stance,
      statementDate: cited?.date ?? c.statementDate ?? r.publishedOn,
      statementDatePrecision: cited?.precision ?? (c.statementDate ? "day" : precision),
      evidenceStart: start,
      evidenceEnd: end,
      citation: cited ? citation : null,
      coder: sample.coder,
      confidence: c.confidence,
      status: "confirmed",
      note: c.note ?? null,
      explanation: { rule: "hand-coded with CODEBOOK.md v1" },
    };
  });
  return {
    topicId,
    title: r.title,
    outlet: r.outlet,
    publishedOn: r.publishedOn,
    publishedPrecision: precision,
    url: r.url,
    language: r.language,
    body,
    citations,
    codings,
  };
}

const SAMPLE_KEY = "sample_data";

/** Adds the default actors and their aliases that are missing. */
export async function loadDefaultActors(db: Database): Promise<void> {
  await db.transaction((tx) => ensureActors(tx, defaultActors()));
}

/**
 * Loads the default actors, and on a database's first start the sample topic and report. Idempotent: a
 * database that has loaded it once never gets it again, even if an analyst deleted the sample report.
 */
export async function loadSampleData(db: Database): Promise<{ loaded: boolean; reportId?: number }> {
  return db.transaction(async (tx) => {
    await ensureActors(tx, defaultActors());
    const [done] = await tx.select().from(appMeta).where(eq(appMeta.key, SAMPLE_KEY));
    if (done) return { loaded: false };
    const topicId = await ensureTopic(tx, sample.topic);
    const ids = new Map(
      (await tx.select({ id: actors.id, code: actors.code }).from(actors)).map((a) => [a.code, a.id]),
    );
    const input = buildSampleReport(ids, topicId);
    const existing = await findReportByHash(tx, contentHash(input.body));
    const report = existing ?? (await createReport(tx, input, sample.coder, NO_WEBHOOKS));
    await tx.insert(appMeta).values({ key: SAMPLE_KEY, value: { version: sample.version, reportId: report.id } });
    return { loaded: !existing, reportId: report.id };
  });
}
