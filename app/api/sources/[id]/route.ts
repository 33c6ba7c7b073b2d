import { IdParam } from "@/contracts/filters";
import { SourcePatchBody } from "@/contracts/sources";
import { deleteSource, getSource, patchSource } from "@/db/queries/sources";
import { getDb } from "@/server/database";
import { requireAdmin } from "@/server/http/auth";
import { json, otherMethods, parseBody, parseParam, route } from "@/server/http/route";

/** One source with its state. */
export const GET = route(async (request: Request, { params }: RouteContext<"/api/sources/[id]">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "source id");
  return json(await getSource(await getDb(), id));
});

/** Pauses or resumes a source, or changes its interval, match terms or name. */
export const PATCH = route(async (request: Request, { params }: RouteContext<"/api/sources/[id]">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "source id");
  const patch = await parseBody(request, SourcePatchBody, 32_000);
  return json(await patchSource(await getDb(), id, patch));
});

/** Stops following a feed; the reports it added stay. */
export const DELETE = route(async (request: Request, { params }: RouteContext<"/api/sources/[id]">) => {
  requireAdmin(request);
  const id = parseParam((await params).id, IdParam, "source id");
  await deleteSource(await getDb(), id);
  return json({ deleted: id });
});

export const { POST, PUT } = otherMethods("GET", "PATCH", "DELETE");
