import { and, eq, gte, inArray, lte, ne, type SQL, sql } from "drizzle-orm";
import type { CodingFilters } from "../../contracts/filters";
import { Problem } from "../../domain/errors";
import type { Database } from "../client";
import { actors, citedSources, codings, reports, topics } from "../schema";

type ActorIndex = { at: number; all: { id: number; code: string }[]; byCode: Map<string, number> };

/**
 * The actors' codes and ids, kept per connection for a few seconds: every filtered read resolves its actor codes
 * (twice in a summary that checks its group count), and reading the table each time cost about a fifth of a
 * summary's time. The app only ever adds actors (a code keeps its id for good), and a code missing from the copy
 * sends it back to the table, so an actor added a moment ago by another server is found. The time limit bounds
 * how long an edit made by hand in SQL goes unseen.
 */
const ACTOR_INDEX_MS = 10_000;
const actorIndexes = new WeakMap<Database, ActorIndex>();

async function loadActorIndex(db: Database): Promise<ActorIndex> {
  const all = await db.select({ id: actors.id, code: actors.code }).from(actors).orderBy(actors.sortOrder, actors.code);
  const index = { at: Date.now(), all, byCode: new Map(all.map((a) => [a.code, a.id])) };
  actorIndexes.set(db, index);
  return index;
}

/** Actor codes to ids; an unknown code is a 400 that lists the valid ones. */
export async function resolveActorIds(db: Database, codes: readonly string[]): Promise<number[]> {
  const kept = actorIndexes.get(db);
  let index = kept && Date.now() - kept.at < ACTOR_INDEX_MS ? kept : await loadActorIndex(db);
  if (index === kept && codes.some((c) => !index.byCode.has(c))) index = await loadActorIndex(db);
  const { all, byCode } = index;
  const unknown = codes.filter((c) => !byCode.has(c));
  if (unknown.length) {
    throw new Problem(
      "invalid",
      `Unknown actor code${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}. Valid codes: ${all.map((a) => a.code).join(", ")}`,
      { issues: [{ path: "actor", message: `unknown: ${unknown.join(", ")}` }] },
    );
  }
  return codes.map((c) => byCode.get(c) as number);
}

/** A topic by numeric id or slug; unknown is a 400 that lists the known slugs. */
export async function resolveTopicId(db: Database, ref: string): Promise<number> {
  const condition = /^\d+$/.test(ref) ? eq(topics.id, Number(ref)) : eq(topics.slug, ref.toLowerCase());
  const [found] = await db.select({ id: topics.id }).from(topics).where(condition).limit(1);
  if (found) return found.id;
  const known = await db.select({ slug: topics.slug }).from(topics).orderBy(topics.slug).limit(50);
  throw new Problem(
    "invalid",
    `Unknown topic "${ref}". Known topics: ${known.map((t) => t.slug).join(", ") || "none yet"}`,
    { issues: [{ path: "topic", message: "no topic with this id or slug" }] },
  );
}

async function assertReportsExist(db: Database, ids: readonly number[]): Promise<void> {
  const rows = await db
    .select({ id: reports.id })
    .from(reports)
    .where(inArray(reports.id, [...ids]));
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) {
    throw new Problem("invalid", `Unknown report${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`, {
      issues: [{ path: "report", message: "no report with this id" }],
    });
  }
}

/** A summary source key back to a condition: a report's own (uncited) statements, or one cited outlet and date. */
function sourceCondition(key: string): SQL {
  const report = /^report:(\d+):(\d{4}-\d{2}-\d{2})$/.exec(key);
  if (report) {
    return sql`${codings.reportId} = ${Number(report[1])} and ${codings.citedSourceId} is null and ${codings.statementDate} = ${report[2]}::date`;
  }
  const cited = /^cited:(.+):(\d{4}-\d{2}-\d{2})$/.exec(key);
  return sql`lower(${citedSources.outlet}) = ${cited?.[1] ?? ""} and ${citedSources.citedOn} = ${cited?.[2] ?? "1970-01-01"}::date`;
}

/**
 * The WHERE clause shared by every read over codings. Rejected codings are left out unless the status filter
 * asks for them: an analyst rejected them as wrong. Queries must join reports and (left) cited_sources.
 */
export async function codingConditions(db: Database, f: CodingFilters): Promise<SQL | undefined> {
  const conds: (SQL | undefined)[] = [];
  if (f.actor) conds.push(inArray(codings.actorId, await resolveActorIds(db, f.actor)));
  if (f.topic) conds.push(eq(codings.topicId, await resolveTopicId(db, f.topic)));
  if (f.report) {
    await assertReportsExist(db, f.report);
    conds.push(inArray(codings.reportId, f.report));
  }
  if (f.source) conds.push(sourceCondition(f.source));
  if (f.stance) conds.push(inArray(codings.stance, f.stance));
  conds.push(f.status ? inArray(codings.status, f.status) : ne(codings.status, "rejected"));
  if (f.from) conds.push(gte(codings.statementDate, f.from));
  if (f.to) conds.push(lte(codings.statementDate, f.to));
  if (f.outlet) {
    // The outlet of the statement's source: the outlet it cites, else the outlet of its report (as by=outlet).
    conds.push(sql`lower(coalesce(${citedSources.outlet}, ${reports.outlet})) = ${f.outlet.toLowerCase()}`);
  }
  return and(...conds);
}
