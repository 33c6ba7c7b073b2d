import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { Database } from "../client";
import { actors, citedSources, codings, reports, type DatePrecision, type ReviewStatus, type Stance } from "../schema";
import type { CodingExplanation } from "../schema/codings";
import type { CodingFilters, StancesQuery, SummaryGroup } from "../../lib/filters";
import { netScore } from "../../lib/stance";
import { decodeCursor, encodeCursor } from "./cursor";
import { codingConditions } from "./filters";

export type StanceItem = {
  id: number;
  actor: string;
  actorName: string;
  topicId: number;
  reportId: number;
  reportTitle: string;
  reportOutlet: string;
  reportUrl: string | null;
  reportPublishedOn: string;
  reportPublishedPrecision: DatePrecision;
  stance: Stance;
  statementDate: string;
  statementDatePrecision: DatePrecision;
  evidence: string;
  evidenceStart: number;
  evidenceEnd: number;
  citedSource: { outlet: string; date: string } | null;
  coder: string;
  confidence: number;
  status: ReviewStatus;
  explanation: CodingExplanation | null;
  note: string | null;
  createdAt: string;
  updatedAt: string;
};

const stanceColumns = {
  id: codings.id,
  actor: actors.code,
  actorName: actors.name,
  topicId: codings.topicId,
  reportId: codings.reportId,
  reportTitle: reports.title,
  reportOutlet: reports.outlet,
  reportUrl: reports.url,
  reportPublishedOn: reports.publishedOn,
  reportPublishedPrecision: reports.publishedPrecision,
  stance: codings.stance,
  statementDate: codings.statementDate,
  statementDatePrecision: codings.statementDatePrecision,
  evidence: codings.evidence,
  evidenceStart: codings.evidenceStart,
  evidenceEnd: codings.evidenceEnd,
  citedOutlet: citedSources.outlet,
  citedOn: citedSources.citedOn,
  coder: codings.coder,
  confidence: codings.confidence,
  status: codings.status,
  explanation: codings.explanation,
  note: codings.note,
  createdAt: codings.createdAt,
  updatedAt: codings.updatedAt,
};

type StanceRow = Awaited<ReturnType<typeof selectStances>>[number];

function toItem(row: StanceRow): StanceItem {
  const { citedOutlet, citedOn, createdAt, updatedAt, ...rest } = row;
  return {
    ...rest,
    confidence: Math.round(rest.confidence * 1000) / 1000,
    citedSource: citedOutlet && citedOn ? { outlet: citedOutlet, date: citedOn } : null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

function selectStances(db: Database) {
  return db
    .select(stanceColumns)
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId));
}

function afterKey(key: [string, number]): SQL {
  return sql`(${codings.statementDate}, ${codings.id}) > (${key[0]}::date, ${key[1]})`;
}

export type StancePage = { items: StanceItem[]; nextCursor: string | null };

/** One page of codings in statement-date order (oldest first), keyset-paginated. */
export async function listStances(db: Database, query: Omit<StancesQuery, "format">): Promise<StancePage> {
  const where = await codingConditions(db, query);
  const rows = await selectStances(db)
    .where(query.cursor ? and(where, afterKey(decodeCursor(query.cursor))) : where)
    .orderBy(asc(codings.statementDate), asc(codings.id))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit).map(toItem);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor([last.statementDate, last.id]) : null };
}

/**
 * Every coding matching the filters, fetched in keyset batches so that an export of a million rows never
 * holds more than one batch in memory. `limit` caps the total when given.
 */
export async function* streamStances(
  db: Database,
  filters: CodingFilters,
  options: { limit?: number; batchSize?: number } = {},
): AsyncGenerator<StanceItem> {
  const where = await codingConditions(db, filters);
  const batchSize = options.batchSize ?? 2000;
  let remaining = options.limit ?? Number.POSITIVE_INFINITY;
  let key: [string, number] | undefined;
  while (remaining > 0) {
    const rows = await selectStances(db)
      .where(key ? and(where, afterKey(key)) : where)
      .orderBy(asc(codings.statementDate), asc(codings.id))
      .limit(Math.min(batchSize, remaining));
    for (const row of rows) yield toItem(row);
    const last = rows.at(-1);
    if (!last || rows.length < batchSize) return;
    remaining -= rows.length;
    key = [last.statementDate, last.id];
  }
}

