import { and, asc, desc, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ReviewQueueQuery } from "../../contracts/filters";
import type { ReviewedItem, ReviewQueue, ReviewQueueItem, RevisionItem, StanceItem } from "../../contracts/responses";
import type { AddCodingBody, RevertBody, ReviewBody } from "../../contracts/review";
import { Problem } from "../../domain/errors";
import {
  ANALYST_CODER,
  applyReview,
  assertEvidenceSpan,
  type CodingValues,
  type DatedOn,
  evidenceContext,
} from "../../domain/review";
import type { Database } from "../client";
import { actors, type Coding, citedSources, codingRevisions, codings, reports } from "../schema";
import { decodeReviewCursor, encodeReviewCursor } from "./cursor";
import { resolveActorIds, resolveTopicId } from "./filters";
import { getStance, stanceJson } from "./stances";
import { type ShiftOutbox, withShiftOutbox } from "./webhooks";

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
    throw new Problem(
      "invalid",
      `Cited source ${id} is not one of report ${reportId}'s citations; GET /api/reports/${reportId} lists them under citedSources`,
      { issues: [{ path: "citedSourceId", message: "not a citation of this report" }] },
    );
  }
  return row;
}

/**
 * A coding locked for the rest of the transaction, so that two decisions on it are applied one after the other,
 * each with the right old value; a 404 for an unknown id.
 */
async function lockedCoding(tx: Database, id: number): Promise<Coding> {
  const [row] = await tx.select().from(codings).where(eq(codings.id, id)).for("update");
  if (!row) throw new Problem("not_found", `No coding with id ${id}`);
  return row;
}

/**
 * A write that would make a second live coding of one actor on one span (a double-click on "Add coding", or
 * bringing back a rejected coding whose span has been coded again) breaks codings_no_twins_idx: a 409.
 */
function twinConflict(error: unknown): Problem | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    const named =
      constraint === "codings_no_twins_idx" || String((e as Error).message).includes("codings_no_twins_idx");
    if (code === "23505" && named) {
      return new Problem(
        "conflict",
        "This actor already has a live coding on this evidence (a second click, or another analyst): review that coding instead",
      );
    }
  }
  return null;
}

async function withoutTwins<T>(write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    throw twinConflict(error) ?? error;
  }
}

async function logRevision(tx: Database, values: typeof codingRevisions.$inferInsert): Promise<number> {
  const [row] = await tx.insert(codingRevisions).values(values).returning({ id: codingRevisions.id });
  if (!row) throw new Error("revision insert returned nothing");
  return row.id;
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
  outbox: ShiftOutbox,
): Promise<ReviewedItem> {
  return withoutTwins(
    db.transaction(async (tx) => {
      const row = await lockedCoding(tx, id);
      if (review.expectedStatus && review.expectedStatus !== row.status) {
        throw new Problem(
          "conflict",
          `Coding ${id} is ${row.status} now, not ${review.expectedStatus}: someone reviewed it meanwhile; reload it to decide again`,
          { details: { status: row.status } },
        );
      }
      // A review can make or unmake a shift of this actor on this topic: webhooks hear of new ones.
      const revision = await withShiftOutbox(
        tx,
        { topicId: row.topicId, actorIds: [row.actorId] },
        outbox,
        async () => {
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
          return logRevision(tx, {
            codingId: id,
            action: review.action,
            changedBy,
            changedAt: updated?.updatedAt,
            oldValue: old,
            newValue: next,
            note: review.note ?? null,
          });
        },
      );
      return { ...(await mustGet(tx, id)), revision };
    }),
  );
}

/**
 * Stores a coding an analyst adds (one the automatic coder missed) with its "create" revision, in one
 * transaction. The analyst's own coding counts as reviewed: status confirmed, confidence 1. Its date is the
 * given one, else its cited source's, else its report's.
 */
