import { boolean, date, index, integer, pgTable, serial, text, unique } from "drizzle-orm/pg-core";
import { actorKindEnum, aliasKindEnum } from "./enums";

export const actors = pgTable("actors", {
  id: serial("id").primaryKey(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  kind: actorKindEnum("kind").notNull(),
  // The default actors are the ones the dashboard shows when no country is chosen.
  isDefault: boolean("is_default").notNull().default(false),
  sortOrder: integer("sort_order").notNull().default(100),
  // Optional chart colour; the UI falls back to its palette.
  color: text("color"),
});

export const actorAliases = pgTable(
  "actor_aliases",
  {
    id: serial("id").primaryKey(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => actors.id, { onDelete: "cascade" }),
    alias: text("alias").notNull(),
    kind: aliasKindEnum("kind").notNull(),
    language: text("language"),
    // An official speaks for the actor only while in office.
    validFrom: date("valid_from", { mode: "string" }),
    validTo: date("valid_to", { mode: "string" }),
    role: text("role"),
  },
  (t) => [
    unique("actor_aliases_actor_alias_from_uq").on(t.actorId, t.alias, t.validFrom).nullsNotDistinct(),
    // Loading one actor's aliases for the coder and the actors API.
    index("actor_aliases_actor_idx").on(t.actorId),
  ],
);

export type Actor = typeof actors.$inferSelect;
export type NewActor = typeof actors.$inferInsert;
export type ActorAlias = typeof actorAliases.$inferSelect;
export type NewActorAlias = typeof actorAliases.$inferInsert;
