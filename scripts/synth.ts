// npm run synth -- --reports N --codings M [--seed S] [--batch B]
// Fills the configured database (DATA_DIR, or DATABASE_URL) with synthetic reports and codings for load tests,
// in bulk. The server must not be running on the same data folder. Prints the rate it loaded at.
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { sql } from "drizzle-orm";
import type { Connection } from "../db/client";
import { DataDirLockedError } from "../db/lock";
import { listActors } from "../db/queries/actors";
import { bulkLoadSynth, ensureSynthReference, firstSynthIds, reportStored } from "../db/queries/synth";
import { synthReports } from "../domain/synth/generate";
import { openConfigured } from "../server/database";
import { synthInWorker } from "./synth/in-worker";

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
  let batchSize = 1000;
  try {
    reports = count(values.reports, "reports");
    codings = count(values.codings, "codings");
    if (reports < 1) throw new Error(`--reports must be at least 1 (${USAGE})`);
    if (values.batch !== undefined) batchSize = count(values.batch, "batch");
    if (batchSize < 1) throw new Error(`--batch must be at least 1 (${USAGE})`);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  let conn: Connection;
  try {
    // One session for the whole load (on PostgreSQL too, not a pool): the trigger setting below is per session
    // and must hold for every batch, and COPY needs the session the batch's transaction is open on.
    conn = await openConfigured({ single: true, bulk: true });
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`${error.message}\nStop the server first: synth writes straight into the database.`);
      return 2;
    }
    throw error;
  }
  const { db, driver } = conn;
  const ref = await ensureSynthReference(db);
  // The default six and the synthetic actors, each named in its sentences.
  const all = await listActors(db);
  const options = { reports, codings, seed: values.seed ? Number(values.seed) : undefined };
  const actorCodes = all.map((a) => a.code);
  const actorNames = new Map(all.map((a) => [a.code, a.name] as const));
  // The same seed gives the same report bodies, and a body is stored once: say so before touching anything.
  // (The worker's first report, built here too: the generator is lazy.)
  const firstReport = synthReports(options, actorCodes, actorNames).next().value;
  if (firstReport && (await reportStored(db, firstReport.contentHash))) {
    console.error(
      `synth: the reports of this seed are already in the database (a load with the same seed). Pass --seed with another number to add new ones.`,
    );
    await conn.close();
    return 1;
  }
  const bar = new cliProgress.SingleBar(
    { format: "synth [{bar}] {percentage}% | {value}/{total} codings | {rate} codings/s", hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(codings, 0, { rate: 0 });
  // Rows are generated and encoded in a worker thread while this one writes the batch before.
  const source = synthInWorker({
    options,
    actorCodes,
    actorNames,
    ref,
    first: await firstSynthIds(db),
    batchSize,
    ahead: 4,
  });
  let result: Awaited<ReturnType<typeof bulkLoadSynth>>;
  try {
    result = await bulkLoadSynth(conn, source, {
      // Large loads build the secondary indexes once at the end instead of row by row.
      dropIndexes: codings >= 50_000,
      onBatch: (written) => bar.update(written, { rate: Math.round(written / ((Date.now() - started) / 1000 || 1)) }),
    });
  } catch (error) {
    bar.stop();
    if (!/reports_content_hash_uq/.test(String(error instanceof Error ? error.message : error))) throw error;
    console.error(
      `synth: a report of this load is already in the database (its body is stored once); the batches before it were kept. Pass --seed with another number for new reports.`,
    );
    await conn.close();
    return 1;
  } finally {
    bar.stop();
  }
  const { written } = result;
  console.error(
    `synth: indexes rebuilt in ${result.indexSeconds.toFixed(1)} s, rollups recomputed in ${result.rollupSeconds.toFixed(1)} s`,
  );
  await db.execute(sql`analyze`);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `synth: ${reports} reports, ${written} codings into ${driver} in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} codings/s)`,
  );
  await conn.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
