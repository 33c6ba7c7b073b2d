import { and, asc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { type CodingFilters, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type SummaryGroup } from "../../contracts/filters";
import type { CodingScope, StanceItem, StancePage, Summary, SummaryItem } from "../../contracts/responses";
import { netScore } from "../../domain/stance";
import type { Database } from "../client";
import { actors, citedSources, codings, type DatePrecision, reports, type Stance } from "../schema";
import { decodeCursor, encodeCursor } from "./cursor";
import { codingConditions } from "./filters";
import { rollupDaysOver, rollupReportsOver, rollupSummaryRows } from "./rollups";

/** A timestamp as JavaScript's toISOString() writes it (UTC, milliseconds), whatever the session's time zone. */
function isoTimestamp(column: AnyPgColumn): SQL {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

/**
 * Each coding as the JSON of its StanceItem, built by the database: one field per row on the wire instead of
 * 27. Parsing fields one by one (a buffer copy and a decode each, in PGlite) and mapping them was most of
 * the time a page of stances took; the driver parses this one with JSON.parse.
 */
export const stanceJson = sql<StanceItem>`json_build_object(
  'id', ${codings.id}, 'actor', ${actors.code}, 'actorName', ${actors.name},
  'topicId', ${codings.topicId}, 'reportId', ${codings.reportId},
  'reportTitle', ${reports.title}, 'reportOutlet', ${reports.outlet}, 'reportUrl', ${reports.url},
  'reportPublishedOn', ${reports.publishedOn}, 'reportPublishedPrecision', ${reports.publishedPrecision},
  'stance', ${codings.stance}, 'statementDate', ${codings.statementDate},
  'statementDatePrecision', ${codings.statementDatePrecision},
  'evidence', ${codings.evidence}, 'evidenceStart', ${codings.evidenceStart}, 'evidenceEnd', ${codings.evidenceEnd},
  'citedSource', case when ${citedSources.id} is null then null else json_build_object(
    'outlet', ${citedSources.outlet}, 'date', ${citedSources.citedOn}, 'precision', ${citedSources.precision}) end,
  'citedSourceId', ${codings.citedSourceId},
  'coder', ${codings.coder}, 'confidence', round(${codings.confidence}::numeric, 3), 'status', ${codings.status},
  'explanation', ${codings.explanation}, 'note', ${codings.note},
  'createdAt', ${isoTimestamp(codings.createdAt)}, 'updatedAt', ${isoTimestamp(codings.updatedAt)})`;

function selectStances(db: Database) {
  return db
    .select({ item: stanceJson })
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId));
}

function afterKey(key: [string, number]): SQL {
  return sql`(${codings.statementDate}, ${codings.id}) > (${key[0]}::date, ${key[1]})`;
}

export type StancePageQuery = CodingFilters & { limit?: number; cursor?: string };

/** One page of codings in statement-date order (oldest first), keyset-paginated. */
export async function listStances(db: Database, query: StancePageQuery): Promise<StancePage> {
  const limit = Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const where = await codingConditions(db, query);
  const rows = await selectStances(db)
    .where(query.cursor ? and(where, afterKey(decodeCursor("stances", query.cursor))) : where)
    .orderBy(asc(codings.statementDate), asc(codings.id))
    .limit(limit + 1);
  const items = rows.slice(0, limit).map((r) => r.item);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor("stances", [last.statementDate, last.id]) : null,
  };
}

/**
 * Every coding matching the filters (from a cursor, up to a limit when given), fetched in keyset batches so
 * that an export of a million rows holds one batch in memory. The filters are checked before this returns,
 * so a bad filter is a 400 and never a broken stream.
 */
export async function streamStances(
  db: Database,
  query: StancePageQuery,
  options: { batchSize?: number } = {},
): Promise<AsyncGenerator<StanceItem>> {
  const where = await codingConditions(db, query);
  // 1,000 rows: 2,000-row batches lived long enough to be promoted to V8's old space, where they piled up as
  // garbage between full collections and the server's memory grew during an export; these die young, for a little
  // more time (the figures are in docs/performance.md).
  const batchSize = options.batchSize ?? 1000;
  let key = query.cursor ? decodeCursor("stances", query.cursor) : undefined;
  let remaining = query.limit ?? Number.POSITIVE_INFINITY;
  return (async function* () {
    while (remaining > 0) {
      const rows = await selectStances(db)
        .where(key ? and(where, afterKey(key)) : where)
        .orderBy(asc(codings.statementDate), asc(codings.id))
        .limit(Math.min(batchSize, remaining));
      for (const row of rows) yield row.item;
      const last = rows.at(-1)?.item;
      if (!last || rows.length < batchSize) return;
      remaining -= rows.length;
      key = [last.statementDate, last.id];
    }
  })();
}

