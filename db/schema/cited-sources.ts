import { sql } from "drizzle-orm";
import { date, index, integer, pgTable, serial, text, unique } from "drizzle-orm/pg-core";
import { datePrecisionEnum } from "./enums";
import { reports } from "./reports";

// An inline citation such as "(Al Jazeera, September 25)" inside a report's body.
export const citedSources = pgTable(
  "cited_sources",
  {
    id: serial("id").primaryKey(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    outlet: text("outlet").notNull(),
    citedOn: date("cited_on", { mode: "string" }).notNull(),
    precision: datePrecisionEnum("precision").notNull().default("day"),
    // The citation's own text and where it sits in the body.
    citation: text("citation").notNull(),
    start: integer("start").notNull(),
    end: integer("end").notNull(),
  },
  (t) => [
    unique("cited_sources_report_start_uq").on(t.reportId, t.start, t.outlet),
    // getReport: a report's citations in text order.
    index("cited_sources_report_idx").on(t.reportId, t.start),
    // The outlet filter also matches statements cited to that outlet.
    index("cited_sources_outlet_idx").on(sql`lower(${t.outlet})`),
  ],
);

export type CitedSource = typeof citedSources.$inferSelect;
export type NewCitedSource = typeof citedSources.$inferInsert;
