import { and, eq, inArray, ne, type SQL, sql } from "drizzle-orm";
import type { ShiftsQuery } from "../../contracts/filters";
import { MAX_PAGE_SIZE } from "../../contracts/filters";
import type { ShiftItem, ShiftPage } from "../../contracts/responses";
import { detectShifts, newestFirst, type Shift, type ShiftCoding, shiftBetween } from "../../domain/shifts";
import type { Database } from "../client";
import { actors, codings, reports } from "../schema";
import { decodeShiftCursor, encodeShiftCursor } from "./cursor";
import { resolveActorIds, resolveTopicId } from "./filters";
import { type BucketShiftRow, rollupShiftRows, shiftCodingJson } from "./rollups";

/** The codings shifts are derived from: every one not rejected, each as one JSON value built by the database. */
async function shiftCodings(db: Database, where: SQL | undefined): Promise<ShiftCoding[]> {
  const rows = await db
    .select({ coding: sql<ShiftCoding>`${shiftCodingJson("codings", "reports", "actors.code")}` })
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .where(and(ne(codings.status, "rejected"), where));
  return rows.map((r) => r.coding);
}

/** A stored shift with its evidence and the names a page shows. */
function itemOf(row: BucketShiftRow): ShiftItem {
  return {
    ...shiftBetween(row.before, row.after),
    actorName: row.actorName,
    topicSlug: row.topicSlug,
    topicTitle: row.topicTitle,
  };
}

/** Every shift recomputed from the codings themselves: the reference the stored shifts (rollup_shifts) must match. */
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
export async function listShifts(db: Database, query: ShiftsQuery): Promise<ShiftPage> {
  const limit = query.limit === undefined ? undefined : Math.min(query.limit, MAX_PAGE_SIZE);
  const rows = await rollupShiftRows(db, {
    actorIds: query.actor ? await resolveActorIds(db, query.actor) : null,
    topicId: query.topic ? await resolveTopicId(db, query.topic) : null,
    from: query.from,
    to: query.to,
    after: query.cursor ? decodeShiftCursor(query.cursor) : undefined,
    limit: limit === undefined ? undefined : limit + 1,
    minConfidence: query.minConfidence,
    reviewed: query.reviewed,
  });
  const page = limit === undefined ? rows : rows.slice(0, limit);
  const last = limit !== undefined && rows.length > limit ? rows[limit - 1] : undefined;
  return { items: page.map(itemOf), nextCursor: last ? encodeShiftCursor(last) : null };
}

/** The shifts of some actors on one topic (what a write can change), with their names, for the webhook outbox. */
export async function shiftsOf(db: Database, topicId: number, actorIds: readonly number[]): Promise<ShiftItem[]> {
  if (actorIds.length === 0) return [];
  return (await rollupShiftRows(db, { actorIds: [...new Set(actorIds)], topicId })).map(itemOf);
}
