import { index, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

// Signed-in browsers that may no longer read or write: one row per session signed out (its id), and one row
// without an id for each "sign out everywhere" (every session issued before it). A row is kept until the
// sessions it names would have expired anyway.
export const sessionRevocations = pgTable(
  "session_revocations",
  {
    id: serial("id").primaryKey(),
    sessionId: text("session_id"),
    revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  // Each server reads the revocations still in force.
  (t) => [index("session_revocations_expires_idx").on(t.expiresAt)],
);
