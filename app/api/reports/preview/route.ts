import { getDb } from "@/db/client";
import { previewReport } from "@/db/queries/ingest";
import { requireAdmin } from "@/lib/auth";
import { MAX_INGEST_BODY_BYTES, NewReportBody } from "@/lib/ingest";
import { json, otherMethods, parseBody, route } from "@/lib/route";

/** Codes a report without storing it (the "Add report" page's preview): the same body as POST /api/reports. */
export const POST = route(async (request: Request) => {
  requireAdmin(request);
  const body = await parseBody(request, NewReportBody, MAX_INGEST_BODY_BYTES);
  const { topicId, topicSlug, result } = await previewReport(await getDb(), body);
  return json({ topicId, topicSlug, text: body.text, ...result });
});

export const { GET, PUT, PATCH, DELETE } = otherMethods("POST");
