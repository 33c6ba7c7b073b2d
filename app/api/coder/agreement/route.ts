import { CoderAgreementQuery } from "@/contracts/filters";
import { getCoderAgreement } from "@/db/queries/agreement";
import { getDb } from "@/server/database";
import { json, otherMethods, parseQuery, route } from "@/server/http/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, CoderAgreementQuery);
  return json(await getCoderAgreement(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