const sourceOutlet = sql`coalesce(${citedSources.outlet}, ${reports.outlet})`;

/**
 * For each grouping: the group key and the row-level expressions that describe a group (the summary takes
 * their minimum over the whole group, across actors).
 */
function grouping(by: SummaryGroup) {
  const statementDate = sql<string>`${codings.statementDate}::text`;
  const statementPrecision = sql<string>`${codings.statementDatePrecision}::text`;
  switch (by) {
    case "source":
      // A statement's source is the report it cites (outlet and date), else its own report on its own date.
      return {
        key: sql<string>`case when ${citedSources.id} is null then 'report:' || ${reports.id} || ':' || ${codings.statementDate}::text else 'cited:' || lower(${citedSources.outlet}) || ':' || ${citedSources.citedOn}::text end`,
        label: sourceOutlet,
        date: statementDate,
        precision: statementPrecision,
        outlet: sourceOutlet,
        reportId: sql`case when ${citedSources.id} is null then ${reports.id} end`,
      };
    case "report":
      return {
        key: sql<string>`'report:' || ${reports.id}`,
        label: sql`${reports.title}`,
        date: sql`${reports.publishedOn}::text`,
        precision: sql`${reports.publishedPrecision}::text`,
        outlet: sql`${reports.outlet}`,
        reportId: sql`${reports.id}`,
      };
    case "day":
      // The statement date itself: the timeline's x axis.
      return {
        key: statementDate,
        label: statementDate,
        date: statementDate,
        precision: statementPrecision,
        outlet: sql`null::text`,
        reportId: sql`null::int`,
      };
    case "month": {
      const month = sql<string>`to_char(${codings.statementDate}, 'YYYY-MM')`;
      return {
        key: month,
        label: month,
        date: sql`to_char(${codings.statementDate}, 'YYYY-MM') || '-01'`,
        precision: sql`'month'`,
        outlet: sql`null::text`,
        reportId: sql`null::int`,
      };
    }
    case "outlet":
      return {
        key: sql<string>`lower(${sourceOutlet})`,
        label: sourceOutlet,
        date: statementDate,
        precision: statementPrecision,
        outlet: sourceOutlet,
        reportId: sql`null::int`,
      };
  }
}

/** Whether more than `limit` groups lie under the filters (below). */
export function moreGroupsThan(
  db: Database,
  filters: CodingFilters,
  by: SummaryGroup,
  limit: number,
): Promise<boolean> {
  return groupsOver(db, filters, by, limit, "rollups");
}

/** The same, always from the codings: the reference the rollups are tested against. */
export function moreGroupsThanFromCodings(
  db: Database,
  filters: CodingFilters,
  by: SummaryGroup,
  limit: number,
): Promise<boolean> {
  return groupsOver(db, filters, by, limit, "codings");
}

/**
 * Whether more than `limit` groups lie under the filters: dates and reports from the rollups where they keep
 * the filters (`source` "codings" never uses them: the reference they are tested against); else reports by
 * reading the codings' report ids in index order until one past the limit, sources the same way first, and
 * otherwise by counting them all.
 */
async function groupsOver(
  db: Database,
  filters: CodingFilters,
  by: SummaryGroup,
  limit: number,
  source: AggregateSource,
): Promise<boolean> {
  if (by === "day" && source === "rollups") {
    const over = await rollupDaysOver(db, filters, limit);
    if (over !== null) return over;
  }
  if (by === "report" && source === "rollups") {
    const over = await rollupReportsOver(db, filters, limit);
    if (over !== null) return over;
  }
  const where = await codingConditions(db, filters);
  // Distinct reports, read in index order and stopped one past the limit.
  const reportsOver = async (extra?: SQL) => {
    const groups = db.$with("groups").as(
      db
        .select({ reportId: codings.reportId })
        .from(codings)
        .innerJoin(reports, eq(reports.id, codings.reportId))
        .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
        .where(and(where, extra))
        .groupBy(codings.reportId)
        .orderBy(codings.reportId)
        .limit(limit + 1),
    );
    const [row] = await db.with(groups).select({ n: sql<number>`count(*)::int` }).from(groups);
    return Number(row?.n ?? 0) > limit;
  };
  if (by === "report") return reportsOver();
  // Each report's own (uncited) statements make at least one source of their own: enough of those reports
  // settle it without counting every source.
  if (by === "source" && (await reportsOver(isNull(codings.citedSourceId)))) return true;
  const [row] = await db
    .select({ n: sql<number>`count(distinct ${grouping(by).key})::int` })
    .from(codings)
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
    .where(where);
  return Number(row?.n ?? 0) > limit;
}

