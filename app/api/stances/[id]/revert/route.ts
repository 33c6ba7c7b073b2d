import { getDb } from "@/db/client";
import { revertCoding } from "@/db/queries/review";
import { requireAdmin } from "@/lib/auth";
import { IdParam } from "@/lib/filters";
import { RevertBody } from "@/lib/review";
import { json, otherMethods, parseBody, parseParam, route } from "@/lib/route";

/** Undoes the coding's latest review (one revision back), as a revision of its own. */
export const POST = route(async (request: Request, { params }: RouteContext<"/api/stances/[id]/revert">) => {
  const who = requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "coding id");
  const body = await parseBody(request, RevertBody, 16_000);
  return json(await revertCoding(await getDb(), id, body, who));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
