import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { readConfig } from "../lib/config";
import { acquireDataDirLock } from "./lock";
import * as schema from "./schema";

/** Both drivers behind one type: queries never know which database they run on. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Connection = {
  db: Database;
  driver: "pglite" | "postgres";
  /** PGlite only: COPY rows given as CSV into a table, the fastest way in (bulk loads). */
  copyCsv?: (table: string, columns: readonly string[], csv: string) => Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export type OpenOptions =
  | { databaseUrl: string }
  /** `dataDir: null` opens an in-memory database (unit tests). */
  | { dataDir: string | null };

export async function openConnection(options: OpenOptions): Promise<Connection> {
  if ("databaseUrl" in options) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: 10,
      // Fail fast when the server is down, so the API can answer 503 instead of hanging.
      connectionTimeoutMillis: 2000,
      idleTimeoutMillis: 30_000,
    });
    // An idle client losing its server must not crash the process; the next query reconnects.
    pool.on("error", (error) => console.error("[db] idle PostgreSQL client error:", error.message));
    const db = drizzlePg(pool, { schema });
    return {
      db,
      driver: "postgres",
      migrate: () => migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => pool.end(),
    };
  }
  const release = options.dataDir ? acquireDataDirLock(options.dataDir) : () => {};
  try {
    const client = options.dataDir ? new PGlite(path.join(options.dataDir, "pglite")) : new PGlite();
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    return {
      db,
      driver: "pglite",
      copyCsv: async (table, columns, csv) => {
        await client.query(
          `copy ${table} (${columns.map((c) => `"${c}"`).join(", ")}) from '/dev/blob' with (format csv)`,
          [],
          {
            blob: new Blob([csv]),
          },
        );
      },
      migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

type Started = Connection & { startedAt: number };

// One connection per process, kept on globalThis: Next bundles instrumentation and each route separately, and
// a module-level cache would open a second PGlite on the same folder.
const holder = globalThis as typeof globalThis & { __stancewatchDb?: Promise<Started> };

async function open(): Promise<Started> {
  const config = readConfig();
  const conn = await openConnection(
    config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
  );
  try {
    await conn.migrate();
    const { loadDefaultActors, loadSampleData } = await import("./sample/load");
    // The default actors are reference data, there with or without the sample report.
    await (config.loadSampleData ? loadSampleData(conn.db) : loadDefaultActors(conn.db));
  } catch (error) {
    await conn.close().catch(() => {});
    throw error;
  }
  return { ...conn, startedAt: Date.now() };
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

/** Rows of a raw SQL query, the same shape on both drivers (both answer `{ rows }`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
