import { eq, sql } from "drizzle-orm";
import type { CodingFilters } from "../../contracts/filters";
import type { Alignment, AlignmentPair } from "../../contracts/responses";
import { type Database, queryRows } from "../client";
import { actors, citedSources, codings, reports } from "../schema";
import { codingConditions } from "./filters";
import { type AlignmentCounts, rollupAlignmentRows } from "./rollups";
import type { AggregateSource } from "./stances";

/** How often each pair of actors took the same stance (below), from the rollups where they serve the filters. */
export function getAlignment(db: Database, filters: CodingFilters): Promise<Alignment> {
  return alignmentOf(db, filters, "rollups");
}

/** The same, always from the codings: the reference the rollups are tested against. */
export function alignmentFromCodings(db: Database, filters: CodingFilters): Promise<Alignment> {
  return alignmentOf(db, filters, "codings");
}

/**
 * For every pair of the selected actors (or of all actors with codings), how often they took the same stance
 * in the reports that code both. Each actor's stance in a report is reduced by the codebook: support or
 * condemn outweighs neutral, and between them the later statement (date, then position) wins.
 */
async function alignmentOf(db: Database, filters: CodingFilters, source: AggregateSource): Promise<Alignment> {
  const rolled = source === "rollups" ? await rollupAlignmentRows(db, filters) : null;
  const rows = rolled ?? (await alignCodings(db, filters));
  const found = new Map(rows.map((r) => [`${r.a}|${r.b}`, r]));

  const selected = filters.actor ?? [];
  const order = await db.select({ code: actors.code }).from(actors).orderBy(actors.sortOrder, actors.code);
  const codes = selected.length
    ? order.map((a) => a.code).filter((c) => selected.includes(c))
    : order.map((a) => a.code).filter((c) => rows.some((r) => r.a === c || r.b === c));

  const items: AlignmentPair[] = [];
  for (const [i, a] of codes.entries()) {
    for (const b of codes.slice(i + 1)) {
      const row = found.get(`${a}|${b}`);
      const n = Number(row?.reports ?? 0);
      const same = Number(row?.same ?? 0);
      items.push({
        a,
        b,
        reports: n,
        same,
        share: n ? Math.round((same / n) * 1000) / 1000 : null,
        reportIds: (row?.reportIds ?? []).map(Number),
      });
    }
  }
  return { actors: codes, items };
}

/**
 * The pair counts from the codings themselves: for filters the rollup does not keep (dates, stances,
 * outlets...), and the reference the rollup is tested against.
 */
export async function alignCodings(db: Database, filters: CodingFilters): Promise<AlignmentCounts[]> {
  const where = await codingConditions(db, filters);
  const perReport = db
    .selectDistinctOn([codings.reportId, codings.actorId], {
      report_id: codings.reportId,
      actor_id: codings.actorId,
      stance: codings.stance,
    })
    .from(codings)
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
    .where(where)
    .orderBy(
      codings.reportId,
      codings.actorId,
      sql`(${codings.stance} <> 'neutral') desc`,
      sql`${codings.statementDate} desc`,
      sql`${codings.evidenceStart} desc`,
      sql`${codings.id} desc`,
    );

  const rows = await queryRows<{ a: string; b: string; reports: number; same: number; report_ids: number[] }>(
    db,
    sql`
    with per_report as (${perReport})
    select aa.code as a, ba.code as b,
           count(*)::int as reports,
           (count(*) filter (where x.stance = y.stance))::int as same,
           (array_agg(x.report_id order by x.report_id))[1:200] as report_ids
    from per_report x
    join per_report y on y.report_id = x.report_id and y.actor_id <> x.actor_id
    join ${actors} aa on aa.id = x.actor_id
    join ${actors} ba on ba.id = y.actor_id
    where (aa.sort_order, aa.code) < (ba.sort_order, ba.code)
    group by aa.code, ba.code
  `,
  );
  return rows.map(({ report_ids, ...r }) => ({ ...r, reportIds: report_ids }));
}
