import { getDb } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { partiesFromTitle } from "@/lib/coder/parties";
import { json, otherMethods, parseQuery, route } from "@/lib/route";
import { TopicSuggestQuery } from "@/lib/topics";

/** The parties a topic title names, as POST /api/topics would fill them: the Add-topic fields propose these. */
export const GET = route(async (request: Request) => {
  const { title } = parseQuery(request, TopicSuggestQuery);
  const { actingParty, actingPartyAliases, targetParties, named } = partiesFromTitle(
    title,
    await listActors(await getDb()),
  );
  return json(
    named
      ? { actingParty, actingPartyAliases, targetParties }
      : { actingParty: null, actingPartyAliases: [], targetParties: [] },
  );
});

export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");
