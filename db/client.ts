import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { acquireDataDirLock } from "./lock";
import * as schema from "./schema";

/** Both drivers behind one type: queries never know which database they run on. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export type Connection = {
  db: Database;
  driver: "pglite" | "postgres";
  /**
   * COPY rows given as CSV into a table, the fastest way in (bulk loads). On PGlite, and on PostgreSQL only for a
   * `single` connection, where it runs on the same session as `db`.
   */
  copyCsv?: (table: string, columns: readonly string[], csv: string | Uint8Array<ArrayBuffer>) => Promise<void>;
  migrate(): Promise<void>;
  close(): Promise<void>;
};

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

export type OpenOptions =
  /**
   * `single`: one dedicated session instead of a pool, for a bulk load whose session settings
   * (`session_replication_role`) and transactions must hold for every statement it sends.
   */
  | { databaseUrl: string; single?: boolean }
  /**
   * `dataDir: null` opens an in-memory database (unit tests). `bulk`: server settings for a bulk load
   * (BULK_LOAD_PARAMS), for this session only.
   */
  | { dataDir: string | null; bulk?: boolean };

/**
 * PGlite settings for `npm run synth`, on top of its own: WAL only what crash recovery needs (a rollup rebuilt
 * after its TRUNCATE, or an index built in its own transaction, then writes no WAL at all), no full-page images
 * (PGlite runs with fsync off, so they would not save a torn page anyway), and no checkpoint before the end:
 * less to write, so a faster load (docs/performance.md).
 */
const BULK_LOAD_PARAMS = ["wal_level=minimal", "max_wal_senders=0", "full_page_writes=off", "max_wal_size=8GB"];

function copyStatement(table: string, columns: readonly string[], source: string): string {
  return `copy ${table} (${columns.map((c) => `"${c}"`).join(", ")}) from ${source} with (format csv)`;
}

async function openSinglePg(databaseUrl: string): Promise<Connection> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2000 });
  await client.connect();
  const db = drizzlePg(client, { schema });
  return {
    db,
    driver: "postgres",
    copyCsv: (table, columns, csv) =>
      pipeline(
        Readable.from([typeof csv === "string" ? csv : Buffer.from(csv.buffer, csv.byteOffset, csv.byteLength)]),
        client.query(copyFrom(copyStatement(table, columns, "stdin"))),
      ),
    migrate: () => migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.end(),
  };
}

export async function openConnection(options: OpenOptions): Promise<Connection> {
  if ("databaseUrl" in options && options.single) return openSinglePg(options.databaseUrl);
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
  const release = options.dataDir ? await acquireDataDirLock(options.dataDir) : () => {};
  try {
    const settings = options.bulk
      ? { startParams: [...PGlite.defaultStartParams, ...BULK_LOAD_PARAMS.flatMap((p) => ["-c", p])] }
      : {};
    const client = options.dataDir ? new PGlite(path.join(options.dataDir, "pglite"), settings) : new PGlite(settings);
    await client.waitReady;
    const db = drizzlePglite(client, { schema });
    return {
      db,
      driver: "pglite",
      copyCsv: async (table, columns, csv) => {
        await client.query(copyStatement(table, columns, "'/dev/blob'"), [], { blob: new Blob([csv]) });
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

/** Rows of a raw SQL query, the same shape on both drivers (both answer `{ rows }`). */
export async function queryRows<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
