import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { CodingFilters, SummaryGroup } from "@/contracts/filters";
import { ReviewBody } from "@/contracts/review";
import { type Connection, type Database, queryRows } from "@/db/client";
import { alignmentFromCodings, getAlignment } from "@/db/queries/alignment";
import { listOutlets, listOutletsFromCodings } from "@/db/queries/outlets";
import { reviewCoding } from "@/db/queries/review";
import { listShifts, shiftsFromCodings } from "@/db/queries/shifts";
import {
  listStances,
  moreGroupsThan,
  moreGroupsThanFromCodings,
  summarizeStances,
  summarizeStancesFromCodings,
} from "@/db/queries/stances";
import { listTopics, listTopicsFromCodings } from "@/db/queries/topics";
import { STANCES, type Stance } from "@/domain/labels";
import { rng } from "@/domain/synth/generate";
import { createTestDatabase, TEST_OUTBOX } from "../../helpers/db";
import { makeReport, makeTopic } from "../../helpers/factories";

/**
 * The rollups (kept by triggers on every write) against a GROUP BY over the codings: random sequences of
 * ingests, corrections, confirmations and rejections, and after every step every summary, the alignment and
 * the shifts compared under many filters. Runs on PGlite and, in the second CI pass, on PostgreSQL.
 */

let conn: Connection;
let db: Database;

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
});
afterAll(async () => conn?.close());

/** The seeded generator of the synthetic data, so that a failing sequence can be replayed from its seed. */
function random(seed: number) {
  const next = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  return { next, pick };
}

const ACTORS = ["TR", "RU", "US", "EU"];
// Few dates, so that statements share days and months, and shifts come and go.
const DAYS = ["2024-01-05", "2024-01-20", "2024-01-31", "2024-02-01", "2024-02-14", "2024-03-03"];
const MONTHS = ["2024-01", "2024-02"];

const GROUPS: SummaryGroup[] = ["day", "month", "report", "source", "outlet"];

function filterSets(topic: string): CodingFilters[] {
  return [
    {},
    { topic },
    { actor: ["TR", "RU"] },
    { actor: ["EU"], topic },
    { stance: ["condemn"] },
    { stance: ["support", "neutral"], actor: ["US", "TR"] },
    { from: "2024-01-01", to: "2024-01-31" },
    { from: "2024-01-20", to: "2024-02-14" },
    { from: "2024-02-01" },
    { to: "2024-02-29", topic },
  ];
}

