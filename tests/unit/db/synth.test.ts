import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { SummaryGroup } from "@/contracts/filters";
import { type Connection, type Database, queryRows } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { alignmentFromCodings, getAlignment } from "@/db/queries/alignment";
import { listOutlets, listOutletsFromCodings } from "@/db/queries/outlets";
import { listShifts, shiftsFromCodings } from "@/db/queries/shifts";
import { summarizeStances, summarizeStancesFromCodings } from "@/db/queries/stances";
import { bulkLoadSynth, ensureSynthReference, firstSynthIds } from "@/db/queries/synth";
import { copyCsv, type SynthCsvBatch, synthCsvBatches } from "@/domain/synth/batches";
import { SYNTH_ACTORS, type SynthOptions, synthReports } from "@/domain/synth/generate";
import { createTestDatabase } from "../../helpers/db";

/**
 * The bulk load behind `npm run synth`, on the connection the script uses (one session; on PostgreSQL in the
 * second CI pass that is COPY through pg-copy-streams): every row lands, the rows hang together, the indexes
 * and triggers come back, and the rollups recomputed at the end give the answers of a GROUP BY.
 */

let conn: Connection;
let db: Database;

beforeAll(async () => {
  // As scripts/synth.ts opens it: one session, and on PGlite the bulk-load settings.
  conn = await createTestDatabase({ single: true, bulk: true });
  db = conn.db;
});
afterAll(async () => conn?.close());

async function one<T>(query: ReturnType<typeof sql>): Promise<T> {
  return (await queryRows<T>(db, query))[0] as T;
}

/** The batches `npm run synth` would send for these options (built here, not in its worker thread). */
async function batches(options: SynthOptions, batchSize: number): Promise<Generator<SynthCsvBatch>> {
  const ref = await ensureSynthReference(db);
  const all = await listActors(db);
  const reports = synthReports(
    options,
    all.map((a) => a.code),
    new Map(all.map((a) => [a.code, a.name] as const)),
  );
  return synthCsvBatches(reports, ref, await firstSynthIds(db), batchSize);
}

