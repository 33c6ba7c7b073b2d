import { inArray, sql } from "drizzle-orm";
import { type Connection, type Database, queryRows } from "../client";
import { actors, topics } from "../schema";
import { SYNTH_ACTORS, SYNTH_TOPICS, type SynthReport } from "../../lib/synth";

/**
 * Bulk loading of synthetic data. Ids are taken from the tables' sequences up front, so rows can be sent
 * without RETURNING, by COPY on the connection's one session (PGlite, or PostgreSQL opened with `single`).
 * One transaction per batch.
 */

export async function ensureSynthReference(
  db: Database,
): Promise<{ actorIds: Map<string, number>; topicIds: number[] }> {
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

const REPORT_COLUMNS = ["id", "topic_id", "title", "outlet", "published_on", "url", "body", "content_hash"];
const CITED_COLUMNS = ["id", "report_id", "outlet", "cited_on", "citation", "start", "end"];
const CODING_COLUMNS = [
  "actor_id",
  "topic_id",
  "report_id",
  "stance",
  "statement_date",
  "evidence",
  "evidence_start",
  "evidence_end",
  "cited_source_id",
  "coder",
  "confidence",
  "status",
];

export type SynthReference = Awaited<ReturnType<typeof ensureSynthReference>>;

type Row = (string | number | null)[];

/**
 * Rows in the CSV dialect of COPY: a null is an unquoted empty field, every string is quoted (so an empty
 * string stays one) with its quotes doubled. Written here rather than with csv-stringify, which took 7 s of
 * a million codings' load against about 1 s for this.
 */
export function copyCsv(rows: readonly Row[]): string {
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (i > 0) out += ",";
      if (typeof v === "string") out += `"${v.includes('"') ? v.replaceAll('"', '""') : v}"`;
      else if (typeof v === "number") out += String(v);
    }
    out += "\n";
  }
  return out;
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

/** n fresh ids from a table's sequence. */
async function takeIds(tx: Database, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const rows = await queryRows<{ id: number }>(
    tx,
    sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, ${n})`,
  );
  return rows.map((r) => r.id);
}

/** Writes a batch of synthetic reports with their citations and codings; returns how many codings it wrote. */
async function insertSynthBatch(
  db: Database,
  copy: Copy,
  batch: readonly SynthReport[],
  ref: SynthReference,
): Promise<number> {
  if (batch.length === 0) return 0;
  return inTransaction(db, async () => {
    const reportIds = await takeIds(db, "reports", batch.length);
    const citedIds = await takeIds(
      db,
      "cited_sources",
      batch.reduce((n, r) => n + r.citations.length, 0),
    );
    const reportRows: Row[] = [];
    const citedRows: Row[] = [];
    const codingRows: Row[] = [];
    let nextCited = 0;
    batch.forEach((r, i) => {
      const id = reportIds[i] as number;
      const topicId = ref.topicIds[r.topic] as number;
      reportRows.push([id, topicId, r.title, r.outlet, r.publishedOn, r.url, r.body, r.contentHash]);
      const ids = r.citations.map((c) => {
        const cid = citedIds[nextCited++] as number;
        citedRows.push([cid, id, c.outlet, c.date, c.citation, c.start, c.end]);
        return cid;
      });
      for (const c of r.codings) {
        codingRows.push([
          ref.actorIds.get(c.actor) as number,
          topicId,
          id,
          c.stance,
          c.statementDate,
          r.body.slice(c.evidenceStart, c.evidenceEnd),
          c.evidenceStart,
          c.evidenceEnd,
          c.citation === null ? null : (ids[c.citation] ?? null),
          "synth/1",
          c.confidence,
          c.status,
        ]);
      }
    });
    if (reportRows.length) await copy("reports", REPORT_COLUMNS, copyCsv(reportRows));
    if (citedRows.length) await copy("cited_sources", CITED_COLUMNS, copyCsv(citedRows));
    if (codingRows.length) await copy("codings", CODING_COLUMNS, copyCsv(codingRows));
    return codingRows.length;
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
  ref: SynthReference,
  source: Iterable<SynthReport>,
  options: { batchSize: number; dropIndexes: boolean; onBatch?: (written: number) => void },
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
    let batch: SynthReport[] = [];
    const flush = async () => {
      written += await insertSynthBatch(db, copy, batch, ref);
      batch = [];
      options.onBatch?.(written);
    };
    for (const report of source) {
      batch.push(report);
      if (batch.length >= options.batchSize) await flush();
    }
    await flush();
  } finally {
    const t = performance.now();
    await rebuild?.();
    indexSeconds = (performance.now() - t) / 1000;
    if (skippedTriggers) await db.execute(sql`set session_replication_role = default`);
    await resumeTriggers?.();
    // Batches already committed before a failure get rollups that match them too. The rollups' own secondary
    // indexes are built after they are refilled (on a million codings, 1 s against 2-3 s during the refill),
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
