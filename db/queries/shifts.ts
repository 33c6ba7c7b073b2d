import { and, eq, inArray, ne, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { actors, codings, reports, topics } from "../schema";
import type { ShiftsQuery } from "../../lib/filters";
import { detectShifts, newestFirst, type Shift, type ShiftCoding } from "../../lib/shifts";
import { resolveActorIds, resolveTopicId } from "./filters";

export type ShiftItem = Shift & { actorName: string; topicSlug: string; topicTitle: string };

/** The codings shifts are derived from: every one not rejected, with what ordering and evidence need. */
async function shiftCodings(db: Database, where: SQL | undefined): Promise<ShiftCoding[]> {
  return db
    .select({
      id: codings.id,
      actor: actors.code,
      topicId: codings.topicId,
      stance: codings.stance,
      status: codings.status,
      statementDate: codings.statementDate,
      statementDatePrecision: codings.statementDatePrecision,
      reportId: codings.reportId,
      reportTitle: reports.title,
      reportOutlet: reports.outlet,
      reportPublishedOn: reports.publishedOn,
      evidence: codings.evidence,
      evidenceStart: codings.evidenceStart,
    })
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .where(and(ne(codings.status, "rejected"), where));
}

/**
 * Shifts under the filters, newest first. Every coding of the chosen actors and topic is read, whatever the
 * dates: the shift at `from` needs the stance before it. `from` and `to` then bound the date of the change.
 */
export async function listShifts(db: Database, query: ShiftsQuery): Promise<{ items: ShiftItem[] }> {
  const conds: SQL[] = [];
  if (query.actor) conds.push(inArray(codings.actorId, await resolveActorIds(db, query.actor)));
  if (query.topic) conds.push(eq(codings.topicId, await resolveTopicId(db, query.topic)));
  const shifts = detectShifts(await shiftCodings(db, and(...conds)))
    .filter((s) => (!query.from || s.toDate >= query.from) && (!query.to || s.toDate <= query.to))
    .sort(newestFirst);
  return { items: await withNames(db, shifts) };
}

/** The shifts of some actors on one topic (what a write can change), for the webhook outbox. */
export async function shiftsOf(db: Database, topicId: number, actorIds: readonly number[]): Promise<Shift[]> {
  if (actorIds.length === 0) return [];
  return detectShifts(
    await shiftCodings(db, and(eq(codings.topicId, topicId), inArray(codings.actorId, [...new Set(actorIds)]))),
  );
}

export async function withNames(db: Database, shifts: readonly Shift[]): Promise<ShiftItem[]> {
  if (shifts.length === 0) return [];
  const [actorRows, topicRows] = await Promise.all([
    db.select({ code: actors.code, name: actors.name }).from(actors),
    db
      .select({ id: topics.id, slug: topics.slug, title: topics.title })
      .from(topics)
      .where(inArray(topics.id, [...new Set(shifts.map((s) => s.topicId))])),
  ]);
  const names = new Map(actorRows.map((a) => [a.code, a.name]));
  const topicOf = new Map(topicRows.map((t) => [t.id, t]));
  return shifts.map((s) => ({
    ...s,
    actorName: names.get(s.actor) ?? s.actor,
    topicSlug: topicOf.get(s.topicId)?.slug ?? String(s.topicId),
    topicTitle: topicOf.get(s.topicId)?.title ?? "",
  }));
}
