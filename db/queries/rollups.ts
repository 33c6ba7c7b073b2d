import { type SQL, type SQLWrapper, sql } from "drizzle-orm";
import type { CodingFilters, SummaryGroup } from "../../contracts/filters";
import { STANCES } from "../../domain/labels";
import type { ShiftCoding } from "../../domain/shifts";
import { type Database, queryRows } from "../client";
import type { DatePrecision, Stance } from "../schema";
import { actors, reportActorStances, rollupAlignment, rollupDays, rollupMonths, rollupShifts, topics } from "../schema";
import type { ShiftKey } from "./cursor";
import { resolveActorIds, resolveTopicId } from "./filters";

/**
 * Reads served by the rollup tables (db/schema/rollups.ts) instead of a GROUP BY over every coding. Each
 * function returns null when the filters ask for something a rollup does not keep (a status, report, source
 * or outlet filter, or a date range for alignment); the caller then runs the query over the codings.
 */

type Scope = { actorIds: number[] | null; topicId: number | null };

async function scopeOf(db: Database, f: CodingFilters): Promise<Scope> {
  return {
    actorIds: f.actor ? await resolveActorIds(db, f.actor) : null,
    topicId: f.topic ? await resolveTopicId(db, f.topic) : null,
  };
}

function scopeConditions(scope: Scope, table: { actorId: unknown; topicId: unknown }): SQL[] {
  const conds: SQL[] = [];
  if (scope.actorIds)
    conds.push(
      sql`${table.actorId} in (${sql.join(
        scope.actorIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  if (scope.topicId !== null) conds.push(sql`${table.topicId} = ${scope.topicId}`);
  return conds;
}

function where(conds: SQL[]): SQL {
  return conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``;
}

/** Only the filters every rollup keeps: actor, topic, dates and stance (rejected codings left out). */
function countsServe(f: CodingFilters): boolean {
  return !f.status && !f.report && !f.source && !f.outlet;
}

/** Whether a date range cuts no month in two, so that whole-month counts answer it. */
function monthAligned(from: string | undefined, to: string | undefined): boolean {
  if (from && !from.endsWith("-01")) return false;
  if (!to) return true;
  const next = new Date(`${to}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.getUTCDate() === 1;
}

export type RollupSummaryRow = {
  key: string;
  date: string;
  datePrecision: DatePrecision;
  actor: string;
  sortOrder: number;
  support: number;
  neutral: number;
  condemn: number;
};

/**
 * Counts per date (`day`) or month (`month`) and actor from the rollups, in the shape of the summary's rows
 * before sorting; null when the filters need the codings themselves.
 */
export async function rollupSummaryRows(
  db: Database,
  f: CodingFilters,
  by: SummaryGroup,
): Promise<RollupSummaryRow[] | null> {
  if ((by !== "day" && by !== "month") || !countsServe(f)) return null;
  const scope = await scopeOf(db, f);
  const wanted = new Set<Stance>(f.stance ?? STANCES);
  const count = (stance: Stance, column: SQLWrapper) => (wanted.has(stance) ? sql`sum(${column})::int` : sql`0`);
  const byMonth = by === "month";
  const wholeMonths = byMonth && monthAligned(f.from, f.to);
  const table = wholeMonths ? rollupMonths : rollupDays;
  const dateColumn = wholeMonths ? rollupMonths.month : rollupDays.statementDate;
  const conds = scopeConditions(scope, table);
  if (f.from) conds.push(sql`${dateColumn} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${dateColumn} <= ${f.to}::date`);
  const key = byMonth ? sql`to_char(${dateColumn}, 'YYYY-MM')` : sql`${dateColumn}::text`;
  const date = byMonth ? sql`to_char(${dateColumn}, 'YYYY-MM') || '-01'` : sql`${dateColumn}::text`;
  const precision = byMonth
    ? sql`'month'`
    : sql`min(min(${rollupDays.statementDatePrecision})) over (partition by ${key})::text`;
  // Only rows that count a wanted stance: a date's precision is that of the statements counted.
  conds.push(
    sql`(${sql.join(
      [...wanted].map((s) => sql`${table[s]}`),
      sql` + `,
    )}) > 0`,
  );
  return queryRows<RollupSummaryRow>(
    db,
    sql`
    select ${key} as key, min(${date}) as date, ${precision} as "datePrecision",
           ${actors.code} as actor, ${actors.sortOrder} as "sortOrder",
           ${count("support", table.support)} as support, ${count("neutral", table.neutral)} as neutral,
           ${count("condemn", table.condemn)} as condemn
    from ${table} join ${actors} on ${actors.id} = ${table.actorId}
    ${where(conds)}
    group by ${key}, ${actors.code}, ${actors.sortOrder}
  `,
  );
}

/**
 * Whether more than `limit` dates carry codings under the filters (the timeline's groups): dates read in order
 * and counted one past the limit; null when the filters need the codings themselves.
 */
export async function rollupDaysOver(db: Database, f: CodingFilters, limit: number): Promise<boolean | null> {
  if (!countsServe(f)) return null;
  const scope = await scopeOf(db, f);
  const conds = scopeConditions(scope, rollupDays);
  if (f.from) conds.push(sql`${rollupDays.statementDate} >= ${f.from}::date`);
  if (f.to) conds.push(sql`${rollupDays.statementDate} <= ${f.to}::date`);
  const wanted = f.stance ?? STANCES;
  conds.push(
    sql`(${sql.join(
      wanted.map((s) => sql`${rollupDays[s]}`),
      sql` + `,
    )}) > 0`,
  );
  return distinctOver(db, rollupDays.statementDate, rollupDays, conds, limit);
}

/**
 * Whether more than `limit` reports carry codings under the filters, from each actor's stance per report: the
 * reports are read in id order and the count stops one past the limit. Null when dates or stances narrow the
 * codings (that table keeps neither) or the filters are ones no rollup keeps.
 */
export async function rollupReportsOver(db: Database, f: CodingFilters, limit: number): Promise<boolean | null> {
  if (!countsServe(f) || f.from || f.to || f.stance) return null;
  const conds = scopeConditions(await scopeOf(db, f), reportActorStances);
  return distinctOver(db, reportActorStances.reportId, reportActorStances, conds, limit);
}

/** Whether a column takes more than `limit` values under the conditions: read in order, stopped one past it. */
async function distinctOver(
  db: Database,
  column: SQLWrapper,
  table: SQLWrapper,
  conds: SQL[],
  limit: number,
): Promise<boolean> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from (
          select distinct ${column} from ${table} ${where(conds)} order by 1 limit ${limit + 1}
        ) g`,
  );
  return Number(row?.n ?? 0) > limit;
}

export type AlignmentCounts = { a: string; b: string; reports: number; same: number; reportIds: number[] };

/**
 * Per pair of actors (in display order): reports coding both and how many agree, from the rollup, with the
 * first 200 report ids of each pair. Null when dates, stances or other filters narrow the codings.
 */
export async function rollupAlignmentRows(db: Database, f: CodingFilters): Promise<AlignmentCounts[] | null> {
  if (!countsServe(f) || f.from || f.to || f.stance) return null;
  const scope = await scopeOf(db, f);
  const conds: SQL[] = [sql`${rollupAlignment.reports} > 0`];
  if (scope.topicId !== null) conds.push(sql`${rollupAlignment.topicId} = ${scope.topicId}`);
  if (scope.actorIds) {
    const ids = sql.join(
      scope.actorIds.map((id) => sql`${id}`),
      sql`, `,
    );
    conds.push(sql`${rollupAlignment.actorLo} in (${ids}) and ${rollupAlignment.actorHi} in (${ids})`);
  }
  const topicOf = (alias: string) =>
    scope.topicId === null ? sql`` : sql` and ${sql.raw(alias)}.topic_id = ${scope.topicId}`;
  return queryRows<AlignmentCounts>(
    db,
    sql`
    with pairs as (
      select ${rollupAlignment.actorLo} as lo, ${rollupAlignment.actorHi} as hi,
             sum(${rollupAlignment.reports})::int as reports, sum(${rollupAlignment.same})::int as same
      from ${rollupAlignment} ${where(conds)}
      group by 1, 2 having sum(${rollupAlignment.reports}) > 0
    )
    select case when (la.sort_order, la.code) < (ha.sort_order, ha.code) then la.code else ha.code end as a,
           case when (la.sort_order, la.code) < (ha.sort_order, ha.code) then ha.code else la.code end as b,
           p.reports, p.same,
           array(
             select x.report_id from ${reportActorStances} x
             join ${reportActorStances} y on y.report_id = x.report_id and y.actor_id = p.hi${topicOf("y")}
             where x.actor_id = p.lo${topicOf("x")}
             order by x.report_id limit 200
           ) as "reportIds"
    from pairs p join ${actors} la on la.id = p.lo join ${actors} ha on ha.id = p.hi
  `,
  );
}

/** A shift as rollup_shifts keeps it, with the two codings that carry it and the names a page shows. */
export type BucketShiftRow = {
  actor: string;
  actorName: string;
  topicId: number;
  topicSlug: string;
  topicTitle: string;
  bucketDate: string;
  byDay: boolean;
  before: ShiftCoding;
  after: ShiftCoding;
};

export type ShiftRowQuery = {
  actorIds: number[] | null;
  topicId: number | null;
  /** Bounds on the date of the change (the statement date of the coding after it). */
  from?: string;
  to?: string;
  /** Newest first, after this key, at most this many. */
  after?: ShiftKey;
  limit?: number;
  /** Both codings at least this confident. */
  minConfidence?: number;
  /** Both codings confirmed or corrected by an analyst (an analyst's own coding is confirmed). */
  reviewed?: boolean;
};

/** The conditions on the two codings of a shift (aliased cb and ca) that its standing filters ask for. */
function standingConditions(q: ShiftRowQuery): SQL[] {
  const conds: SQL[] = [];
  for (const c of [sql.raw("cb"), sql.raw("ca")]) {
    // Compared as the column's own type, so that 0.7 asked is 0.7 stored.
    if (q.minConfidence !== undefined) conds.push(sql`${c}.confidence >= ${q.minConfidence}::real`);
    if (q.reviewed) conds.push(sql`${c}.status in ('confirmed', 'corrected')`);
  }
  return conds;
}

/**
 * A coding as domain/shifts.ts takes it, built as one JSON value from the aliases of its coding, its report and its
 * actor's code: PGlite decodes one value far faster than thirteen columns.
 */
export function shiftCodingJson(c: string, r: string, actorCode: string): SQL {
  const [x, y] = [sql.raw(c), sql.raw(r)];
  return sql`json_build_object('id', ${x}.id, 'actor', ${sql.raw(actorCode)}, 'topicId', ${x}.topic_id, 'stance', ${x}.stance,
    'status', ${x}.status, 'statementDate', ${x}.statement_date,
    'statementDatePrecision', ${x}.statement_date_precision, 'reportId', ${x}.report_id,
    'reportTitle', ${y}.title, 'reportOutlet', ${y}.outlet, 'reportPublishedOn', ${y}.published_on,
    'evidence', ${x}.evidence, 'evidenceStart', ${x}.evidence_start,
    'confidence', round(${x}.confidence::numeric, 3))`;
}

/**
 * Where an actor's stance on a topic differs from its stance on the previous date bucket, with the codings
 * that carry both sides: the shifts, newest first (date bucket, then actor, topic), read from rollup_shifts,
 * which a trigger keeps whenever a per-date stance changes. One statement: the page of keys first, then its
 * codings, reports and names, since three round trips (keys, codings, names) cost PGlite far more than one.
 */
export async function rollupShiftRows(db: Database, q: ShiftRowQuery): Promise<BucketShiftRow[]> {
  const s = rollupShifts;
  const conds = scopeConditions(q, s);
  if (q.from) conds.push(sql`ca.statement_date >= ${q.from}::date`);
  if (q.to) conds.push(sql`ca.statement_date <= ${q.to}::date`);
  // The codings are joined to the page's keys only to bound the date of the change or to ask for their standing.
  const standing = standingConditions(q);
  conds.push(...standing);
  const withAfter = Boolean(q.from || q.to) || standing.length > 0;
  if (q.after) {
    const k = q.after;
    conds.push(sql`((${s.bucketDate}, ${s.byDay}) < (${k.bucketDate}::date, ${k.byDay})
      or ((${s.bucketDate}, ${s.byDay}) = (${k.bucketDate}::date, ${k.byDay})
          and (a.code collate "C", ${s.topicId}) > (${k.actor}::text collate "C", ${k.topicId}::int)))`);
  }
  return queryRows<BucketShiftRow>(
    db,
    sql`
    with p as materialized (
      select ${s.actorId} as actor_id, ${s.topicId} as topic_id, ${s.bucketDate} as bucket_date,
             ${s.byDay} as by_day, ${s.beforeId} as before_id, ${s.afterId} as after_id, a.code, a.name
      from ${s}
      join ${actors} a on a.id = ${s.actorId}
      ${withAfter ? sql`join codings ca on ca.id = ${s.afterId}` : sql``}
      ${standing.length ? sql`join codings cb on cb.id = ${s.beforeId}` : sql``}
      ${where(conds)}
      order by ${s.bucketDate} desc, ${s.byDay} desc, a.code collate "C", ${s.topicId}
      ${q.limit === undefined ? sql`` : sql`limit ${q.limit}`}
    )
    select p.code as actor, p.name as "actorName", p.topic_id as "topicId", t.slug as "topicSlug",
           t.title as "topicTitle", p.bucket_date::text as "bucketDate", p.by_day as "byDay",
           ${shiftCodingJson("cb", "rb", "p.code")} as before, ${shiftCodingJson("ca", "ra", "p.code")} as after
    from p
    join codings cb on cb.id = p.before_id join reports rb on rb.id = cb.report_id
    join codings ca on ca.id = p.after_id join reports ra on ra.id = ca.report_id
    join ${topics} t on t.id = p.topic_id
    order by p.bucket_date desc, p.by_day desc, p.code collate "C", p.topic_id
  `,
  );
}
