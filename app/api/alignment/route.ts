import { AlignmentQuery } from "@/contracts/filters";
import { getAlignment } from "@/db/queries/alignment";
import { getDb } from "@/server/database";
import { json, otherMethods, parseQuery, route } from "@/server/http/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, AlignmentQuery);
  return json(await getAlignment(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
