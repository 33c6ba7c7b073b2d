import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { reports } from "./reports";
import { sources } from "./sources";

// Each item of a source's feed, once: by its GUID, else its link. What became of it (added as a report, already
// stored, left out and why); an item whose article could not be fetched is `failed` and tried again.
export const sourceItems = pgTable(
  "source_items",
  {
    id: serial("id").primaryKey(),
    sourceId: integer("source_id")
      .notNull()
      .references(() => sources.id, { onDelete: "cascade" }),
    // The item's GUID, or its link when it has none.
    key: text("key").notNull(),
    link: text("link"),
    reportId: integer("report_id").references(() => reports.id, { onDelete: "set null" }),
    // sha256 of the text that was coded (as reports.content_hash).
    contentHash: text("content_hash"),
    outcome: text("outcome").notNull(),
    reason: text("reason"),
    seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("source_items_key_uq").on(t.sourceId, t.key),
    index("source_items_link_idx").on(t.sourceId, t.link),
    check("source_items_outcome", sql`${t.outcome} in ('added', 'duplicate', 'skipped', 'failed')`),
  ],
);

export type SourceItemRow = typeof sourceItems.$inferSelect;
