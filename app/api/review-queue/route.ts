import { ReviewQueueQuery } from "@/contracts/filters";
import { reviewQueue } from "@/db/queries/review";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseQuery, route } from "@/server/http/route";

/** Automatic codings no analyst has decided on, least confident first, with how many are left (token: reviewers). */
export const GET = route(async (request: Request) => {
  requireAdmin(request);
  const query = parseQuery(request, ReviewQueueQuery);
  return json(await reviewQueue(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
