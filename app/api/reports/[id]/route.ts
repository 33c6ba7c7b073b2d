import { getDb } from "@/db/client";
import { getReport } from "@/db/queries/reports";
import { IdParam } from "@/lib/filters";
import { json, otherMethods, parseParam, route } from "@/lib/route";

export const GET = route(async (_request: Request, { params }: RouteContext<"/api/reports/[id]">) => {
  const id = parseParam((await params).id, IdParam, "report id");
  return json(await getReport(await getDb(), id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
