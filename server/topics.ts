import "server-only";
import type { TopicItem, TopicSuggestion } from "../contracts/responses";
import type { NewTopicBody } from "../contracts/topics";
import type { Database } from "../db/client";
import { listActors } from "../db/queries/actors";
import { createTopic } from "../db/queries/topics";
import { partiesFromTitle } from "../domain/coder/parties";
import { completeTopic } from "../domain/topics";

/** POST /api/topics: the parties the caller left out are read from the title, then the topic is stored. */
export async function addTopic(db: Database, body: NewTopicBody): Promise<TopicItem> {
  return createTopic(db, completeTopic(body, await listActors(db)));
}

/** GET /api/topics/suggest: what POST /api/topics would read from a title (no acting party: null). */
export async function suggestTopicParties(db: Database, title: string): Promise<TopicSuggestion> {
  const parties = partiesFromTitle(title, await listActors(db));
  return {
    actingParty: parties.named ? parties.actingParty : null,
    actingPartyAliases: parties.actingPartyAliases,
    targetParties: parties.targetParties.map((t) => ({ name: t.name, aliases: [...(t.aliases ?? [])] })),
  };
}
