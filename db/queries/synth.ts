import { inArray, sql } from "drizzle-orm";
import {
  CITED_COLUMNS,
  CODING_COLUMNS,
  REPORT_COLUMNS,
  type SynthCsvBatch,
  type SynthReference,
} from "../../domain/synth/batches";
import { SYNTH_ACTORS, SYNTH_TOPICS } from "../../domain/synth/generate";
import { type Connection, type Database, queryRows } from "../client";
import { actors, topics } from "../schema";

/**
 * Bulk loading of synthetic data. The rows come ready for COPY with their ids given (domain/synth/batches.ts), so
 * they go in without RETURNING, by COPY on the connection's one session (PGlite, or PostgreSQL opened with
 * `single`). One transaction per batch. The load assumes it is the only writer, as `npm run synth` requires.
 */

/** The synthetic actors and topics, added where missing, and the ids of every actor and of those topics. */
export async function ensureSynthReference(db: Database): Promise<SynthReference> {
  await db
    .insert(actors)
    .values(
      SYNTH_ACTORS.map((a, i) => ({ code: a.code, name: a.name, kind: a.kind, isDefault: false, sortOrder: 200 + i })),
    )
    .onConflictDoNothing({ target: actors.code });
  await db
    .insert(topics)
    .values(SYNTH_TOPICS.map((t) => ({ ...t, actingPartyAliases: [] })))
    .onConflictDoNothing({ target: topics.slug });
  const actorRows = await db.select({ id: actors.id, code: actors.code }).from(actors);
  const topicRows = await db
    .select({ id: topics.id, slug: topics.slug })
    .from(topics)
    .where(
      inArray(
        topics.slug,
        SYNTH_TOPICS.map((t) => t.slug),
      ),
    );
  const bySlug = new Map(topicRows.map((t) => [t.slug, t.id]));
  return {
    actorIds: new Map(actorRows.map((a) => [a.code, a.id])),
    topicIds: SYNTH_TOPICS.map((t) => bySlug.get(t.slug) as number),
  };
}

type Copy = NonNullable<Connection["copyCsv"]>;

/**
 * One transaction, opened with BEGIN on the connection's one session rather than drizzle's transaction(),
 * which on PGlite would hold its lock and make the COPY beside it wait forever.
 */
async function inTransaction<T>(db: Database, work: () => Promise<T>): Promise<T> {
  await db.execute(sql`begin`);
  try {
    const result = await work();
    await db.execute(sql`commit`);
    return result;
  } catch (error) {
    await db.execute(sql`rollback`);
    throw error;
  }
}

/** Whether a report with this content hash is stored already. */
export async function reportStored(db: Database, contentHash: string): Promise<boolean> {
  const rows = await queryRows(db, sql`select 1 from reports where content_hash = ${contentHash} limit 1`);
  return rows.length > 0;
}

/**
 * The first ids a load may give its reports and cited sources (domain/synth/batches.ts numbers on from them).
 * Each batch then moves the sequences past what it used, before its rows go in.
 */
export async function firstSynthIds(db: Database): Promise<{ report: number; cited: number }> {
  const [row] = await queryRows<{ report: number; cited: number }>(
    db,
    sql`select nextval(pg_get_serial_sequence('reports', 'id'))::int as report,
               nextval(pg_get_serial_sequence('cited_sources', 'id'))::int as cited`,
  );
  if (!row) throw new Error("could not read the id sequences");
  return { report: Number(row.report), cited: Number(row.cited) };
}

/**
 * Moves a sequence on to the last id a batch uses, after checking that nothing else took an id since the load
 * began: the load numbers its ids ahead, and with a second writer (a server left running on PostgreSQL) its rows
 * and that writer's would clash. `start` is the load's first id (which firstSynthIds took itself); before a
 * later batch the sequence stands at the id before the batch's first. Never moves the sequence back.
 */
async function claimIds(
  db: Database,
  table: "reports" | "cited_sources",
  ids: { start: number; first: number; last: number | null },
): Promise<void> {
  const seq = sql`pg_get_serial_sequence(${table}, 'id')`;
  const [row] = await queryRows<{ taken: number | null }>(
    db,
    sql`select pg_sequence_last_value(${seq}::regclass)::int as taken`,
  );
  const expected = Math.max(ids.start, ids.first - 1);
  if (Number(row?.taken) !== expected) {
    throw new Error(
      `Another process took ${table} ids during the load (the sequence is at ${row?.taken}, the load expected ${expected}): stop the server and run synth again.`,
    );
  }
  if (ids.last !== null) {
    await db.execute(sql`select setval(${seq}, greatest(${ids.last}, pg_sequence_last_value(${seq}::regclass)))`);
  }
}

