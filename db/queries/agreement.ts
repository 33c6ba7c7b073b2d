import { and, asc, eq, sql } from "drizzle-orm";
import type { CoderAgreementQuery } from "../../contracts/filters";
import { type Agreement, type AgreementLabel, computeAgreement, HAND_CODER_PREFIX } from "../../domain/agreement";
import { ANALYST_CODER } from "../../domain/review";
import type { Database } from "../client";
import { actors, citedSources, codingRevisions, codings, reports } from "../schema";
import { codingConditions } from "./filters";

/**
 * The stance the coder gave, before any analyst changed it: the stance of the coding's "create" revision,
 * or the old value of its first revision when it has no "create" one, or (never revised) its stance.
 */
const coderStance = sql<string>`coalesce(
  (select case when r.action = 'create' then r.new_value ->> 'stance' else r.old_value ->> 'stance' end
     from ${codingRevisions} r
    where r.coding_id = ${codings.id}
    order by r.changed_at, r.id
    limit 1),
  ${codings.stance}::text)`;

/**
 * The automatic coder against the analysts, over reviewed codings (confirmed, corrected, rejected) that match
 * the filters. The coder's label is its original stance, or "none" for a coding an analyst added; the
 * analyst's label is the coding's stance now, or "none" when rejected. Left out: codings not yet reviewed,
 * hand-coded imports (coder "analyst:<source>", which no automatic coder saw), and codings an analyst
 * added and another then rejected (an analyst's slip, not a coder's decision).
 */
export async function getCoderAgreement(db: Database, query: CoderAgreementQuery): Promise<Agreement> {
  const where = await codingConditions(db, { ...query, status: ["confirmed", "corrected", "rejected"] });
  const labelled = db
    .select({
      actor: actors.code,
      sortOrder: actors.sortOrder,
      coder: sql<AgreementLabel>`case when ${codings.coder} = ${ANALYST_CODER} then 'none' else ${coderStance} end`.as(
        "coder_label",
      ),
      analyst:
        sql<AgreementLabel>`case when ${codings.status} = 'rejected' then 'none' else ${codings.stance}::text end`.as(
          "analyst_label",
        ),
    })
    .from(codings)
    .innerJoin(actors, eq(actors.id, codings.actorId))
    .innerJoin(reports, eq(reports.id, codings.reportId))
    .leftJoin(citedSources, eq(citedSources.id, codings.citedSourceId))
    .where(
      and(
        where,
        sql`left(${codings.coder}, ${HAND_CODER_PREFIX.length}) <> ${HAND_CODER_PREFIX}`,
        sql`not (${codings.coder} = ${ANALYST_CODER} and ${codings.status} = 'rejected')`,
      ),
    )
    .as("labelled");
  const rows = await db
    .select({
      actor: labelled.actor,
      coder: labelled.coder,
      analyst: labelled.analyst,
      count: sql<number>`count(*)::int`,
    })
    .from(labelled)
    .groupBy(labelled.actor, labelled.sortOrder, labelled.coder, labelled.analyst)
    .orderBy(asc(labelled.sortOrder), asc(labelled.actor));
  return computeAgreement(rows.map((r) => ({ ...r, count: Number(r.count) })));
}
