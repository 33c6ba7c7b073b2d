import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Database } from "../client";
import { citedSources, type Coding, codingRevisions, codings, reports } from "../schema";
import { ApiError } from "../../lib/http";
import {
  type AddCodingBody,
  ANALYST_CODER,
  applyReview,
  assertEvidenceSpan,
  type CodingValues,
  type DatedOn,
  type ReviewBody,
} from "../../lib/review";
import { resolveActorIds } from "./filters";
import { getStance, type StanceItem } from "./stances";
import { withShiftOutbox } from "./webhooks";

export type RevisionItem = {
  id: number;
  action: string;
  changedBy: string;
  changedAt: string;
  oldValue: Record<string, unknown> | null;
  newValue: Record<string, unknown>;
  note: string | null;
};

function valuesOf(c: Pick<Coding, keyof CodingValues>): CodingValues {
  return {
    stance: c.stance,
    status: c.status,
    statementDate: c.statementDate,
    statementDatePrecision: c.statementDatePrecision,
    evidenceStart: c.evidenceStart,
    evidenceEnd: c.evidenceEnd,
    citedSourceId: c.citedSourceId,
    // A real column: keep the revision free of float noise such as 0.949999988.
    confidence: Math.round(c.confidence * 1000) / 1000,
  };
}

/** A cited source of this report, with its date; a 400 when the id names none of the report's citations. */
async function citedSourceOf(db: Database, reportId: number, id: number): Promise<{ id: number } & DatedOn> {
  const [row] = await db
    .select({ id: citedSources.id, date: citedSources.citedOn, precision: citedSources.precision })
    .from(citedSources)
    .where(and(eq(citedSources.id, id), eq(citedSources.reportId, reportId)));
  if (!row) {
    throw new ApiError(
      "bad_request",
      `Cited source ${id} is not one of report ${reportId}'s citations; GET /api/reports/${reportId} lists them under citedSources`,
      { issues: [{ path: "citedSourceId", message: "not a citation of this report" }] },
    );
  }
  return row;
}

async function mustGet(db: Database, id: number): Promise<StanceItem> {
  const item = await getStance(db, id);
  if (!item) throw new Error(`coding ${id} vanished inside its own transaction`);
  return item;
}

/**
 * Applies an analyst's review (confirm, correct or reject) to a coding and logs it as a revision, in one
 * transaction: a refused review changes nothing. The coder stays the original coder; the revision says who
 * reviewed it.
 */
export async function reviewCoding(
  db: Database,
  id: number,
  review: ReviewBody,
  changedBy: string,
): Promise<StanceItem> {
  return db.transaction(async (tx) => {
    // Locked so that two reviews of one coding are applied one after the other, each with the right old value.
    const [row] = await tx.select().from(codings).where(eq(codings.id, id)).for("update");
    if (!row) throw new ApiError("not_found", `No coding with id ${id}`);
    // A review can make or unmake a shift of this actor on this topic: webhooks hear of new ones.
    await withShiftOutbox(tx, { topicId: row.topicId, actorIds: [row.actorId] }, async () => {
      const needsBody = review.evidenceStart !== undefined;
      const needsReportDate = review.citedSourceId === null && !review.statementDate;
      const [report] =
        needsBody || needsReportDate
          ? await tx
              .select({ body: reports.body, date: reports.publishedOn, precision: reports.publishedPrecision })
              .from(reports)
              .where(eq(reports.id, row.reportId))
          : [];
      const cited = review.citedSourceId ? await citedSourceOf(tx, row.reportId, review.citedSourceId) : undefined;
      const old = valuesOf(row);
      const next = applyReview(old, review, {
        body: report?.body,
        reportDate: report ? { date: report.date, precision: report.precision } : undefined,
        cited,
      });
      const [updated] = await tx
        .update(codings)
        .set({
          ...next,
          evidence: report && needsBody ? report.body.slice(next.evidenceStart, next.evidenceEnd) : row.evidence,
          // The clock at the change, not the transaction's start: a review that waited for the lock is later.
          updatedAt: sql`clock_timestamp()`,
        })
        .where(eq(codings.id, id))
        .returning({ updatedAt: codings.updatedAt });
      await tx.insert(codingRevisions).values({
        codingId: id,
        action: review.action,
        changedBy,
        changedAt: updated?.updatedAt,
        oldValue: old,
        newValue: next,
        note: review.note ?? null,
      });
    });
    return mustGet(tx, id);
  });
}

