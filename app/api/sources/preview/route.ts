import { SourcePreviewBody } from "@/contracts/sources";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, route } from "@/server/http/route";
import { previewSource } from "@/server/sources/poll";

/** The feed's latest items and whether each would become a report; nothing is stored. */
export const POST = route(async (request: Request) => {
  requireAdmin(request);
  const body = await parseBody(request, SourcePreviewBody, 32_000);
  return json(await previewSource(await getDb(), body));
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
