import { asc, eq, sql } from "drizzle-orm";
import type { TopicItem } from "../../contracts/responses";
import type { NewTopicBody } from "../../contracts/topics";
import { Problem } from "../../domain/errors";
import { type CompleteTopic, slugFromTitle } from "../../domain/topics";
import type { Database } from "../client";
import { codings, type NewTopic, reports, rollupMonths, rollupReports, topics } from "../schema";
import { resolveTopicId } from "./filters";
import type { AggregateSource } from "./stances";

/** Topics with their report and coding counts, from the rollups kept on write. */
export function listTopics(db: Database): Promise<TopicItem[]> {
  return topicsCounted(db, "rollups");
}

/** The same, counted over the reports and codings: the reference the rollups are tested against. */
export function listTopicsFromCodings(db: Database): Promise<TopicItem[]> {
  return topicsCounted(db, "codings");
}

/** Topics with their report and coding counts: from the rollups kept on write, or counted (the reference). */
async function topicsCounted(db: Database, source: AggregateSource): Promise<TopicItem[]> {
  const reportCounts =
    source === "rollups"
      ? db
          .select({ topicId: rollupReports.topicId, n: sql<number>`sum(${rollupReports.reports})::int`.as("report_n") })
          .from(rollupReports)
          .groupBy(rollupReports.topicId)
          .as("rc")
      : db
          .select({ topicId: reports.topicId, n: sql<number>`count(*)::int`.as("report_n") })
          .from(reports)
          .groupBy(reports.topicId)
          .as("rc");
  const codingCounts =
    source === "rollups"
      ? db
          .select({
            topicId: rollupMonths.topicId,
            n: sql<number>`sum(${rollupMonths.support} + ${rollupMonths.neutral} + ${rollupMonths.condemn})::int`.as(
              "coding_n",
            ),
          })
          .from(rollupMonths)
          .groupBy(rollupMonths.topicId)
          .as("cc")
      : db
          .select({ topicId: codings.topicId, n: sql<number>`count(*)::int`.as("coding_n") })
          .from(codings)
          .where(sql`${codings.status} <> 'rejected'`)
          .groupBy(codings.topicId)
          .as("cc");
  const rows = await db
    .select({
      id: topics.id,
      slug: topics.slug,
      title: topics.title,
      actingParty: topics.actingParty,
      actingPartyAliases: topics.actingPartyAliases,
      targetParties: topics.targetParties,
      description: topics.description,
      reportCount: sql<number>`coalesce(${reportCounts.n}, 0)`,
      codingCount: sql<number>`coalesce(${codingCounts.n}, 0)`,
    })
    .from(topics)
    .leftJoin(reportCounts, eq(reportCounts.topicId, topics.id))
    .leftJoin(codingCounts, eq(codingCounts.topicId, topics.id))
    .orderBy(asc(topics.title));
  return rows.map((r) => ({ ...r, reportCount: Number(r.reportCount), codingCount: Number(r.codingCount) }));
}

/** Creates the topic when its slug is new; returns its id either way. */
export async function ensureTopic(db: Database, topic: Omit<NewTopic, "id" | "createdAt">): Promise<number> {
  await db.insert(topics).values(topic).onConflictDoNothing({ target: topics.slug });
  const [row] = await db.select({ id: topics.id }).from(topics).where(eq(topics.slug, topic.slug));
  if (!row) throw new Error(`topic ${topic.slug} was not created`);
  return row.id;
}

/**
 * Creates a topic from `POST /api/topics`. The slug is the one given, or one made from the title; a slug that
 * is taken is a 409 naming the topic that has it, never a silently different slug.
 */
export async function createTopic(
  db: Database,
  body: Omit<CompleteTopic<NewTopicBody>, "actingPartyAliases" | "targetParties"> &
    Partial<CompleteTopic<NewTopicBody>>,
): Promise<TopicItem> {
  const slug = body.slug ?? slugFromTitle(body.title);
  const [row] = await db
    .insert(topics)
    .values({
      slug,
      title: body.title,
      actingParty: body.actingParty,
      actingPartyAliases: body.actingPartyAliases ?? [],
      targetParties: body.targetParties ?? [],
      description: body.description ?? null,
    })
    .onConflictDoNothing({ target: topics.slug })
    .returning();
  if (row) {
    const { createdAt: _createdAt, ...topic } = row;
    return { ...topic, reportCount: 0, codingCount: 0 };
  }
  const [taken] = await db.select({ id: topics.id, title: topics.title }).from(topics).where(eq(topics.slug, slug));
  if (!taken) throw new Error(`topic slug ${slug} conflicted but no topic has it`);
  throw new Problem(
    "conflict",
    `The slug "${slug}" is taken by topic ${taken.id} ("${taken.title}"): use that topic, or send another slug`,
    { details: { topicId: taken.id } },
  );
}

/** A topic by its id or slug (an unknown one is refused as resolveTopicId refuses it). */
export async function getTopicByRef(db: Database, ref: string) {
  const id = await resolveTopicId(db, ref);
  const [topic] = await db.select().from(topics).where(eq(topics.id, id));
  if (!topic) throw new Error(`topic ${id} vanished`);
  return topic;
}

/** Every topic's id, slug, title and acting party, in id order. */
export function listTopicRefs(db: Database) {
  return db
    .select({ id: topics.id, slug: topics.slug, title: topics.title, actingParty: topics.actingParty })
    .from(topics)
    .orderBy(topics.id);
}
