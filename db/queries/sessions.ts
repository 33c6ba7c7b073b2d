import { gt, isNull, lt, max, sql } from "drizzle-orm";
import type { Database } from "../client";
import { sessionRevocations } from "../schema";

/** The sessions signed out, as every server keeps them in memory. */
export type RevocationList = {
  /** Session ids signed out, with when they would have expired anyway (ms). */
  sessions: readonly (readonly [string, number])[];
  /** Every session issued at or before this moment (ms) is signed out ("sign out everywhere"). */
  notBeforeMs: number;
};

/** The revocations still in force: the sessions signed out, and the last "sign out everywhere". */
export async function loadRevocations(db: Database): Promise<RevocationList> {
  const [rows, [all]] = await Promise.all([
    db
      .select({ sessionId: sessionRevocations.sessionId, expiresAt: sessionRevocations.expiresAt })
      .from(sessionRevocations)
      .where(gt(sessionRevocations.expiresAt, sql`now()`)),
    db
      .select({ at: max(sessionRevocations.revokedAt) })
      .from(sessionRevocations)
      .where(isNull(sessionRevocations.sessionId)),
  ]);
  return {
    sessions: rows.flatMap((r) => (r.sessionId ? [[r.sessionId, r.expiresAt.getTime()] as const] : [])),
    notBeforeMs: all?.at ? all.at.getTime() : 0,
  };
}

/**
 * Signs one session out on the server: its cookie no longer reads or writes, here or on another instance. Rows
 * whose sessions have expired anyway go at the same time, so the table stays as small as the sessions in force.
 */
export async function revokeSession(db: Database, sessionId: string, expiresAt: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(sessionRevocations).where(lt(sessionRevocations.expiresAt, sql`now()`));
    await tx.insert(sessionRevocations).values({ sessionId, expiresAt });
  });
}

/**
 * Signs every session issued until `at` out. `at` is the app's clock, the one session cookies are stamped
 * with, so that the database's clock (another machine's, on PostgreSQL) never shifts the line.
 */
export async function revokeAllSessions(db: Database, at: Date, lifetimeMs: number): Promise<void> {
  await db
    .insert(sessionRevocations)
    .values({ sessionId: null, revokedAt: at, expiresAt: new Date(at.getTime() + lifetimeMs) });
}
