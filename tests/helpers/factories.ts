import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { createReport } from "@/db/queries/reports";
import { ensureTopic } from "@/db/queries/topics";
import { actors, type ReviewStatus, type Stance } from "@/db/schema";
import { findCitations } from "@/domain/coder/citations";
import { normalizeBody } from "@/domain/text";
import { TEST_OUTBOX } from "./db";

let counter = 0;

export async function makeTopic(db: Database, slug = `topic-${++counter}`) {
  return ensureTopic(db, {
    slug,
    title: `Test topic ${slug}`,
    actingParty: "Ruritania",
    actingPartyAliases: ["Ruritania"],
  });
}

export type StatementSpec = {
  actor: string;
  stance: Stance;
  /** The sentence; defaults to one written from the actor and stance. */
  sentence?: string;
  status?: ReviewStatus;
  date?: string;
  /** The coder's confidence; 0.8 when not given. */
  confidence?: number;
};

/**
 * A report whose body is the given sentences, one coding per sentence. A sentence carrying an inline
 * citation "(Outlet, Month Day)" gets it as its cited source and date.
 */
export async function makeReport(
  db: Database,
  spec: { topicId: number; outlet?: string; publishedOn?: string; title?: string; statements: StatementSpec[] },
) {
  const n = ++counter;
  const publishedOn = spec.publishedOn ?? "2024-03-15";
  const sentences = spec.statements.map(
    (s, i) => s.sentence ?? `Statement ${n}.${i}: the ${s.actor} government voiced its ${s.stance} on the matter.`,
  );
  const body = normalizeBody(`Test report ${n}.\n\n${sentences.join(" ")}`);
  const citations = findCitations(body, { reportDate: publishedOn });
  const codes = await db.select({ id: actors.id, code: actors.code }).from(actors);
  const ids = new Map(codes.map((a) => [a.code, a.id]));
  let cursor = 0;
  const codings = spec.statements.map((s, i) => {
    const sentence = sentences[i] as string;
    const start = body.indexOf(sentence, cursor);
    cursor = start + sentence.length;
    const citation = citations.findIndex((c) => c.start >= start && c.end <= cursor);
    const actorId = ids.get(s.actor);
    if (actorId === undefined) throw new Error(`unknown actor ${s.actor}`);
    return {
      actorId,
      stance: s.stance,
      statementDate: s.date ?? citations[citation]?.date ?? publishedOn,
      statementDatePrecision: "day" as const,
      evidenceStart: start,
      evidenceEnd: cursor,
      citation: citation === -1 ? null : citation,
      coder: "test",
      confidence: s.confidence ?? 0.8,
      status: s.status ?? ("auto" as const),
    };
  });
  const { id } = await createReport(
    db,
    {
      topicId: spec.topicId,
      title: spec.title ?? `Report ${n}`,
      outlet: spec.outlet ?? "Test Wire",
      publishedOn,
      publishedPrecision: "day",
      url: `https://example.org/report-${n}`,
      language: "en",
      body,
      citations,
      codings,
    },
    "test",
    TEST_OUTBOX,
  );
  return id;
}

export async function actorId(db: Database, code: string): Promise<number> {
  const [row] = await db.select({ id: actors.id }).from(actors).where(eq(actors.code, code));
  if (!row) throw new Error(`no actor ${code}`);
  return row.id;
}
