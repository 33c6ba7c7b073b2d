import { boolean, date, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { datePrecisionEnum, stanceEnum } from "./enums";

/**
 * Aggregates of the codings, kept by triggers on `codings` in the same transaction as every write (see the
 * SQL in db/migrations/0002_rollups.sql), so that summaries, alignment and shifts read thousands of rows
 * instead of a million. Rejected codings count in none of them. They hold ids only: titles, outlets and
 * dates of reports and cited sources are joined when read. `rebuild_rollups()` recomputes them all.
 */

const counts = {
  support: integer("support").notNull().default(0),
  neutral: integer("neutral").notNull().default(0),
  condemn: integer("condemn").notNull().default(0),
};

/** Stance counts per actor, topic and statement date (with its precision): the timeline, `by=day`. */
export const rollupDays = pgTable(
  "rollup_days",
  {
    actorId: integer("actor_id").notNull(),
    topicId: integer("topic_id").notNull(),
    statementDate: date("statement_date", { mode: "string" }).notNull(),
    statementDatePrecision: datePrecisionEnum("statement_date_precision").notNull(),
    ...counts,
  },
  (t) => [
    primaryKey({ columns: [t.actorId, t.topicId, t.statementDate, t.statementDatePrecision] }),
    // Dates in order: the day count a summary checks against maxGroups stops one past it.
    index("rollup_days_date_idx").on(t.statementDate, t.actorId),
  ],
);

/** Stance counts per actor, topic and month of the statement date: `by=month`, when no date cuts a month. */
export const rollupMonths = pgTable(
  "rollup_months",
  {
    actorId: integer("actor_id").notNull(),
    topicId: integer("topic_id").notNull(),
    /** The first day of the month. */
    month: date("month", { mode: "string" }).notNull(),
    ...counts,
  },
  (t) => [primaryKey({ columns: [t.actorId, t.topicId, t.month] })],
);

/**
 * Each actor's stance in each report, reduced by the codebook (explicit beats neutral, then the later
 * statement): what alignment compares.
 */
export const reportActorStances = pgTable(
  "report_actor_stances",
  {
    reportId: integer("report_id").notNull(),
    actorId: integer("actor_id").notNull(),
    topicId: integer("topic_id").notNull(),
    stance: stanceEnum("stance").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reportId, t.actorId] }),
    index("report_actor_stances_actor_idx").on(t.actorId, t.reportId),
    // A topic's reports in id order: the report count a summary checks against maxGroups.
    index("report_actor_stances_topic_idx").on(t.topicId, t.reportId),
  ],
);

/** Per topic and pair of actors (lower id first): reports coding both, and how many of them with one stance. */
export const rollupAlignment = pgTable(
  "rollup_alignment",
  {
    topicId: integer("topic_id").notNull(),
    actorLo: integer("actor_lo").notNull(),
    actorHi: integer("actor_hi").notNull(),
    reports: integer("reports").notNull().default(0),
    same: integer("same").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.actorLo, t.actorHi] })],
);

/**
 * Each actor's stance on a topic per statement date (a month-only date is its own bucket, before the days of
 * its month), with the coding that carries it: shifts are where consecutive buckets differ.
 */
export const actorDayStances = pgTable(
  "actor_day_stances",
  {
    actorId: integer("actor_id").notNull(),
    topicId: integer("topic_id").notNull(),
    bucketDate: date("bucket_date", { mode: "string" }).notNull(),
    /** False for a month-only bucket, so that it sorts before the days of its month. */
    byDay: boolean("by_day").notNull(),
    stance: stanceEnum("stance").notNull(),
    codingId: integer("coding_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.actorId, t.topicId, t.bucketDate, t.byDay] })],
);

/**
 * Each shift: a date bucket whose stance differs from the actor's previous bucket on the topic, with the
 * codings that carry both sides. Kept by a trigger on actor_day_stances (db/migrations/0005_rollup_shifts.sql),
 * so that a page of shifts reads its rows newest first instead of a window over every bucket.
 */
export const rollupShifts = pgTable(
  "rollup_shifts",
  {
    actorId: integer("actor_id").notNull(),
    topicId: integer("topic_id").notNull(),
    bucketDate: date("bucket_date", { mode: "string" }).notNull(),
    byDay: boolean("by_day").notNull(),
    fromStance: stanceEnum("from_stance").notNull(),
    toStance: stanceEnum("to_stance").notNull(),
    beforeId: integer("before_id").notNull(),
    afterId: integer("after_id").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.actorId, t.topicId, t.bucketDate, t.byDay] }),
    index("rollup_shifts_bucket_idx").on(t.bucketDate, t.byDay),
  ],
);

/** Reports per topic and outlet (as written): the topic list's report counts and the outlet list's. */
export const rollupReports = pgTable(
  "rollup_reports",
  {
    topicId: integer("topic_id").notNull(),
    outlet: text("outlet").notNull(),
    reports: integer("reports").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.outlet] })],
);

/** Codings (of any status) that cite each cited source, with its outlet: which citations a coding rests on. */
export const rollupCitedSources = pgTable("rollup_cited_sources", {
  citedSourceId: integer("cited_source_id").primaryKey(),
  outlet: text("outlet").notNull(),
  codings: integer("codings").notNull().default(0),
});

/**
 * Per topic and cited outlet (as written), how many cited sources at least one coding rests on. Per topic, so
 * that a write touches only rows of its own topic, under that topic's lock.
 */
export const rollupCitedOutlets = pgTable(
  "rollup_cited_outlets",
  {
    topicId: integer("topic_id").notNull(),
    outlet: text("outlet").notNull(),
    citations: integer("citations").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.outlet] })],
);
