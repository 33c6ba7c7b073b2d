import { getDb } from "@/db/client";
import { json, otherMethods, parseQuery, route } from "@/lib/route";
import { suggestTopicParties } from "@/lib/topic-service";
import { TopicSuggestQuery } from "@/lib/topics";

/** The parties a topic title names, as POST /api/topics would fill them: the Add-topic fields propose these. */
export const GET = route(async (request: Request) => {
  const { title } = parseQuery(request, TopicSuggestQuery);
  return json(await suggestTopicParties(await getDb(), title));
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
