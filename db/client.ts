import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
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
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export type OpenOptions =
  | { databaseUrl: string }
  /** `dataDir: null` opens an in-memory database (unit tests). */
  | { dataDir: string | null; lock?: boolean };

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
  const release = options.dataDir && options.lock !== false ? acquireDataDirLock(options.dataDir) : () => {};
  try {
    const client = options.dataDir ? new PGlite(path.join(options.dataDir, "pglite")) : new PGlite();
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    return {
      db,
      driver: "pglite",
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

/** Opens the configured database, applies migrations and loads the sample data once per process. */
export function startDatabase(): Promise<Started> {
  holder.__stancewatchDb ??= (async () => {
    const config = readConfig();
    const conn = await openConnection(
      config.databaseUrl ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir },
    );
    await conn.migrate();
    if (config.loadSampleData) {
      const { loadSampleData } = await import("./sample/load");
      await loadSampleData(conn.db);
    }
    return { ...conn, startedAt: Date.now() };
  })();
  holder.__stancewatchDb.catch(() => {
    holder.__stancewatchDb = undefined;
  });
  return holder.__stancewatchDb;
}

export async function getDb(): Promise<Database> {
  return (await startDatabase()).db;
}

export async function getConnection(): Promise<Started> {
  return startDatabase();
}
