import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, serial, text, timestamp, unique } from "drizzle-orm/pg-core";
import { topics } from "./topics";

// A feed (RSS, Atom or JSON Feed) whose new articles become reports of a topic: its settings, the state of its
// polling (conditional-request validators, the last outcome, failures in a row, counts) and the lease that keeps
// two servers on one PostgreSQL from polling it at once.
export const sources = pgTable(
  "sources",
  {
    id: serial("id").primaryKey(),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "restrict" }),
    url: text("url").notNull(),
    // The outlet of the reports it adds.
    name: text("name").notNull(),
    // null: detected per article.
    language: text("language"),
    // null: an item must name one of the topic's parties.
    match: text("match").array(),
    intervalMinutes: integer("interval_minutes").notNull().default(30),
    active: boolean("active").notNull().default(true),
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastPolledAt: timestamp("last_polled_at", { withTimezone: true }),
    lastStatus: text("last_status"),
    lastError: text("last_error"),
    consecutiveFailures: integer("consecutive_failures").notNull().default(0),
    itemsSeen: integer("items_seen").notNull().default(0),
    reportsAdded: integer("reports_added").notNull().default(0),
    itemsSkipped: integer("items_skipped").notNull().default(0),
    // When the poller takes it next; null while paused.
    nextPollAt: timestamp("next_poll_at", { withTimezone: true }).defaultNow(),
    // Set by the poll that holds it; another server skips it until then.
    leaseUntil: timestamp("lease_until", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One feed once per topic (the same feed may serve two topics, each with its own match terms).
    unique("sources_url_topic_uq").on(t.url, t.topicId),
    check("sources_last_status", sql`${t.lastStatus} in ('ok', 'error')`),
    check("sources_interval", sql`${t.intervalMinutes} >= 1`),
    // The poller's claim: active sources that are due, the earliest first.
    index("sources_due_idx").on(t.nextPollAt).where(sql`${t.active}`),
  ],
);

export type Source = typeof sources.$inferSelect;
