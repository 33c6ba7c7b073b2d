import { getDb } from "@/db/client";
import { getSummary } from "@/db/queries/stances";
import { SummaryQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, SummaryQuery);
  return json(await getSummary(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
