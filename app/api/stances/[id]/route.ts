import { IdParam } from "@/contracts/filters";
import { ReviewBody } from "@/contracts/review";
import { reviewCoding } from "@/db/queries/review";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, parseParam, route } from "@/server/http/route";
import { configuredOutbox } from "@/server/webhooks";

/** An analyst confirms, corrects or rejects a coding. */
export const PATCH = route(async (request: Request, { params }: RouteContext<"/api/stances/[id]">) => {
  // The token first: a caller without it learns nothing about what a valid body looks like.
  const who = requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "coding id");
  const review = await parseBody(request, ReviewBody, 64_000);
  return json(await reviewCoding(await getDb(), id, review, who, configuredOutbox()));
});

export const { GET, POST, PUT, DELETE } = otherMethods("PATCH");
