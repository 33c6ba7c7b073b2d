// npm run synth -- --reports N --codings M [--seed S] [--batch B]
// Fills the configured database (DATA_DIR, or DATABASE_URL) with synthetic reports and codings for load tests,
// in bulk. The server must not be running on the same data folder. Prints the rate it loaded at.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { sql } from "drizzle-orm";
import { closeDatabase, getConnection } from "../db/client";
import { DataDirLockedError } from "../db/lock";
import { listActors } from "../db/queries/actors";
import {
  ensureSynthReference,
  insertSynthBatch,
  rebuildRollups,
  suspendIndexes,
  suspendRollupTriggers,
} from "../db/queries/synth";
import { type SynthReport, synthReports } from "../lib/synth";

const USAGE = "Usage: npm run synth -- --reports N --codings M [--seed S] [--batch B]";

function count(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number (${USAGE})`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      reports: { type: "string" },
      codings: { type: "string" },
      seed: { type: "string" },
      batch: { type: "string" },
    },
  });
  let reports: number;
  let codings: number;
  try {
    reports = count(values.reports, "reports");
    codings = count(values.codings, "codings");
    if (reports < 1) throw new Error(`--reports must be at least 1 (${USAGE})`);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const batchSize = values.batch ? Number(values.batch) : 1000;
  let conn: Awaited<ReturnType<typeof getConnection>>;
  try {
    conn = await getConnection();
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`${error.message}\nStop the server first: synth writes straight into the database.`);
      return 2;
    }
    throw error;
  }
  const { db, driver } = conn;
  const ref = await ensureSynthReference(db);
  // Large loads build the secondary indexes once at the end instead of row by row.
  const rebuild = codings >= 50_000 ? await suspendIndexes(db) : null;
  // The generated rows reference only rows generated with them: foreign-key triggers would cost two thirds of
  // the time. Skipping them (and the rollup triggers with them) needs a superuser (PGlite always is); without
  // one the rollup triggers are turned off by hand, and foreign keys are checked.
  const skippedTriggers = await db
    .execute(sql`set session_replication_role = replica`)
    .then(() => true)
    .catch(() => false);
  const resumeTriggers = skippedTriggers ? null : await suspendRollupTriggers(db);
  const started = Date.now();
  let written = 0;
  try {
    // The default six and the synthetic actors, each named in its sentences.
    const all = await listActors(db);
    const codes = all.map((a) => a.code);
    const names = new Map(all.map((a) => [a.code, a.name] as const));
    const bar = new cliProgress.SingleBar(
      { format: "synth [{bar}] {percentage}% | {value}/{total} codings | {rate} codings/s", hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(codings, 0, { rate: 0 });
    let batch: SynthReport[] = [];
    const flush = async () => {
      written += await insertSynthBatch(conn, batch, ref);
      batch = [];
      bar.update(written, { rate: Math.round(written / ((Date.now() - started) / 1000 || 1)) });
    };
    for (const report of synthReports(
      { reports, codings, seed: values.seed ? Number(values.seed) : undefined },
      codes,
      names,
    )) {
      batch.push(report);
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    bar.stop();
  } finally {
    // Whatever happened, the database gets its indexes, its triggers and rollups that match its rows back.
    if (rebuild) {
      const t = Date.now();
      await rebuild();
      console.error(`synth: indexes rebuilt in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    if (skippedTriggers) await db.execute(sql`set session_replication_role = default`);
    await resumeTriggers?.();
    const t = Date.now();
    await rebuildRollups(db);
    console.error(`synth: rollups recomputed in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  await db.execute(sql`analyze`);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `synth: ${reports} reports, ${written} codings into ${driver} in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} codings/s)`,
  );
  await closeDatabase();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
