import { shiftsFeed } from "@/app/_server/feed";
import { getDb } from "@/db/client";
import { ShiftsQuery } from "@/lib/filters";
import { otherMethods, parseQuery, route } from "@/lib/route";

/** The same shifts as GET /api/shifts, as an Atom 1.0 feed for feed readers. */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ShiftsQuery);
  return shiftsFeed(await getDb(), query, request.url);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
