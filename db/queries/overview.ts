import type { Database } from "../client";
import type { Stance } from "../schema";
import { reduceStances } from "../../lib/stance";
import { listActors, type ActorItem } from "./actors";
import { listStances, type StanceItem } from "./stances";
import { listTopics, type TopicItem } from "./topics";

export type TopicOverview = {
  topics: TopicItem[];
  topic: TopicItem | null;
  actors: { actor: ActorItem; overall: Stance | null; statements: StanceItem[] }[];
};

export const SAMPLE_TOPIC_SLUG = "karabakh-2023";

/**
 * The default actors' positions on one topic (the sample topic unless another is asked for): each actor's
 * statements in date order and its overall label by the codebook's rules.
 */
export async function getTopicOverview(db: Database, topicRef?: string): Promise<TopicOverview> {
  const [topics, actors] = await Promise.all([listTopics(db), listActors(db)]);
  const topic =
    topics.find((t) => t.slug === topicRef || String(t.id) === topicRef) ??
    (topicRef ? undefined : (topics.find((t) => t.slug === SAMPLE_TOPIC_SLUG) ?? topics[0]));
  if (!topic) return { topics, topic: null, actors: [] };
  const shown = actors.filter((a) => a.isDefault);
  const { items } = await listStances(db, {
    topic: String(topic.id),
    actor: shown.map((a) => a.code),
    limit: 1000,
  });
  return {
    topics,
    topic,
    actors: shown.map((actor) => {
      const statements = items.filter((s) => s.actor === actor.code);
      const overall = reduceStances(
        statements.map((s) => ({ stance: s.stance, date: s.statementDate, position: s.evidenceStart })),
      );
      return { actor, overall, statements };
    }),
  };
}
