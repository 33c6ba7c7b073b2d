import { MAX_INGEST_BODY_BYTES, NewReportBody } from "@/contracts/reports";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, route } from "@/server/http/route";
import { previewReport } from "@/server/ingest";

/** Codes a report without storing it (the "Add report" page's preview): the same body as POST /api/reports. */
export const POST = route(async (request: Request) => {
  requireAdmin(request);
  const body = await parseBody(request, NewReportBody, MAX_INGEST_BODY_BYTES);
  const { topicId, topicSlug, result } = await previewReport(await getDb(), body);
  return json({ topicId, topicSlug, text: body.text, ...result });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