export type SummaryItem = {
  key: string;
  label: string;
  date: string;
  datePrecision: DatePrecision;
  outlet: string | null;
  reportId: number | null;
  actor: string;
  support: number;
  neutral: number;
  condemn: number;
  total: number;
  net: number;
};

const sourceOutlet = sql`coalesce(${citedSources.outlet}, ${reports.outlet})`;

/** For each grouping: the group key and the columns that describe the group. */
function grouping(by: SummaryGroup) {
  switch (by) {
    case "source":
      // A statement's source is the report it cites, else the report it appears in.
      return {
        key: sql<string>`case when ${citedSources.id} is null then 'report:' || ${reports.id} else 'cited:' || lower(${citedSources.outlet}) || ':' || ${citedSources.citedOn}::text end`,
        label: sql<string>`min(${sourceOutlet})`,
        date: sql<string>`min(coalesce(${citedSources.citedOn}, ${reports.publishedOn}))::text`,
        precision: sql<DatePrecision>`min(coalesce(${citedSources.precision}, ${reports.publishedPrecision})::text)`,
        outlet: sql<string | null>`min(${sourceOutlet})`,
        reportId: sql<number | null>`case when min(${citedSources.id}) is null then min(${reports.id}) end`,
      };
    case "report":
      return {
        key: sql<string>`'report:' || ${reports.id}`,
        label: sql<string>`min(${reports.title})`,
        date: sql<string>`min(${reports.publishedOn})::text`,
        precision: sql<DatePrecision>`min(${reports.publishedPrecision}::text)`,
        outlet: sql<string | null>`min(${reports.outlet})`,
        reportId: sql<number | null>`min(${reports.id})`,
      };
    case "month":
      return {
        key: sql<string>`to_char(${codings.statementDate}, 'YYYY-MM')`,
        label: sql<string>`to_char(min(${codings.statementDate}), 'YYYY-MM')`,
        date: sql<string>`to_char(min(${codings.statementDate}), 'YYYY-MM') || '-01'`,
        precision: sql<DatePrecision>`'month'`,
        outlet: sql<string | null>`null`,
        reportId: sql<number | null>`null`,
      };
    case "outlet":
      return {
        key: sql<string>`lower(${sourceOutlet})`,
        label: sql<string>`min(${sourceOutlet})`,
        date: sql<string>`min(${codings.statementDate})::text`,
        precision: sql<DatePrecision>`'day'`,
        outlet: sql<string | null>`min(${sourceOutlet})`,
        reportId: sql<number | null>`null`,
      };
  }
}

/** Counts per group and actor, with the net score; groups in date order, actors in their display order. */
export async function summarizeStances(db: Database, filters: CodingFilters, by: SummaryGroup): Promise<SummaryItem[]> {
  const where = await codingConditions(db, filters);
  const g = grouping(by);
  const count = (stance: Stance) => sql<number>`(count(*) filter (where ${codings.stance} = ${stance}))::int`;
  const rows = await db
    .select({
      key: g.key,
      label: g.label,
      date: g.date,
      datePrecision: g.precision,
      outlet: g.outlet,
      reportId: g.reportId,
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
    .groupBy(g.key, actors.code, actors.sortOrder)
    .orderBy(g.date, g.key, actors.sortOrder, actors.code);
  return rows.map(({ sortOrder: _order, ...r }) => {
    const total = r.support + r.neutral + r.condemn;
    return { ...r, reportId: r.reportId === null ? null : Number(r.reportId), total, net: netScore(r) ?? 0 };
  });
}
