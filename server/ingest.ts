import type { IngestResult, NewReportBody } from "@/contracts/reports";
import type { Database } from "@/db/client";
import { actorIdsByCode, listActors } from "@/db/queries/actors";
import { createReport, getReport, type NewReportInput } from "@/db/queries/reports";
import { getTopicByRef } from "@/db/queries/topics";
import { CODER_VERSION, type CodeResult, codeReportAsync } from "@/domain/coder";
import { configuredOutbox } from "@/server/webhooks";

/**
 * Ingest: a report's text goes through the coder and is stored with its codings, the shifts they make queued
 * for the webhooks in the same transaction. `POST /api/reports`, the preview and `npm run import` all use it.
 */

/** Who stored a report, in the revision log of its automatic codings. */
const INGEST_USER = "ingest";

/** Codes a report without storing it: the "Add report" page's preview, and the first half of ingest. */
export async function previewReport(
  db: Database,
  body: NewReportBody,
): Promise<{ topicId: number; topicSlug: string; result: CodeResult }> {
  const [topic, actorList] = await Promise.all([getTopicByRef(db, String(body.topic)), listActors(db)]);
  const result = await codeReportAsync({
    text: body.text,
    title: body.title,
    outlet: body.outlet,
    language: body.language ?? "en",
    publishedOn: body.publishedOn.date,
    publishedPrecision: body.publishedOn.precision,
    topic: {
      title: topic.title,
      actingParty: topic.actingParty,
      actingPartyAliases: topic.actingPartyAliases,
      targetParties: topic.targetParties,
    },
    actors: actorList,
  });
  return { topicId: topic.id, topicSlug: topic.slug, result };
}

/**
 * Stores a report and its automatic codings (one per statement, status auto) in one transaction. The same
 * text twice is a 409 naming the stored report (createReport); nothing is written when anything fails. A report
 * from a source's feed (server/sources/poll.ts) names its source and item, logged as added in that transaction.
 */
export async function ingestReport(
  db: Database,
  body: NewReportBody,
  by: string,
  source: NewReportInput["source"] = null,
): Promise<IngestResult> {
  const { topicId, result } = await previewReport(db, body);
  const ids = await actorIdsByCode(db);
  const { id } = await createReport(
    db,
    {
      topicId,
      title: body.title,
      outlet: body.outlet,
      publishedOn: body.publishedOn.date,
      publishedPrecision: body.publishedOn.precision,
      url: body.url ?? null,
      language: body.language ?? "en",
      body: body.text,
      citations: result.citations,
      codings: result.statements.map((s) => ({
        actorId: ids.get(s.actor) as number,
        stance: s.stance,
        statementDate: s.statementDate,
        statementDatePrecision: s.statementDatePrecision,
        evidenceStart: s.evidenceStart,
        evidenceEnd: s.evidenceEnd,
        citation: s.citation,
        coder: result.coder,
        confidence: s.confidence,
        status: "auto" as const,
        explanation: s.explanation,
      })),
      source,
    },
    `${INGEST_USER}:${by}`,
    configuredOutbox(),
  );
  const report = await getReport(db, id);
  // Codings come back in statement-date order; match each report-level label to its statement by span and actor.
  const codingFor = (i: number) => {
    const s = result.statements[i];
    return report.codings.find((c) => s && c.actor === s.actor && c.evidenceStart === s.evidenceStart)?.id ?? null;
  };
  return {
    id: report.id,
    title: report.title,
    outlet: report.outlet,
    publishedOn: report.publishedOn,
    publishedPrecision: report.publishedPrecision,
    url: report.url,
    language: report.language,
    topicId: report.topicId,
    topicSlug: report.topicSlug,
    coder: CODER_VERSION,
    citedSources: report.citedSources.map(({ id: _id, ...c }) => c),
    stances: report.codings,
    reportStances: result.reportStances.map((r) => ({
      actor: r.actor,
      stance: r.stance,
      confidence: r.confidence,
      codingId: codingFor(r.statement),
    })),
  };
}
