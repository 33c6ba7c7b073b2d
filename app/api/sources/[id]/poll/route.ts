import { IdParam } from "@/contracts/filters";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseParam, route } from "@/server/http/route";
import { pollNow } from "@/server/sources/poll";

/**
 * Polls a source now, paused or not: 200 with what the poll did. A feed that fails is still a 200 (nothing
 * added); the source's lastStatus and lastError say why, as for the poller's polls.
 */
export const POST = route(async (request: Request, { params }: RouteContext<"/api/sources/[id]/poll">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "source id");
  return json(await pollNow(await getDb(), id, (m) => console.log(m)));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