async function expectSameAnswers(topic: string, step: string) {
  for (const filters of filterSets(topic)) {
    for (const by of GROUPS) {
      const rolled = await summarizeStances(db, filters, by);
      const direct = await summarizeStancesFromCodings(db, filters, by);
      expect(rolled, `${step}: summary by=${by} ${JSON.stringify(filters)}`).toEqual(direct);
    }
    // The group counts behind maxGroups, around the sizes this data has.
    for (const by of ["day", "report", "source"] as const) {
      for (const limit of [0, 1, 2, 3, 5, 8]) {
        expect(
          await moreGroupsThan(db, filters, by, limit),
          `${step}: more than ${limit} by=${by} ${JSON.stringify(filters)}`,
        ).toBe(await moreGroupsThanFromCodings(db, filters, by, limit));
      }
    }
    if (!filters.from && !filters.to && !filters.stance) {
      expect(await getAlignment(db, filters), `${step}: alignment ${JSON.stringify(filters)}`).toEqual(
        await alignmentFromCodings(db, filters),
      );
    }
  }
  for (const query of [{}, { topic }, { actor: ["TR", "RU"] }]) {
    const stored = (await listShifts(db, query)).items.map(
      ({ actorName: _n, topicSlug: _s, topicTitle: _t, ...shift }) => shift,
    );
    expect(stored, `${step}: shifts ${JSON.stringify(query)}`).toEqual(await shiftsFromCodings(db, query));
  }
  // A date range bounds the date of the change (the later statement); the stance before it still counts.
  const ranges: { from?: string; to?: string }[] = [
    { from: "2024-01-20", to: "2024-02-14" },
    { from: "2024-02-01" },
    { to: "2024-01-31" },
  ];
  for (const range of ranges) {
    const query = { actor: ["TR", "RU", "US"], ...range };
    const stored = (await listShifts(db, query)).items.map(
      ({ actorName: _n, topicSlug: _s, topicTitle: _t, ...shift }) => shift,
    );
    const direct = (await shiftsFromCodings(db, { actor: query.actor })).filter(
      (s) => (!range.from || s.toDate >= range.from) && (!range.to || s.toDate <= range.to),
    );
    expect(stored, `${step}: shifts ${JSON.stringify(query)}`).toEqual(direct);
  }
  expect(await listOutlets(db), `${step}: outlets`).toEqual(await listOutletsFromCodings(db));
  expect(await listTopics(db), `${step}: topics`).toEqual(await listTopicsFromCodings(db));
  // Pages of three, cursor after cursor, make up the whole list in the same order.
  const all = (await listShifts(db, {})).items.map((s) => s.id);
  const paged: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listShifts(db, { limit: 3, cursor });
    paged.push(...page.items.map((s) => s.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  expect(paged, `${step}: shift pages`).toEqual(all);
}

async function codingIds(topic: string): Promise<number[]> {
  return (
    await listStances(db, { topic, status: ["auto", "confirmed", "corrected", "rejected"], limit: 1000 })
  ).items.map((c) => c.id);
}

describe("rollups give the same answers as the codings", () => {
  for (const seed of [11, 29]) {
    test(`a random sequence of ingests, corrections and rejections (seed ${seed})`, async () => {
      const r = random(seed);
      const slug = `rollup-topic-${seed}`;
      const topicId = await makeTopic(db, slug);
      const other = await makeTopic(db, `rollup-other-${seed}`);
      await expectSameAnswers(slug, "empty topic");
      for (let step = 0; step < 40; step++) {
        const ids = await codingIds(slug);
        const roll = r.next();
        let what: string;
        if (ids.length < 4 || roll < 0.35) {
          const statements = Array.from({ length: 1 + Math.floor(r.next() * 4) }, (_, k) => {
            const actor = r.pick(ACTORS);
            const stance = r.pick(STANCES) as Stance;
            // Some statements cite another outlet, which then dates them.
            const cited =
              r.next() < 0.3
                ? ` (${r.pick(["Wire C", "wire c", "Agency D"])}, ${r.pick(["January 20", "February 1"])})`
                : "";
            return cited
              ? { actor, stance, sentence: `Statement ${step}.${k}: ${actor} voiced its ${stance}${cited}.` }
              : { actor, stance, date: r.pick(DAYS) };
          });
          await makeReport(db, {
            topicId: r.next() < 0.8 ? topicId : other,
            publishedOn: r.pick(DAYS),
            outlet: r.pick(["Wire A", "Wire B", "wire a"]),
            statements,
          });
          what = `ingest ${statements.length}`;
        } else {
          const id = r.pick(ids);
          const action = r.next();
          let body: unknown;
          if (action < 0.5) {
            const change = r.next();
            body =
              change < 0.5
                ? { action: "correct", stance: r.pick(STANCES) }
                : change < 0.65
                  ? { action: "correct", statementDate: r.pick(DAYS) }
                  : change < 0.8
                    ? { action: "correct", citedSourceId: null }
                    : { action: "correct", statementDate: r.pick(MONTHS), stance: r.pick(STANCES) };
          } else if (action < 0.8) body = { action: "reject" };
          else body = { action: "confirm" };
          what = `review ${id} ${JSON.stringify(body)}`;
          try {
            await reviewCoding(db, id, ReviewBody.parse(body), "test", TEST_OUTBOX);
          } catch (error) {
            // A correction that changes nothing is refused (and writes nothing): still compare.
            what += ` refused: ${(error as Error).message.slice(0, 60)}`;
          }
        }
        await expectSameAnswers(slug, `seed ${seed} step ${step} (${what})`);
      }
    }, 240_000);
  }

  test("rebuild_rollups() recomputes exactly what the triggers kept", async () => {
    const tables = [
      "rollup_days",
      "rollup_months",
      "report_actor_stances",
      "rollup_alignment",
      "actor_day_stances",
      "rollup_shifts",
      "rollup_reports",
      "rollup_cited_sources",
      "rollup_cited_outlets",
    ];
    const snapshot = async () => {
      const out: Record<string, unknown[]> = {};
      for (const table of tables) {
        // Rows whose counts fell to zero are removed by the triggers; the rebuild never makes them.
        out[table] = await queryRows(db, sql.raw(`select * from ${table} t order by t::text`));
      }
      return out;
    };
    // No route edits a publication date, but the database may be edited by hand: the order of the statements
    // of a date follows it, and the triggers follow too.
    await db.execute(sql`update reports set published_on = published_on + 40 where id % 3 = 0`);
    await db.execute(sql`update reports set outlet = 'Renamed Wire' where id % 5 = 0`);
    const kept = await snapshot();
    // The sequences above made citations, corrected them away and rejected codings: every table has rows.
    for (const table of tables) expect(kept[table]?.length, table).toBeGreaterThan(0);
    await db.execute(sql`select rebuild_rollups()`);
    const rebuilt = await snapshot();
    for (const table of ["rollup_days", "rollup_months", "rollup_alignment"]) {
      kept[table] = (kept[table] as Record<string, number>[]).filter((row) =>
        "reports" in row
          ? Number(row.reports) > 0
          : Number(row.support) + Number(row.neutral) + Number(row.condemn) > 0,
      );
    }
    expect(rebuilt).toEqual(kept);
  });
});
