import { randomBytes } from "node:crypto";
import pg from "pg";
import { shiftOutbox } from "@/contracts/webhooks";
import { type Connection, openConnection } from "@/db/client";
import { loadSampleData } from "@/db/seed/load";

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default, or, when DATABASE_URL is set, a
 * new database on that PostgreSQL server (dropped afterwards), so the same tests prove both drivers. `single`:
 * one PostgreSQL session instead of a pool (bulk loads), and `bulk`: PGlite's bulk-load settings, as OpenOptions.
 */
export async function createTestDatabase(
  options: { sample?: boolean; single?: boolean; bulk?: boolean } = {},
): Promise<Connection> {
  const url = process.env.DATABASE_URL;
  let conn: Connection;
  if (url) {
    const name = `sw_test_${randomBytes(6).toString("hex")}`;
    await adminQuery(url, `create database ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const inner = await openConnection({ databaseUrl: dbUrl.toString(), single: options.single });
    conn = {
      ...inner,
      close: async () => {
        await inner.close();
        await adminQuery(url, `drop database if exists ${name} with (force)`);
      },
    };
  } else {
    conn = await openConnection({ dataDir: null, bulk: options.bulk });
  }
  await conn.migrate();
  if (options.sample !== false) await loadSampleData(conn.db);
  return conn;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The outbox a server on the default PUBLIC_URL writes, for tests that call the db writes directly. */
export const TEST_OUTBOX = shiftOutbox("http://localhost:3000");
