import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { Database } from "../client";
import { actors, codings, reports, topics } from "../schema";
import type { ShiftsQuery } from "../../lib/filters";
import { detectShifts, newestFirst, type Shift, type ShiftCoding, shiftBetween } from "../../lib/shifts";
import { resolveActorIds, resolveTopicId } from "./filters";
import { type BucketShiftRow, rollupShiftRows, type ShiftRowQuery } from "./rollups";
import { decodeShiftCursor, encodeShiftCursor } from "./cursor";
import { MAX_PAGE_SIZE } from "../../lib/filters";

export type ShiftItem = Shift & { actorName: string; topicSlug: string; topicTitle: string };

/**
 * The codings shifts are derived from: every one not rejected, with what ordering and evidence need. Each row
 * comes as one JSON value built by the database (a page of shifts carries two thousand of them, and decoding
 * thirteen fields apiece cost more than the query), as the stance pages do.
 */
async function shiftCodings(db: Database, where: SQL | undefined): Promise<ShiftCoding[]> {
  const rows = await db
    .select({
      coding: sql<ShiftCoding>`json_build_object(
        'id', ${codings.id}, 'actor', ${actors.code}, 'topicId', ${codings.topicId}, 'stance', ${codings.stance},
        'status', ${codings.status}, 'statementDate', ${codings.statementDate},
        'statementDatePrecision', ${codings.statementDatePrecision}, 'reportId', ${codings.reportId},
        'reportTitle', ${reports.title}, 'reportOutlet', ${reports.outlet},
        'reportPublishedOn', ${reports.publishedOn}, 'evidence', ${codings.evidence},
        'evidenceStart', ${codings.evidenceStart})`,
    })
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .where(and(ne(codings.status, "rejected"), where));
  return rows.map((r) => r.coding);
}

/**
 * Shifts read from the table the database keeps from its per-date stances (rollup_shifts), with the codings
 * that carry both sides, newest first. The same shifts as detectShifts over the codings (the rollup test
 * compares them).
 */
async function storedShifts(db: Database, query: ShiftRowQuery): Promise<{ shifts: Shift[]; rows: BucketShiftRow[] }> {
  const rows = await rollupShiftRows(db, query);
  if (rows.length === 0) return { shifts: [], rows };
  const ids = [...new Set(rows.flatMap((r) => [r.beforeId, r.afterId]))];
  const carrying = await shiftCodings(db, sql`${codings.id} = any(string_to_array(${ids.join(",")}, ',')::int[])`);
  const byId = new Map(carrying.map((c) => [c.id, c]));
  const shifts = rows.map((r) => shiftBetween(byId.get(r.beforeId) as ShiftCoding, byId.get(r.afterId) as ShiftCoding));
  return { shifts, rows };
}

/** Every shift recomputed from the codings themselves: the reference the stored per-date stances must match. */
export async function shiftsFromCodings(db: Database, query: ShiftsQuery = {}): Promise<Shift[]> {
  const conds: SQL[] = [];
  if (query.actor) conds.push(inArray(codings.actorId, await resolveActorIds(db, query.actor)));
  if (query.topic) conds.push(eq(codings.topicId, await resolveTopicId(db, query.topic)));
  return detectShifts(await shiftCodings(db, and(...conds))).sort(newestFirst);
}

/**
 * Shifts under the filters, newest first. Every date of the chosen actors and topic counts, whatever the
 * range: the shift at `from` needs the stance before it. `from` and `to` then bound the date of the change.
 * Without `limit`, every shift; with it, one page and the cursor of the next.
 */
export type ShiftPage = { items: ShiftItem[]; nextCursor: string | null };

export async function listShifts(db: Database, query: ShiftsQuery): Promise<ShiftPage> {
  const limit = query.limit === undefined ? undefined : Math.min(query.limit, MAX_PAGE_SIZE);
  const { shifts, rows } = await storedShifts(db, {
    actorIds: query.actor ? await resolveActorIds(db, query.actor) : null,
    topicId: query.topic ? await resolveTopicId(db, query.topic) : null,
    from: query.from,
    to: query.to,
    after: query.cursor ? decodeShiftCursor(query.cursor) : undefined,
    limit: limit === undefined ? undefined : limit + 1,
  });
  const page = limit === undefined ? shifts : shifts.slice(0, limit);
  const last = limit !== undefined && rows.length > limit ? rows[limit - 1] : undefined;
  return { items: await withNames(db, page), nextCursor: last ? encodeShiftCursor(last) : null };
}

/** The shifts of some actors on one topic (what a write can change), for the webhook outbox. */
export async function shiftsOf(db: Database, topicId: number, actorIds: readonly number[]): Promise<Shift[]> {
  if (actorIds.length === 0) return [];
  return (await storedShifts(db, { actorIds: [...new Set(actorIds)], topicId })).shifts;
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
