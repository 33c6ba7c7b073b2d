import { NewWebhookBody } from "@/contracts/webhooks";
import { createWebhook, listWebhooks } from "@/db/queries/webhooks";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, route } from "@/server/http/route";
import { assertPublicUrl } from "@/server/webhooks";

/** The registered webhooks (token: their URLs may carry secrets of the receiver). */
export const GET = route(async (request: Request) => {
  requireAdmin(request);
  return json(await listWebhooks(await getDb()));
});

/** Registers a URL to receive a JSON POST for every new stance shift; 201 with its signing secret. */
export const POST = route(async (request: Request) => {
  requireAdmin(request);
  const body = await parseBody(request, NewWebhookBody, 16_000);
  await assertPublicUrl(body.url);
  const hook = await createWebhook(await getDb(), body);
  return json(hook, { status: 201, headers: { location: `/api/webhooks/${hook.id}` } });
});

export const { PUT, PATCH, DELETE } = otherMethods("GET", "POST");
