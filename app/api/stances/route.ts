import { StancesQuery } from "@/contracts/filters";
import { AddCodingBody } from "@/contracts/review";
import { addCoding } from "@/db/queries/review";
import { listStances, streamStances } from "@/db/queries/stances";
import { getDb } from "@/server/database";
import { csvResponse, STANCE_CSV_COLUMNS } from "@/server/export/csv";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, parseQuery, route } from "@/server/http/route";
import { configuredOutbox } from "@/server/webhooks";

export const GET = route(async (request: Request) => {
  const { format, ...query } = parseQuery(request, StancesQuery);
  const db = await getDb();
  if (format === "csv") {
    // Every matching row (from `cursor`, up to `limit` when given), streamed in batches.
    return csvResponse(await streamStances(db, query), STANCE_CSV_COLUMNS, "stancewatch-stances.csv");
  }
  return json(await listStances(db, query));
});

/** An analyst adds a coding the automatic coder missed. */
export const POST = route(async (request: Request) => {
  // The token first: a caller without it learns nothing about what a valid body looks like.
  const who = requireAdmin(request);
  const body = await parseBody(request, AddCodingBody, 64_000);
  return json(await addCoding(await getDb(), body, who, configuredOutbox()), { status: 201 });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
