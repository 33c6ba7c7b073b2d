import { IdParam } from "@/contracts/filters";
import { listDeliveries } from "@/db/queries/webhooks";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseParam, route } from "@/server/http/route";

/** A webhook's delivery log, newest first: what was sent, each try and what answered. */
export const GET = route(async (request: Request, { params }: RouteContext<"/api/webhooks/[id]/deliveries">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "webhook id");
  return json(await listDeliveries(await getDb(), id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
