import { getDb } from "@/db/client";
import { reviewQueue } from "@/db/queries/review";
import { requireAdmin } from "@/lib/auth";
import { ReviewQueueQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

/** Automatic codings no analyst has decided on, least confident first, with how many are left (token: reviewers). */
export const GET = route(async (request: Request) => {
  requireAdmin(request);
  const query = parseQuery(request, ReviewQueueQuery);
  return json(await reviewQueue(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