/**
 * The summary API's payload. With `maxGroups`, sources or reports beyond that many are grouped by month
 * instead, so that a chart never draws thousands of marks; `by` then says "month".
 */
export async function getSummary(
  db: Database,
  query: CodingFilters & { by: SummaryGroup; maxGroups?: number },
): Promise<Summary> {
  const { by: requestedBy, maxGroups, ...filters } = query;
  let by = requestedBy;
  if (maxGroups !== undefined && (by === "source" || by === "report" || by === "day")) {
    if (await moreGroupsThan(db, filters, by, maxGroups)) by = "month";
  }
  return { by, requestedBy, items: await summarizeStances(db, filters, by) };
}

type GroupRow = Omit<SummaryItem, "total" | "net"> & { sortOrder: number };

/** Where aggregates come from: the rollups where they serve the filters, or always the codings (the reference). */
export type AggregateSource = "rollups" | "codings";

/** Counts per group and actor, with the net score (below), from the rollups where they serve the filters. */
export function summarizeStances(db: Database, filters: CodingFilters, by: SummaryGroup): Promise<SummaryItem[]> {
  return summaryOf(db, filters, by, "rollups");
}

/** The same, always by a GROUP BY over the codings: the reference the rollups are tested against. */
export function summarizeStancesFromCodings(
  db: Database,
  filters: CodingFilters,
  by: SummaryGroup,
): Promise<SummaryItem[]> {
  return summaryOf(db, filters, by, "codings");
}

/** Counts per group and actor, with the net score; groups in date order, actors in their display order. */
async function summaryOf(
  db: Database,
  filters: CodingFilters,
  by: SummaryGroup,
  source: AggregateSource,
): Promise<SummaryItem[]> {
  const rolled = source === "rollups" ? await rollupSummaryRows(db, filters, by) : null;
  const rows: GroupRow[] = rolled
    ? rolled.map((r) => ({ ...r, label: r.key, outlet: null, reportId: null }))
    : await groupCodings(db, filters, by);
  rows.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.key.localeCompare(b.key) ||
      a.sortOrder - b.sortOrder ||
      a.actor.localeCompare(b.actor),
  );
  return rows.map(({ sortOrder: _order, ...r }) => {
    const total = r.support + r.neutral + r.condemn;
    return { ...r, reportId: r.reportId === null ? null : Number(r.reportId), total, net: netScore(r) ?? 0 };
  });
}

/**
 * The same counts by a GROUP BY over the codings themselves: for the filters the rollups do not keep, and the
 * reference the rollups are tested against.
 */
export async function groupCodings(db: Database, filters: CodingFilters, by: SummaryGroup): Promise<GroupRow[]> {
  const where = await codingConditions(db, filters);
  const g = grouping(by);
  // A group's label and date are the same on every actor's row: the minimum over the whole group.
  const ofGroup = <T>(expr: SQL) => sql<T>`min(min(${expr})) over (partition by ${g.key})`;
  const count = (stance: Stance) => sql<number>`(count(*) filter (where ${codings.stance} = ${stance}))::int`;
  return db
    .select({
      key: g.key,
      label: ofGroup<string>(g.label),
      date: ofGroup<string>(g.date),
      datePrecision: ofGroup<DatePrecision>(g.precision),
      outlet: ofGroup<string | null>(g.outlet),
      reportId: ofGroup<number | null>(g.reportId),
      actor: actors.code,
      sortOrder: actors.sortOrder,
      support: count("support"),
      neutral: count("neutral"),
      condemn: count("condemn"),
    })
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
    .where(where)
    .groupBy(g.key, actors.code, actors.sortOrder);
}

/** One coding by id, whatever its review status; undefined when there is none. */
export async function getStance(db: Database, id: number): Promise<StanceItem | undefined> {
  const [row] = await selectStances(db).where(eq(codings.id, id));
  return row?.item;
}

/** How many reports and codings lie under the filters, and the span of their statement dates (export source lines). */
export async function describeScope(db: Database, filters: CodingFilters): Promise<CodingScope> {
  const where = await codingConditions(db, filters);
  const [row] = await db
    .select({
      reports: sql<number>`count(distinct ${codings.reportId})::int`,
      codings: sql<number>`count(*)::int`,
      first: sql<string | null>`min(${codings.statementDate})::text`,
      last: sql<string | null>`max(${codings.statementDate})::text`,
    })
    .from(codings)
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
    .where(where);
  return row ?? { reports: 0, codings: 0, first: null, last: null };
}
