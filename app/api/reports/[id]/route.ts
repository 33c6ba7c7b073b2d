import { IdParam } from "@/contracts/filters";
import { getReport } from "@/db/queries/reports";
import { getDb } from "@/server/database";
import { json, otherMethods, parseParam, route } from "@/server/http/route";

export const GET = route(async (_request: Request, { params }: RouteContext<"/api/reports/[id]">) => {
  const id = parseParam((await params).id, IdParam, "report id");
  return json(await getReport(await getDb(), id));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
