import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { datePrecisionEnum } from "./enums";
import { sources } from "./sources";
import { topics } from "./topics";

export const reports = pgTable(
  "reports",
  {
    id: serial("id").primaryKey(),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "restrict" }),
    title: text("title").notNull(),
    outlet: text("outlet").notNull(),
    // With month precision the day is stored as 01 and shown as the month only.
    publishedOn: date("published_on", { mode: "string" }).notNull(),
    publishedPrecision: datePrecisionEnum("published_precision").notNull().default("day"),
    url: text("url"),
    language: text("language").notNull().default("en"),
    body: text("body").notNull(),
    // sha256 of the normalised body: the same text is never stored twice.
    contentHash: text("content_hash").notNull(),
    // The feed it came from (db/schema/sources.ts), when a source added it; its page links back.
    sourceId: integer("source_id").references(() => sources.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique("reports_content_hash_uq").on(t.contentHash),
    // listReports: newest first with keyset pagination, optionally within one topic.
    index("reports_topic_published_idx").on(t.topicId, t.publishedOn.desc(), t.id.desc()),
    // listReports without a topic filter: newest first with keyset pagination.
    index("reports_published_idx").on(t.publishedOn.desc(), t.id.desc()),
    // The outlet filter of listReports and listStances matches case-insensitively.
    index("reports_outlet_idx").on(sql`lower(${t.outlet})`),
    // A source's delete sets its reports' source_id to null: found by this index, not a scan.
    index("reports_source_idx").on(t.sourceId),
  ],
);

export type Report = typeof reports.$inferSelect;
export type NewReport = typeof reports.$inferInsert;
