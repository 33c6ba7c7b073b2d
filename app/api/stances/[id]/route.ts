import { getDb } from "@/db/client";
import { reviewCoding } from "@/db/queries/review";
import { requireAdmin } from "@/lib/auth";
import { IdParam } from "@/lib/filters";
import { ReviewBody } from "@/lib/review";
import { json, otherMethods, parseBody, parseParam, route } from "@/lib/route";

/** An analyst confirms, corrects or rejects a coding. */
export const PATCH = route(async (request: Request, { params }: RouteContext<"/api/stances/[id]">) => {
  // The token first: a caller without it learns nothing about what a valid body looks like.
  const who = requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "coding id");
  const review = await parseBody(request, ReviewBody, 64_000);
  return json(await reviewCoding(await getDb(), id, review, who));
});

export const { GET, POST, PUT, DELETE } = otherMethods("PATCH");
