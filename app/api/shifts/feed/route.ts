import { ShiftsQuery } from "@/contracts/filters";
import { getDb } from "@/server/database";
import { shiftsFeed } from "@/server/feed/index";
import { otherMethods, parseQuery, route } from "@/server/http/route";

/** The same shifts as GET /api/shifts, as an Atom 1.0 feed for feed readers. */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ShiftsQuery);
  return shiftsFeed(await getDb(), query, request.url);
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