async function count(table: "codings" | "reports" | "cited_sources"): Promise<number> {
  return (await one<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(table)}`)).n;
}

const GROUPS: SummaryGroup[] = ["day", "month", "report", "source", "outlet"];

async function expectRollupsMatch(step: string) {
  for (const filters of [{}, { actor: ["TR", "RU"] }, { from: "2022-01-01", to: "2023-06-30" }]) {
    for (const by of GROUPS) {
      expect(await summarizeStances(db, filters, by), `${step}: by=${by}`).toEqual(
        await summarizeStancesFromCodings(db, filters, by),
      );
    }
  }
  expect(await getAlignment(db, {}), `${step}: alignment`).toEqual(await alignmentFromCodings(db, {}));
  expect(await listOutlets(db), `${step}: outlets`).toEqual(await listOutletsFromCodings(db));
  const stored = (await listShifts(db, {})).items.map(({ actorName: _n, topicSlug: _s, topicTitle: _t, ...s }) => s);
  expect(stored, `${step}: shifts`).toEqual(await shiftsFromCodings(db, {}));
}

describe("bulkLoadSynth", () => {
  test.runIf(!process.env.DATABASE_URL)("runs on PGlite with the bulk-load settings", async () => {
    expect(
      await one(sql`select current_setting('wal_level') as wal, current_setting('full_page_writes') as fpw`),
    ).toEqual({ wal: "minimal", fpw: "off" });
  });

  test("loads every row in batches, consistent, with indexes, triggers and rollups back", async () => {
    const indexesBefore = await one<{ n: number }>(sql`select count(*)::int as n from pg_indexes
      where schemaname = current_schema()`);
    const reportsBefore = await one<{ n: number }>(sql`select count(*)::int as n from reports`);
    const source = await batches({ reports: 120, codings: 900, seed: 7, from: "2022-01-01", years: 2 }, 25);
    // The synthetic actors have no aliases: listed with an empty list.
    expect((await listActors(db)).find((a) => a.code === SYNTH_ACTORS[0]?.code)?.aliases).toEqual([]);
    const progress: number[] = [];
    const result = await bulkLoadSynth(conn, source, {
      dropIndexes: true,
      onBatch: (n) => progress.push(n),
    });

    expect(result.written).toBe(900);
    expect(progress.at(-1)).toBe(900);
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(await one(sql`select count(*)::int as n from codings where coder = 'synth/1'`)).toEqual({ n: 900 });
    expect(await one(sql`select count(*)::int as n from reports`)).toEqual({ n: reportsBefore.n + 120 });
    // Foreign keys were not checked during the load: the rows must still hang together.
    expect(
      await one(sql`select count(*)::int as n from codings c
        left join reports r on r.id = c.report_id
        left join cited_sources s on s.id = c.cited_source_id
        where r.id is null or (c.cited_source_id is not null and (s.id is null or s.report_id <> c.report_id))`),
    ).toEqual({ n: 0 });
    expect(
      await one(sql`select count(*)::int as n from codings c join reports r on r.id = c.report_id
        where c.coder = 'synth/1' and substr(r.body, c.evidence_start + 1, c.evidence_end - c.evidence_start) <> c.evidence`),
    ).toEqual({ n: 0 });
    expect(await one(sql`select count(*)::int as n from pg_indexes where schemaname = current_schema()`)).toEqual(
      indexesBefore,
    );
    expect(await one(sql`select current_setting('session_replication_role') as role`)).toEqual({ role: "origin" });
    await expectRollupsMatch("after the load");
    // The sequences moved past the ids the batches gave: the next report or cited source written the usual
    // way gets a fresh id.
    expect(
      await one(sql`select nextval(pg_get_serial_sequence('reports', 'id')) > (select max(id) from reports) as r,
        nextval(pg_get_serial_sequence('cited_sources', 'id')) > (select max(id) from cited_sources) as c`),
    ).toEqual({ r: true, c: true });

    // The rollup triggers are on again: a write after the load keeps the rollups right.
    await db.execute(sql`update codings set stance = case stance when 'support' then 'condemn'::stance
      else 'support'::stance end where id in (select id from codings where coder = 'synth/1' order by id limit 40)`);
    await expectRollupsMatch("after a write");
  });

  test("a load that fails midway keeps the batches written before, with indexes, triggers and rollups back", async () => {
    const indexes = sql`select count(*)::int as n from pg_indexes where schemaname = current_schema()`;
    const indexesBefore = await one(indexes);
    const before = { codings: await count("codings"), reports: await count("reports") };
    const good = await batches({ reports: 40, codings: 300, seed: 11, from: "2021-01-01", years: 1 }, 10);
    async function* failingAtTheThird() {
      const first = good.next().value as SynthCsvBatch;
      yield first;
      yield good.next().value as SynthCsvBatch;
      // A third batch whose reports clash with the first's ids: its transaction must leave nothing behind.
      yield { ...(good.next().value as SynthCsvBatch), reports: first.reports };
    }
    const progress: number[] = [];
    await expect(
      bulkLoadSynth(conn, failingAtTheThird(), { dropIndexes: true, onBatch: (n) => progress.push(n) }),
    ).rejects.toThrow(/duplicate key|unique/i);
    expect(progress).toHaveLength(2);
    expect(await count("codings")).toBe(before.codings + (progress.at(-1) ?? 0));
    expect(await count("reports")).toBe(before.reports + 20);
    expect(await one(indexes)).toEqual(indexesBefore);
    expect(await one(sql`select current_setting('session_replication_role') as role`)).toEqual({ role: "origin" });
    await expectRollupsMatch("after a failed load");
  });

  test("stops with a clear error when another writer takes ids during the load, keeping what came before", async () => {
    const before = await count("reports");
    const source = await batches({ reports: 30, codings: 200, seed: 13, from: "2021-06-01", years: 1 }, 10);
    async function* withAnotherWriter() {
      yield source.next().value as SynthCsvBatch;
      // What a server left running would do between two batches: take the next report id.
      await db.execute(sql`select nextval(pg_get_serial_sequence('reports', 'id'))`);
      yield source.next().value as SynthCsvBatch;
    }
    await expect(bulkLoadSynth(conn, withAnotherWriter(), { dropIndexes: false })).rejects.toThrow(
      /^Another process took reports ids during the load \(the sequence is at \d+, the load expected \d+\): stop the server/,
    );
    expect(await count("reports")).toBe(before + 10);
    await expectRollupsMatch("after a load stopped by another writer");
  });

  test("refuses a connection without COPY on one session (a pool) before it changes anything", async () => {
    const before = await one(sql`select count(*)::int as n from codings`);
    await expect(bulkLoadSynth({ ...conn, copyCsv: undefined }, [], { dropIndexes: true })).rejects.toThrow(
      /one-session connection/,
    );
    expect(await one(sql`select count(*)::int as n from codings`)).toEqual(before);
    expect(await one(sql`select current_setting('session_replication_role') as role`)).toEqual({ role: "origin" });
  });

  test("copyCsv round-trips quotes, commas, newlines, empty strings and nulls through COPY", async () => {
    await db.execute(sql`create temporary table copy_check (n int, t text, r real)`);
    const rows = [
      [1, 'she said "no", twice', 0.5],
      [2, "line one\nline two\r\nthree", null],
      [3, "", -1.25],
      [4, null, 0],
      [5, "İstanbul, 'quoted' \\ backslash ,\"", 1e-7],
    ];
    if (!conn.copyCsv) throw new Error("this connection has no COPY");
    await conn.copyCsv("copy_check", ["n", "t", "r"], copyCsv(rows));
    const back = await queryRows<{ n: number; t: string | null; r: number | null }>(
      db,
      sql`select n, t, r from copy_check order by n`,
    );
    expect(back.map((b) => [b.n, b.t, b.r === null ? null : Number(b.r)])).toEqual(rows);
  });
});
