import { sql } from "drizzle-orm";
import type { OutletItem } from "../../contracts/responses";
import { type Database, queryRows } from "../client";
import { citedSources, codings, reports, rollupCitedOutlets, rollupReports } from "../schema";
import type { AggregateSource } from "./stances";

/** Outlets that published a report or are cited by a coded statement, for the outlet filter (from the rollups). */
export function listOutlets(db: Database): Promise<OutletItem[]> {
  return outletsCounted(db, "rollups");
}

/** The same, counted over the reports and citations: the reference the rollups are tested against. */
export function listOutletsFromCodings(db: Database): Promise<OutletItem[]> {
  return outletsCounted(db, "codings");
}

/**
 * Outlets that published a report or are cited by a coded statement, for the outlet filter: from the
 * rollups kept on write, or counted over the reports and citations (the reference).
 */
async function outletsCounted(db: Database, source: AggregateSource): Promise<OutletItem[]> {
  const counted = sql`
    select ${rollupReports.outlet} as outlet, sum(${rollupReports.reports}) as reports, 0 as citations
    from ${rollupReports} group by ${rollupReports.outlet}
    union all
    select ${rollupCitedOutlets.outlet}, 0, ${rollupCitedOutlets.citations} from ${rollupCitedOutlets}
    where ${rollupCitedOutlets.citations} > 0`;
  const scanned = sql`
      select ${reports.outlet} as outlet, count(*) as reports, 0 as citations from ${reports} group by ${reports.outlet}
      union all
      select ${citedSources.outlet}, 0, count(*) from ${citedSources}
      where exists (select 1 from ${codings} where ${codings.citedSourceId} = ${citedSources.id})
      group by ${citedSources.outlet}`;
  const rows = await queryRows<{ outlet: string; reports: number; citations: number }>(
    db,
    sql`
    select min(outlet) as outlet, sum(reports)::int as reports, sum(citations)::int as citations
    from (${source === "rollups" ? counted : scanned}) o
    group by lower(outlet)
    order by lower(min(outlet))
  `,
  );
  return rows.map((r) => ({ outlet: r.outlet, reports: Number(r.reports), citations: Number(r.citations) }));
}
