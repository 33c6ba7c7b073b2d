import { getDb } from "@/db/client";
import { listReports } from "@/db/queries/reports";
import { ReportsQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ReportsQuery);
  return json(await listReports(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
