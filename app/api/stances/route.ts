import { getDb } from "@/db/client";
import { listStances, streamStances } from "@/db/queries/stances";
import { csvResponse, STANCE_CSV_COLUMNS } from "@/lib/csv";
import { StancesQuery } from "@/lib/filters";
import { json, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const { format, cursor, limit, ...filters } = parseQuery(request, StancesQuery);
  const db = await getDb();
  if (format === "csv") {
    // The CSV holds every matching row (or the first `limit` when one is given), streamed in batches.
    const explicitLimit = new URL(request.url).searchParams.has("limit") ? limit : undefined;
    return csvResponse(
      streamStances(db, filters, { limit: explicitLimit }),
      STANCE_CSV_COLUMNS,
      "stancewatch-stances.csv",
    );
  }
  return json(await listStances(db, { ...filters, cursor, limit }));
});
