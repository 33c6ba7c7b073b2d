import { getDb } from "@/db/client";
import { listShifts } from "@/db/queries/shifts";
import { ShiftsQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

/** Stance shifts under the filters, newest first, always derived from the current codings. */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ShiftsQuery);
  return json(await listShifts(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
