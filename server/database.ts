import { type Connection, type Database, openConnection } from "@/db/client";
import { loadDefaultActors, loadSampleData } from "@/db/seed/load";
import { readConfig } from "@/server/config";

/**
 * The process's database: the one connection a server (or a CLI) opens from its configuration, migrated and
 * seeded. db/ only knows how to connect, migrate and seed; choosing what to open is the server's.
 */

type Started = Connection & { startedAt: number };

// One connection per process, kept on globalThis: Next bundles instrumentation and each route separately, and
// a module-level cache would open a second PGlite on the same folder.
const holder = globalThis as typeof globalThis & { __stancewatchDb?: Promise<Started> };

/**
 * The configured database (DATA_DIR or DATABASE_URL), migrated and loaded with the default actors (and the
 * sample data when configured). `single` and `bulk` as in OpenOptions; the server uses getConnection() instead.
 */
export async function openConfigured({ single = false, bulk = false } = {}): Promise<Connection> {
  const config = readConfig();
  const conn = await openConnection(
    config.databaseUrl ? { databaseUrl: config.databaseUrl, single } : { dataDir: config.dataDir, bulk },
  );
  try {
    await conn.migrate();
    // The default actors are reference data, there with or without the sample report.
    await (config.loadSampleData ? loadSampleData(conn.db) : loadDefaultActors(conn.db));
  } catch (error) {
    await conn.close().catch(() => {});
    throw error;
  }
  return conn;
}

async function open(): Promise<Started> {
  return { ...(await openConfigured()), startedAt: Date.now() };
}

/**
 * The process's database: opened, migrated and loaded with the sample data on first use. A failed start is
 * forgotten, so the next request tries again (a PostgreSQL server that was down may be back).
 */
export function getConnection(): Promise<Started> {
  if (!holder.__stancewatchDb) {
    const attempt = open();
    holder.__stancewatchDb = attempt;
    attempt.catch(() => {
      if (holder.__stancewatchDb === attempt) holder.__stancewatchDb = undefined;
    });
  }
  return holder.__stancewatchDb;
}

export async function getDb(): Promise<Database> {
  return (await getConnection()).db;
}

/** Closes the process's database, if open: PGlite flushes its files and the folder lock is released. */
export async function closeDatabase(): Promise<void> {
  const current = holder.__stancewatchDb;
  holder.__stancewatchDb = undefined;
  if (current) await (await current.catch(() => null))?.close();
}