export async function addCoding(
  db: Database,
  input: AddCodingBody,
  changedBy: string,
  outbox: ShiftOutbox,
): Promise<StanceItem> {
  return withoutTwins(
    db.transaction(async (tx) => {
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
        throw new Problem("invalid", `Unknown report ${input.reportId}`, {
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
        throw new Problem(
          "conflict",
          `Coding ${twin.id} already codes ${input.actor} on this evidence; review it with PATCH /api/stances/${twin.id} instead`,
          { details: { codingId: twin.id } },
        );
      }
      const createdId = await withShiftOutbox(
        tx,
        { topicId: report.topicId, actorIds: [actorId] },
        outbox,
        async () => {
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
        },
      );
      return mustGet(tx, createdId);
    }),
  );
}

/** A coding's history, oldest first; a 404 for an unknown coding. */
export async function listRevisions(db: Database, codingId: number): Promise<{ items: RevisionItem[] }> {
  const [exists] = await db.select({ id: codings.id }).from(codings).where(eq(codings.id, codingId));
  if (!exists) throw new Problem("not_found", `No coding with id ${codingId}`);
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

// How far around the evidence the report's text is read for its context (the sentences are cut in domain/review.ts).
const CONTEXT_WINDOW = 1000;

/**
 * The review queue: codings the automatic coder made that no analyst has looked at, least confident first (then
 * oldest), a page at a time, with how many are left under the filters.
 */
export async function reviewQueue(db: Database, query: ReviewQueueQuery): Promise<ReviewQueue> {
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const conds: SQL[] = [eq(codings.status, "auto")];
  if (query.actor) conds.push(inArray(codings.actorId, await resolveActorIds(db, query.actor)));
  if (query.topic) conds.push(eq(codings.topicId, await resolveTopicId(db, query.topic)));
  // Compared as the column's own type, so that 0.7 asked is 0.7 stored.
  if (query.maxConfidence !== undefined) conds.push(sql`${codings.confidence} <= ${query.maxConfidence}::real`);
  const filtered = and(...conds);
  const after = query.cursor ? decodeReviewCursor(query.cursor) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select({
        item: stanceJson,
        confidence: codings.confidence,
        // Only the text around the evidence: a report can be a megabyte.
        window: sql<string>`substr(${reports.body}, greatest(1, ${codings.evidenceStart} - ${CONTEXT_WINDOW - 1}),
          ${codings.evidenceEnd} - ${codings.evidenceStart} + ${2 * CONTEXT_WINDOW})`,
      })
      .from(codings)
      .innerJoin(actors, eq(actors.id, codings.actorId))
      .innerJoin(reports, eq(reports.id, codings.reportId))
      .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
      .where(
        after
          ? and(filtered, sql`(${codings.confidence}, ${codings.id}) > (${after.confidence}::real, ${after.id})`)
          : filtered,
      )
      .orderBy(asc(codings.confidence), asc(codings.id))
      .limit(limit + 1),
    db.select({ n: sql<number>`count(*)::int` }).from(codings).where(filtered),
  ]);
  const page = rows.slice(0, limit);
  const last = rows.length > limit ? page.at(-1) : undefined;
  return {
    items: page.map(({ item, window }) => ({ ...item, context: contextIn(window, item) })),
    remaining: Number(count?.n ?? 0),
    nextCursor: last ? encodeReviewCursor({ confidence: last.confidence, id: last.item.id }) : null,
  };
}

/**
 * The context of a coding from the window read around it. substr counts characters where the offsets count
 * UTF-16 units, so the evidence sits at or before its nominal place in the window (earlier by one for each
 * character outside the Basic Multilingual Plane before it): it is looked for there.
 */
function contextIn(window: string, item: StanceItem): ReviewQueueItem["context"] {
  const nominal = Math.min(item.evidenceStart, CONTEXT_WINDOW - 1);
  const at = window.lastIndexOf(item.evidence, nominal);
  return at < 0 ? { before: "", after: "" } : evidenceContext(window, at, at + item.evidence.length);
}

/**
 * Undoes a coding's latest revision (one revision back): its values return to what they were before it, and the
 * undoing is itself a revision ("revert"), in one transaction with the shifts and webhooks it touches. A coding
 * never reviewed has nothing to undo (409), nor has one whose latest revision is not the one the caller names.
 */
export async function revertCoding(
  db: Database,
  id: number,
  body: RevertBody,
  changedBy: string,
  outbox: ShiftOutbox,
): Promise<ReviewedItem> {
  return withoutTwins(
    db.transaction(async (tx) => {
      const row = await lockedCoding(tx, id);
      const [latest] = await tx
        .select()
        .from(codingRevisions)
        .where(eq(codingRevisions.codingId, id))
        .orderBy(desc(codingRevisions.changedAt), desc(codingRevisions.id))
        .limit(1);
      if (!latest || latest.action === "create" || !latest.oldValue) {
        throw new Problem("conflict", `Coding ${id} has no review to undo`);
      }
      if (body.revision !== undefined && body.revision !== latest.id) {
        throw new Problem(
          "conflict",
          `Coding ${id} changed after revision ${body.revision}: its latest revision is ${latest.id}; reload it and decide again`,
          { details: { latestRevision: latest.id } },
        );
      }
      // Reviews never change the coder's confidence: the coding keeps its own (a revision stored before the
      // confidences were calibrated holds the old scale).
      const restored: CodingValues = { ...(latest.oldValue as CodingValues), confidence: valuesOf(row).confidence };
      const revision = await withShiftOutbox(
        tx,
        { topicId: row.topicId, actorIds: [row.actorId] },
        outbox,
        async () => {
          const moved = restored.evidenceStart !== row.evidenceStart || restored.evidenceEnd !== row.evidenceEnd;
          const [report] = moved
            ? await tx.select({ body: reports.body }).from(reports).where(eq(reports.id, row.reportId))
            : [];
          if (report) assertEvidenceSpan(report.body, restored.evidenceStart, restored.evidenceEnd);
          // A cited source the old value names may be gone with a re-ingest: the statement keeps its date then.
          const cited =
            restored.citedSourceId === null
              ? []
              : await tx
                  .select({ id: citedSources.id })
                  .from(citedSources)
                  .where(and(eq(citedSources.id, restored.citedSourceId), eq(citedSources.reportId, row.reportId)));
          const next: CodingValues = { ...restored, citedSourceId: cited.length ? restored.citedSourceId : null };
          const [updated] = await tx
            .update(codings)
            .set({
              ...next,
              evidence: report ? report.body.slice(next.evidenceStart, next.evidenceEnd) : row.evidence,
              updatedAt: sql`clock_timestamp()`,
            })
            .where(eq(codings.id, id))
            .returning({ updatedAt: codings.updatedAt });
          return logRevision(tx, {
            codingId: id,
            action: "revert",
            changedBy,
            changedAt: updated?.updatedAt,
            oldValue: valuesOf(row),
            newValue: next,
            note: body.note ?? `undid revision ${latest.id} (${latest.action})`,
          });
        },
      );
      return { ...(await mustGet(tx, id)), revision };
    }),
  );
}
