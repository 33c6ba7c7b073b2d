import { TopicSuggestQuery } from "@/contracts/topics";
import { getDb } from "@/server/database";
import { json, otherMethods, parseQuery, route } from "@/server/http/route";
import { suggestTopicParties } from "@/server/topics";

/** The parties a topic title names, as POST /api/topics would fill them: the Add-topic fields propose these. */
export const GET = route(async (request: Request) => {
  const { title } = parseQuery(request, TopicSuggestQuery);
  return json(await suggestTopicParties(await getDb(), title));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