/**
 * Stores a coding an analyst adds (one the automatic coder missed) with its "create" revision, in one
 * transaction. The analyst's own coding counts as reviewed: status confirmed, confidence 1. Its date is the
 * given one, else its cited source's, else its report's.
 */
export async function addCoding(db: Database, input: AddCodingBody, changedBy: string): Promise<StanceItem> {
  return db.transaction(async (tx) => {
    const [report] = await tx
      .select({
        id: reports.id,
        topicId: reports.topicId,
        body: reports.body,
        date: reports.publishedOn,
        precision: reports.publishedPrecision,
      })
      .from(reports)
      .where(eq(reports.id, input.reportId));
    if (!report) {
      throw new ApiError("bad_request", `Unknown report ${input.reportId}`, {
        issues: [{ path: "reportId", message: "no report with this id" }],
      });
    }
    const [actorId] = await resolveActorIds(tx, [input.actor]);
    if (actorId === undefined) throw new Error("resolveActorIds returned nothing");
    assertEvidenceSpan(report.body, input.evidenceStart, input.evidenceEnd);
    const cited = input.citedSourceId ? await citedSourceOf(tx, report.id, input.citedSourceId) : undefined;
    const [twin] = await tx
      .select({ id: codings.id })
      .from(codings)
      .where(
        and(
          eq(codings.reportId, report.id),
          eq(codings.actorId, actorId),
          eq(codings.evidenceStart, input.evidenceStart),
          eq(codings.evidenceEnd, input.evidenceEnd),
          ne(codings.status, "rejected"),
        ),
      )
      .limit(1);
    if (twin) {
      throw new ApiError(
        "conflict",
        `Coding ${twin.id} already codes ${input.actor} on this evidence; review it with PATCH /api/stances/${twin.id} instead`,
        { details: { codingId: twin.id } },
      );
    }
    const createdId = await withShiftOutbox(tx, { topicId: report.topicId, actorIds: [actorId] }, async () => {
      const dated = input.statementDate ?? cited ?? { date: report.date, precision: report.precision };
      const [created] = await tx
        .insert(codings)
        .values({
          actorId,
          topicId: report.topicId,
          reportId: report.id,
          stance: input.stance,
          statementDate: dated.date,
          statementDatePrecision: dated.precision,
          evidence: report.body.slice(input.evidenceStart, input.evidenceEnd),
          evidenceStart: input.evidenceStart,
          evidenceEnd: input.evidenceEnd,
          citedSourceId: cited?.id ?? null,
          coder: ANALYST_CODER,
          confidence: 1,
          status: "confirmed",
          explanation: { rule: "added by analyst" },
          note: input.note ?? null,
        })
        .returning();
      if (!created) throw new Error("coding insert returned nothing");
      await tx.insert(codingRevisions).values({
        codingId: created.id,
        action: "create",
        changedBy,
        changedAt: created.createdAt,
        oldValue: null,
        newValue: valuesOf(created),
        note: input.note ?? null,
      });
      return created.id;
    });
    return mustGet(tx, createdId);
  });
}

/** A coding's history, oldest first; a 404 for an unknown coding. */
export async function listRevisions(db: Database, codingId: number): Promise<{ items: RevisionItem[] }> {
  const [exists] = await db.select({ id: codings.id }).from(codings).where(eq(codings.id, codingId));
  if (!exists) throw new ApiError("not_found", `No coding with id ${codingId}`);
  const rows = await db
    .select({
      id: codingRevisions.id,
      action: codingRevisions.action,
      changedBy: codingRevisions.changedBy,
      changedAt: codingRevisions.changedAt,
      oldValue: codingRevisions.oldValue,
      newValue: codingRevisions.newValue,
      note: codingRevisions.note,
    })
    .from(codingRevisions)
    .where(eq(codingRevisions.codingId, codingId))
    .orderBy(asc(codingRevisions.changedAt), asc(codingRevisions.id));
  return { items: rows.map((r) => ({ ...r, changedAt: r.changedAt.toISOString() })) };
}
