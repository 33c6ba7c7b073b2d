import { MAX_PAGE_SIZE, ShiftsQuery } from "@/contracts/filters";
import { listShifts } from "@/db/queries/shifts";
import { getDb } from "@/server/database";
import { json, otherMethods, parseQuery, route } from "@/server/http/route";

/** Stance shifts under the filters, newest first, a page at a time, read from rollup_shifts (kept by every write). */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ShiftsQuery);
  // A page of at most MAX_PAGE_SIZE: a million codings can hold tens of thousands of shifts.
  return json(await listShifts(await getDb(), { ...query, limit: query.limit ?? MAX_PAGE_SIZE }));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
