import { jsonb, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";

export const topics = pgTable("topics", {
  id: serial("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  title: text("title").notNull(),
  // The party whose action is judged; stances are support or condemnation of its action.
  actingParty: text("acting_party").notNull(),
  actingPartyAliases: text("acting_party_aliases").array().notNull().default([]),
  // The parties the action is aimed at, each with extra names: the coder's "opponent" side.
  targetParties: jsonb("target_parties").$type<{ name: string; aliases: string[] }[]>().notNull().default([]),
  description: text("description"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Topic = typeof topics.$inferSelect;
export type NewTopic = typeof topics.$inferInsert;
