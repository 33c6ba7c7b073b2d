import { getDb } from "@/db/client";
import { listShifts } from "@/db/queries/shifts";
import { readConfig } from "@/lib/config";
import { ShiftsQuery } from "@/lib/filters";
import { otherMethods, parseQuery, route } from "@/lib/route";
import { shiftsAtom } from "@/lib/shifts/feed";

/** The same shifts as GET /api/shifts, as an Atom 1.0 feed for feed readers. */
export const GET = route(async (request: Request) => {
  const query = parseQuery(request, ShiftsQuery);
  const { items } = await listShifts(await getDb(), query);
  const baseUrl = readConfig().publicUrl;
  const self = new URL(request.url);
  const xml = shiftsAtom(items, {
    baseUrl,
    selfUrl: `${baseUrl}${self.pathname}${self.search}`,
    filtersInWords: Object.entries(query)
      .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(", ") : v}`)
      .join("; "),
  });
  return new Response(xml, { headers: { "content-type": "application/atom+xml; charset=utf-8" } });
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
