import { getDb } from "@/db/client";
import { summarizeStances } from "@/db/queries/stances";
import { SummaryQuery } from "@/lib/filters";
import { json, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const { by, ...filters } = parseQuery(request, SummaryQuery);
  return json({ by, items: await summarizeStances(await getDb(), filters, by) });
});
