import { ReportsQuery } from "@/contracts/filters";
import { MAX_INGEST_BODY_BYTES, NewReportBody } from "@/contracts/reports";
import { listReports } from "@/db/queries/reports";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, parseQuery, route } from "@/server/http/route";
import { ingestReport } from "@/server/ingest";

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