/** Writes one batch of synthetic reports with their citations and codings; returns how many codings it wrote. */
async function insertSynthBatch(
  db: Database,
  copy: Copy,
  batch: SynthCsvBatch,
  start: { report: number; cited: number },
): Promise<number> {
  return inTransaction(db, async () => {
    await claimIds(db, "reports", { start: start.report, first: batch.firstReportId, last: batch.lastReportId });
    await claimIds(db, "cited_sources", { start: start.cited, first: batch.firstCitedId, last: batch.lastCitedId });
    if (batch.reports.length) await copy("reports", REPORT_COLUMNS, batch.reports);
    if (batch.citedSources.length) await copy("cited_sources", CITED_COLUMNS, batch.citedSources);
    if (batch.codings.length) await copy("codings", CODING_COLUMNS, batch.codings);
    return batch.codingCount;
  });
}

/** The tables a bulk load writes, and the rollup tables its recompute refills. */
const BULK_TABLES = ["codings", "cited_sources", "reports"];
const ROLLUP_TABLES = ["report_actor_stances", "rollup_days", "rollup_shifts"];

/**
 * For a large load: drops the secondary indexes of some tables (their definitions are kept) and returns a
 * function that builds them again, which is several times faster than maintaining them row by row.
 */
export async function suspendIndexes(db: Database, tables = BULK_TABLES): Promise<() => Promise<void>> {
  const rows = await queryRows<{ indexname: string; indexdef: string }>(
    db,
    sql`select i.indexname, i.indexdef from pg_indexes i
        where i.schemaname = current_schema()
          and i.tablename = any(string_to_array(${tables.join(",")}, ','))
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
  );
  for (const r of rows) await db.execute(sql.raw(`drop index if exists "${r.indexname}"`));
  return async () => {
    for (const r of rows) await db.execute(sql.raw(r.indexdef));
  };
}

/**
 * For a bulk load without `session_replication_role = replica` (which already silences them): turns off the
 * triggers that keep the rollups (row by row they would be most of the load's time) and returns the function
 * that turns them on again. Call it in a `finally`: a database left without them keeps wrong rollups.
 */
export async function suspendRollupTriggers(db: Database): Promise<() => Promise<void>> {
  await db.execute(sql`alter table codings disable trigger user`);
  await db.execute(sql`alter table reports disable trigger user`);
  return async () => {
    await db.execute(sql`alter table codings enable trigger user`);
    await db.execute(sql`alter table reports enable trigger user`);
  };
}

/** Every rollup recomputed from the rows, in one pass (after a bulk load). */
export async function rebuildRollups(db: Database): Promise<void> {
  await db.execute(sql`select rebuild_rollups()`);
}

/**
 * A whole bulk load: batches of `source` written one transaction each, with the foreign-key and rollup triggers
 * off (or, without superuser rights, the rollup triggers alone) and, for a large load, the secondary indexes
 * dropped; then, whatever happened, indexes and triggers back and every rollup recomputed from the rows.
 * Needs a connection with one session (`single` on PostgreSQL): the trigger setting is per session.
 */
export async function bulkLoadSynth(
  conn: Connection,
  source: Iterable<SynthCsvBatch> | AsyncIterable<SynthCsvBatch>,
  options: { dropIndexes: boolean; onBatch?: (written: number) => void },
): Promise<{ written: number; indexSeconds: number; rollupSeconds: number }> {
  const { db, copyCsv: copy } = conn;
  if (!copy) throw new Error("bulkLoadSynth needs a one-session connection with COPY (single: true on PostgreSQL)");
  const rebuild = options.dropIndexes ? await suspendIndexes(db) : null;
  // The generated rows reference only rows generated with them: foreign-key triggers would cost two thirds of
  // the time. Skipping them (and the rollup triggers with them) needs a superuser (PGlite always is).
  const skippedTriggers = await db
    .execute(sql`set session_replication_role = replica`)
    .then(() => true)
    .catch(() => false);
  const resumeTriggers = skippedTriggers ? null : await suspendRollupTriggers(db);
  let written = 0;
  let indexSeconds = 0;
  let rollupSeconds = 0;
  try {
    let start: { report: number; cited: number } | null = null;
    for await (const batch of source) {
      start ??= { report: batch.firstReportId, cited: batch.firstCitedId };
      written += await insertSynthBatch(db, copy, batch, start);
      options.onBatch?.(written);
    }
  } finally {
    const t = performance.now();
    await rebuild?.();
    indexSeconds = (performance.now() - t) / 1000;
    if (skippedTriggers) await db.execute(sql`set session_replication_role = default`);
    await resumeTriggers?.();
    // Batches already committed before a failure get rollups that match them too. The rollups' own secondary
    // indexes are built after they are refilled, faster than keeping them up row by row during the refill, and
    // in the same transaction: a load killed meanwhile leaves the old rollups and their indexes as they were.
    const r = performance.now();
    await inTransaction(db, async () => {
      const rebuildRollupIndexes = options.dropIndexes ? await suspendIndexes(db, ROLLUP_TABLES) : null;
      await rebuildRollups(db);
      await rebuildRollupIndexes?.();
    });
    rollupSeconds = (performance.now() - r) / 1000;
  }
  return { written, indexSeconds, rollupSeconds };
}
