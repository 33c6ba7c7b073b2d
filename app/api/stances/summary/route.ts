import { SummaryQuery } from "@/contracts/filters";
import { getSummary } from "@/db/queries/stances";
import { getDb } from "@/server/database";
import { json, otherMethods, parseQuery, route } from "@/server/http/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, SummaryQuery);
  return json(await getSummary(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
