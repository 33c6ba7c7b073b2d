import { sql } from "drizzle-orm";
import { type Database, queryRows } from "../client";
import { citedSources, codings, reports } from "../schema";

export type OutletItem = { outlet: string; reports: number; citations: number };

/** Outlets that published a report or are cited by a coded statement, for the outlet filter. */
export async function listOutlets(db: Database): Promise<OutletItem[]> {
  const rows = await queryRows<{ outlet: string; reports: number; citations: number }>(
    db,
    sql`
    select min(outlet) as outlet, sum(reports)::int as reports, sum(citations)::int as citations
    from (
      select ${reports.outlet} as outlet, count(*) as reports, 0 as citations from ${reports} group by ${reports.outlet}
      union all
      select ${citedSources.outlet}, 0, count(*) from ${citedSources}
      where exists (select 1 from ${codings} where ${codings.citedSourceId} = ${citedSources.id})
      group by ${citedSources.outlet}
    ) o
    group by lower(outlet)
    order by lower(min(outlet))
  `,
  );
  return rows.map((r) => ({ outlet: r.outlet, reports: Number(r.reports), citations: Number(r.citations) }));
}
