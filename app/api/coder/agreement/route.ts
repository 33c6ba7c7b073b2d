import { getDb } from "@/db/client";
import { getCoderAgreement } from "@/db/queries/agreement";
import { CoderAgreementQuery } from "@/lib/filters";
import { json, otherMethods, parseQuery, route } from "@/lib/route";

export const GET = route(async (request: Request) => {
  const query = parseQuery(request, CoderAgreementQuery);
  return json(await getCoderAgreement(await getDb(), query));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
