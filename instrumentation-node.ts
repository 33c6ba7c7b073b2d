import { closeDatabase, getConnection } from "./db/client";
import { DataDirLockedError } from "./db/lock";
import { isConnectionError } from "./lib/route";

let closing = false;

/** On SIGTERM or SIGINT, close the database (PGlite flushes its files, the lock is released), then exit. */
function closeOnSignals() {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      console.log(`[stancewatch] ${signal}: closing the database`);
      closeDatabase()
        .catch((error) => console.error("[stancewatch] closing the database failed:", error))
        .finally(() => process.exit(0));
    });
  }
}

/**
 * Opens the database, applies migrations and loads the sample data before the first request. A data folder
 * held by another process stops this one at once, with a message naming the holder.
 */
export async function startServer(): Promise<void> {
  // `npm start` sets NEXT_MANUAL_SIG_HANDLE so that Next leaves the signals to us (not possible in `next dev`).
  if (process.env.NEXT_MANUAL_SIG_HANDLE) closeOnSignals();
  const started = Date.now();
  try {
    const conn = await getConnection();
    const what = conn.driver === "pglite" ? "embedded database" : "PostgreSQL";
    console.log(`[stancewatch] ${what} ready in ${Date.now() - started} ms`);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`[stancewatch] ${error.message}`);
      process.exit(1);
    }
    if (process.env.DATABASE_URL && isConnectionError(error)) {
      // A PostgreSQL server that is down at start-up is not fatal: the API answers 503 and retries per request.
      console.error(
        `[stancewatch] PostgreSQL is not reachable yet (${(error as Error).message}); retrying on each request`,
      );
      return;
    }
    console.error("[stancewatch] could not open the database:", error);
    process.exit(1);
  }
}
