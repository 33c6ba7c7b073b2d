import { IdParam } from "@/contracts/filters";
import { deleteWebhook } from "@/db/queries/webhooks";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseParam, route } from "@/server/http/route";

/** Removes a webhook and its delivery log. */
export const DELETE = route(async (request: Request, { params }: RouteContext<"/api/webhooks/[id]">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "webhook id");
  await deleteWebhook(await getDb(), id);
  return json({ deleted: id });
});

export const { GET, POST, PUT, PATCH } = otherMethods("DELETE");
