import { getDb } from "@/db/client";
import { ingestReport } from "@/db/queries/ingest";
import { listReports } from "@/db/queries/reports";
import { requireAdmin } from "@/lib/auth";
import { ReportsQuery } from "@/lib/filters";
import { MAX_INGEST_BODY_BYTES, NewReportBody } from "@/lib/ingest";
import { json, otherMethods, parseBody, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ReportsQuery);
  return json(await listReports(await getDb(), query));
});

/** Stores a report and codes it at once: 201 with the report and its stances. */
export const POST = route(async (request: Request) => {
  const who = requireAdmin(request);
  const body = await parseBody(request, NewReportBody, MAX_INGEST_BODY_BYTES);
  const result = await ingestReport(await getDb(), body, who);
  return json(result, { status: 201, headers: { location: `/api/reports/${result.id}` } });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
