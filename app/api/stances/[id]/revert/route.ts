import { IdParam } from "@/contracts/filters";
import { RevertBody } from "@/contracts/review";
import { revertCoding } from "@/db/queries/review";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, parseParam, route } from "@/server/http/route";
import { configuredOutbox } from "@/server/webhooks";

/** Undoes the coding's latest review (one revision back), as a revision of its own. */
export const POST = route(async (request: Request, { params }: RouteContext<"/api/stances/[id]/revert">) => {
  const who = requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "coding id");
  const body = await parseBody(request, RevertBody, 16_000);
  return json(await revertCoding(await getDb(), id, body, who, configuredOutbox()));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
