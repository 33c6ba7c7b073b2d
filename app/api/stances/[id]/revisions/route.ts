import { getDb } from "@/db/client";
import { listRevisions } from "@/db/queries/review";
import { IdParam } from "@/lib/filters";
import { json, otherMethods, parseParam, route } from "@/lib/route";

export const GET = route(async (_request: Request, { params }: RouteContext<"/api/stances/[id]/revisions">) => {
  const id = parseParam((await params).id, IdParam, "coding id");
  return json(await listRevisions(await getDb(), id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
