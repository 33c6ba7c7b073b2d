// npm run import -- <file or folder> [more paths] [--topic <slug or id>] [--dry-run]
// Codes and stores reports from .txt/.md files (a metadata header), corpus-format .json and .jsonl files. Writes
// to the database directly, or through the running server's API when that server holds the data folder.
// Progress on stderr, the summary on stdout. Exit code 0: nothing failed; 1: some reports failed; 2: bad usage.
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { DataDirLockedError } from "../db/lock";
import { existingAdminToken, readConfig } from "../server/config";
import { closeDatabase, getConnection } from "../server/database";
import { databaseImportBackend, importIntoDatabase } from "../server/import/database";
import { listImportFiles } from "../server/import/files";
import { createHttpImportBackend } from "../server/import/http";
import {
  displayPath,
  findTopicRef,
  ImportAbortedError,
  type ImportBackend,
  type ImportOptions,
  type ImportProgress,
  type ImportSummary,
  runImport,
} from "../server/import/run";
import { formatSummary, outcomeText } from "../server/import/summary";

const USAGE = `Usage: npm run import -- <file or folder> [more paths] [--topic <slug or id>] [--dry-run]

  .txt, .md   a header of "Key: value" lines (Title, Outlet, Date, Topic, and optionally URL, Language),
              a blank line, then the report's text; or the same keys as --- front matter
  .json       a report in the labelled-corpus format (its "target" is the topic, created when new),
              or a POST /api/reports body, or a list of them
  .jsonl      one such object per line
  Folders are walked; other files are skipped.

  --topic     file every report under this existing topic (slug or id), whatever the files say
  --dry-run   code and check everything, write nothing

Writes to DATA_DIR (or DATABASE_URL). When a running server holds DATA_DIR, imports through its API
at STANCEWATCH_URL (default http://localhost:$PORT, port 3000) with ADMIN_TOKEN.`;

function usageError(message: string): number {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

type Target = {
  where: string;
  backend: ImportBackend;
  run(paths: string[], options: ImportOptions): Promise<ImportSummary>;
};

/** The database when this process can open it; the server's API when a running server holds the folder. */
async function openTarget(dryRun: boolean): Promise<Target | number> {
  const config = readConfig();
  try {
    const { db, driver } = await getConnection();
    const where =
      driver === "postgres" ? "the PostgreSQL database of DATABASE_URL" : `the database in ${config.dataDir}`;
    return {
      where,
      backend: databaseImportBackend(db, { by: "import", dryRun }),
      run: (paths, options) => importIntoDatabase(db, paths, options),
    };
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || !error.holder) {
      console.error(`Cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    const holder = error.holder;
    const url = process.env.STANCEWATCH_URL || `http://localhost:${process.env.PORT || 3000}`;
    console.error(
      `${config.dataDir} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt}), ` +
        `so this import goes through that server's API at ${url} instead (set STANCEWATCH_URL if it listens elsewhere).`,
    );
    // The server's own token file when ADMIN_TOKEN is not set: the folder's first start made it.
    const token = config.adminToken ?? (config.databaseUrl ? undefined : existingAdminToken(config.dataDir));
    if (!token) {
      console.error(
        "Set ADMIN_TOKEN to the server's write token (the one it was started with) and run the import again, " +
          "or stop the server to import straight into the data folder.",
      );
      return 2;
    }
    const backend = createHttpImportBackend({ baseUrl: url, token, dryRun });
    try {
      await backend.checkAccess();
    } catch (failure) {
      if (!(failure instanceof ImportAbortedError)) throw failure;
      console.error(`Cannot import: ${failure.message}`);
      return failure.kind === "access" ? 2 : 1;
    }
    if (dryRun) {
      console.error(
        "Dry run over HTTP: the server codes each report without storing it, but cannot tell which texts it already holds.",
      );
    }
    return { where: `the server at ${url}`, backend, run: (paths, options) => runImport(backend, paths, options) };
  }
}

/** A bar on a terminal; one line per file when stderr is a pipe or a file (CI logs, `2> log`). */
function progressReporter(dryRun: boolean): { onProgress(p: ImportProgress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: "importing {bar} {value}/{total} files | {file}",
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      onProgress(p) {
        if (!started) {
          bar.start(p.total, p.done, { file: p.file });
          started = true;
        } else bar.update(p.done, { file: p.file });
      },
      stop: () => started && bar.stop(),
    };
  }
  return {
    onProgress(p) {
      if (!p.outcomes) return;
      const [only] = p.outcomes;
      const what =
        p.outcomes.length === 1 && only
          ? outcomeText(only, dryRun)
          : (["added", "duplicate", "failed"] as const)
              .map((s) => [s, p.outcomes?.filter((o) => o.status === s).length ?? 0] as const)
              .filter(([, n]) => n > 0)
              .map(([s, n]) =>
                s === "added" && dryRun ? `${n} would add` : `${n} ${s}${s === "duplicate" && n > 1 ? "s" : ""}`,
              )
              .join(", ") || "no reports";
      process.stderr.write(`[${p.done}/${p.total}] ${p.file}: ${what}\n`);
    },
    stop() {},
  };
}

const OPTIONS = {
  topic: { type: "string" },
  "dry-run": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const readArgs = () => parseArgs({ options: OPTIONS, allowPositionals: true });

async function main(): Promise<number> {
  let args: ReturnType<typeof readArgs>;
  try {
    args = readArgs();
  } catch (error) {
    return usageError(error instanceof Error ? error.message : String(error));
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  // npm runs scripts from the project folder; paths are the user's, relative to where they typed the command.
  const cwd = process.env.INIT_CWD || process.cwd();
  const paths = args.positionals.map((p) => path.resolve(cwd, p));
  if (paths.length === 0) return usageError("Name at least one file or folder to import.");
  const { missing } = listImportFiles(paths);
  if (missing.length) {
    return usageError(`No such file or folder: ${missing.map((p) => displayPath(cwd, p)).join(", ")}`);
  }
  const dryRun = args.values["dry-run"] ?? false;
  const target = await openTarget(dryRun);
  if (typeof target === "number") return target;
  const topic = args.values.topic?.trim();
  if (topic !== undefined) {
    const found = await findTopicRef(target.backend, topic);
    if (typeof found === "string") return usageError(`--topic: ${found}`);
  }
  const progress = progressReporter(dryRun);
  const started = performance.now();
  let summary: ImportSummary;
  try {
    summary = await target.run(paths, { topic, dryRun, cwd, onProgress: progress.onProgress });
  } finally {
    progress.stop();
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`Done in ${seconds} s.\n`);
  process.stdout.write(`${formatSummary(summary, target.where)}\n`);
  return summary.failed > 0 || summary.aborted ? 1 : 0;
}

main()
  .catch((error: unknown) => {
    console.error(`The import stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 1;
  })
  .then(async (code) => {
    await closeDatabase().catch(() => {});
    process.exit(code);
  });
