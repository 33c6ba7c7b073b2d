import { IdParam } from "@/contracts/filters";
import { listRevisions } from "@/db/queries/review";
import { getDb } from "@/server/database";
import { json, otherMethods, parseParam, route } from "@/server/http/route";

export const GET = route(async (_request: Request, { params }: RouteContext<"/api/stances/[id]/revisions">) => {
  const id = parseParam((await params).id, IdParam, "coding id");
  return json(await listRevisions(await getDb(), id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
