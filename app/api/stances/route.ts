import { getDb } from "@/db/client";
import { listStances, streamStances } from "@/db/queries/stances";
import { csvResponse, STANCE_CSV_COLUMNS } from "@/lib/csv";
import { StancesQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const { format, ...query } = parseQuery(request, StancesQuery);
  const db = await getDb();
  if (format === "csv") {
    // Every matching row (from `cursor`, up to `limit` when given), streamed in batches.
    return csvResponse(await streamStances(db, query), STANCE_CSV_COLUMNS, "stancewatch-stances.csv");
  }
  return json(await listStances(db, query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
