import { NewReportBody } from "@/contracts/reports";
import type { Database } from "@/db/client";
import { DuplicateReportError, findReportByHash } from "@/db/queries/reports";
import { createTopic, listTopicRefs } from "@/db/queries/topics";
import { Problem } from "@/domain/errors";
import { contentHash } from "@/domain/text";
import { ingestReport } from "@/server/ingest";
import {
  type ImportBackend,
  type ImportOptions,
  type ImportSummary,
  runImport,
  SlugTakenError,
  type StoreResult,
} from "./run";

/**
 * `npm run import` straight into the database: each report (and the topic it needs) in one transaction, coded
 * and stored by the same ingestReport as `POST /api/reports`.
 */
export function databaseImportBackend(db: Database, options: { by: string; dryRun: boolean }): ImportBackend {
  return {
    listTopics: () => listTopicRefs(db),

    async createTopic(topic) {
      try {
        const created = await createTopic(db, topic);
        return { id: created.id, slug: created.slug, title: created.title, actingParty: created.actingParty };
      } catch (error) {
        if (error instanceof Problem && error.kind === "conflict") throw new SlugTakenError(topic.slug);
        throw error;
      }
    },

    async storeReport(raw): Promise<StoreResult> {
      const body = NewReportBody.parse(raw);
      // Look before coding: importing a folder again should cost a lookup per file, not a coder run.
      const existing = await findReportByHash(db, contentHash(body.text));
      if (existing) return { status: "duplicate", reportId: existing.id };
      try {
        const result = await ingestReport(db, body, options.by);
        return {
          status: "added",
          reportId: options.dryRun ? null : result.id,
          stances: result.reportStances.map(({ actor, stance }) => ({ actor, stance })),
        };
      } catch (error) {
        if (error instanceof DuplicateReportError) return { status: "duplicate", reportId: error.existingId };
        throw error;
      }
    },

    atomically: (work) => db.transaction((tx) => work(databaseImportBackend(tx, options))),
  };
}

class DryRunRollback extends Error {}

/**
 * Imports files and folders into `db`. A dry run does all the same work inside one transaction and rolls it
 * back, so it finds exactly what a real run would, and writes nothing.
 */
export async function importIntoDatabase(
  db: Database,
  paths: readonly string[],
  options: ImportOptions & { by?: string } = {},
): Promise<ImportSummary> {
  const by = options.by ?? "import";
  if (!options.dryRun) return runImport(databaseImportBackend(db, { by, dryRun: false }), paths, options);
  let summary: ImportSummary | undefined;
  try {
    await db.transaction(async (tx) => {
      summary = await runImport(databaseImportBackend(tx, { by, dryRun: true }), paths, options);
      throw new DryRunRollback();
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!summary) throw new Error("the dry run produced no summary");
  return summary;
}
