import { sql } from "drizzle-orm";
import type { Database } from "../client";

/** A round trip to the database, with its time. */
export async function checkDatabase(db: Database): Promise<{ latencyMs: number }> {
  const started = performance.now();
  await db.execute(sql`select 1`);
  return { latencyMs: Math.round((performance.now() - started) * 10) / 10 };
}
