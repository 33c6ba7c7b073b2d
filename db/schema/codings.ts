import { sql } from "drizzle-orm";
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import type { CodingExplanation } from "../../contracts/responses";
import { actors } from "./actors";
import { citedSources } from "./cited-sources";
import { datePrecisionEnum, reviewStatusEnum, stanceEnum } from "./enums";
import { reports } from "./reports";
import { topics } from "./topics";

// One coded statement: an actor's stance on a topic in a report, with the sentence that proves it.
export const codings = pgTable(
  "codings",
  {
    id: serial("id").primaryKey(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "restrict" }),
    topicId: integer("topic_id")
      .notNull()
      .references(() => topics.id, { onDelete: "restrict" }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    stance: stanceEnum("stance").notNull(),
    // The cited source's date when the sentence cites one, else the report's date (or an analyst's dating).
    statementDate: date("statement_date", { mode: "string" }).notNull(),
    statementDatePrecision: datePrecisionEnum("statement_date_precision").notNull().default("day"),
    evidence: text("evidence").notNull(),
    // UTF-16 code unit offsets into reports.body: body.slice(evidenceStart, evidenceEnd) === evidence.
    evidenceStart: integer("evidence_start").notNull(),
    evidenceEnd: integer("evidence_end").notNull(),
    citedSourceId: integer("cited_source_id").references(() => citedSources.id, { onDelete: "set null" }),
    coder: text("coder").notNull(),
    confidence: real("confidence").notNull(),
    status: reviewStatusEnum("status").notNull().default("auto"),
    explanation: jsonb("explanation").$type<CodingExplanation>(),
    note: text("note"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("codings_confidence_range", sql`${t.confidence} >= 0 and ${t.confidence} <= 1`),
    check("codings_evidence_range", sql`${t.evidenceStart} >= 0 and ${t.evidenceEnd} > ${t.evidenceStart}`),
    // listStances / summarizeStances filtered by actor codes and a statement-date range, keyset on (date, id).
    index("codings_actor_date_idx").on(t.actorId, t.statementDate, t.id),
    // listStances / summarizeStances filtered by topic and a date range.
    index("codings_topic_date_idx").on(t.topicId, t.statementDate, t.id),
    // The review-status filter (e.g. status=auto for the review queue).
    index("codings_status_date_idx").on(t.status, t.statementDate),
    // The review queue: automatic codings, least confident first.
    index("codings_status_confidence_idx").on(t.status, t.confidence, t.id),
    // listStances without filters: keyset pagination by (statement date, id).
    index("codings_date_idx").on(t.statementDate, t.id),
    // getReport: a report's codings; also serves the cascade on report deletion.
    index("codings_report_idx").on(t.reportId),
    // summarizeStances by source joins codings to their cited source.
    index("codings_cited_source_idx").on(t.citedSourceId),
    // One live coding per actor and evidence span of a report: a double-click on "Add coding" stores one.
    uniqueIndex("codings_no_twins_idx")
      .on(t.reportId, t.actorId, t.evidenceStart, t.evidenceEnd)
      .where(sql`${t.status} <> 'rejected'`),
  ],
);

// Every change to a coding: the old and new values, who made it, when and why.
export const codingRevisions = pgTable(
  "coding_revisions",
  {
    id: serial("id").primaryKey(),
    codingId: integer("coding_id")
      .notNull()
      .references(() => codings.id, { onDelete: "cascade" }),
    action: text("action").notNull(),
    changedBy: text("changed_by").notNull(),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
    oldValue: jsonb("old_value").$type<Record<string, unknown>>(),
    newValue: jsonb("new_value").$type<Record<string, unknown>>().notNull(),
    note: text("note"),
  },
  // A coding's history, oldest first.
  (t) => [index("coding_revisions_coding_idx").on(t.codingId, t.changedAt)],
);

export type Coding = typeof codings.$inferSelect;
export type NewCoding = typeof codings.$inferInsert;
export type CodingRevision = typeof codingRevisions.$inferSelect;
