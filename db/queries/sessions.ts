import { gt, isNull, max, sql } from "drizzle-orm";
import type { Database } from "../client";
import { sessionRevocations } from "../schema";
import type { RevocationList } from "../../lib/session-revocations";

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

/** Signs one session out on the server: its cookie no longer reads or writes, here or on another instance. */
export async function revokeSession(db: Database, sessionId: string, expiresAt: Date): Promise<void> {
  await db.insert(sessionRevocations).values({ sessionId, expiresAt });
}

/** Signs every session issued until now out; returns the moment, which later sessions are issued after. */
export async function revokeAllSessions(db: Database, lifetimeMs: number): Promise<Date> {
  const [row] = await db
    .insert(sessionRevocations)
    .values({ sessionId: null, expiresAt: sql`now() + ${`${lifetimeMs} milliseconds`}::interval` })
    .returning({ revokedAt: sessionRevocations.revokedAt });
  if (!row) throw new Error("revocation insert returned nothing");
  return row.revokedAt;
}
