import { getDb } from "@/db/client";
import { listDeliveries } from "@/db/queries/webhooks";
import { requireAdmin } from "@/lib/auth";
import { IdParam } from "@/lib/filters";
import { json, otherMethods, parseParam, route } from "@/lib/route";

/** A webhook's delivery log, newest first: what was sent, each try and what answered. */
export const GET = route(async (request: Request, { params }: RouteContext<"/api/webhooks/[id]/deliveries">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "webhook id");
  return json(await listDeliveries(await getDb(), id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
