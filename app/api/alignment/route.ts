import { getDb } from "@/db/client";
import { getAlignment } from "@/db/queries/alignment";
import { AlignmentQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, AlignmentQuery);
  return json(await getAlignment(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
