import { startDatabase } from "./db/client";
import { DataDirLockedError } from "./db/lock";

/**
 * Opens the database, applies migrations and loads the sample data before the first request. A data folder
 * held by another process stops this one at once, with a message naming the holder.
 */
export async function startServer(): Promise<void> {
  const started = Date.now();
  try {
    const conn = await startDatabase();
    const what = conn.driver === "pglite" ? "embedded database" : "PostgreSQL";
    console.log(`[stancewatch] ${what} ready in ${Date.now() - started} ms`);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(`[stancewatch] ${error.message}`);
      process.exit(1);
    }
    if (process.env.DATABASE_URL) {
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
