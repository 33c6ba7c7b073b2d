import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, real, serial, text, timestamp } from "drizzle-orm/pg-core";
import type { DeliveryAttempt } from "../../contracts/responses";

// A URL an analyst registered to hear about new stance shifts.
export const webhooks = pgTable(
  "webhooks",
  {
    id: serial("id").primaryKey(),
    url: text("url").notNull(),
    description: text("description"),
    // Signs each delivery (HMAC-SHA256 of the body) so the receiver can tell it came from this server.
    secret: text("secret").notNull(),
    active: boolean("active").notNull().default(true),
    // Only shifts whose two codings are both at least this confident (null: any).
    minConfidence: real("min_confidence"),
    // Only shifts whose two codings an analyst confirmed, corrected or coded; such a shift is sent when it
    // becomes reviewed.
    reviewed: boolean("reviewed").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("webhooks_min_confidence_range", sql`${t.minConfidence} >= 0 and ${t.minConfidence} <= 1`)],
);

// The outbox: one row per (webhook, new shift), or per (webhook, other event: a source that broke), written in the
// transaction that made it, then sent and retried with back-off by the delivery worker, so nothing acknowledged is
// lost and no write waits on it.
export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: serial("id").primaryKey(),
    webhookId: integer("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    // The shift a shift.created delivery announces; null for other events (source.failed).
    shiftId: text("shift_id"),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    // pending (to send or retry), delivered (a 2xx answer), failed (out of attempts).
    state: text("state").notNull().default("pending"),
    attempts: jsonb("attempts").$type<DeliveryAttempt[]>().notNull().default(sql`'[]'::jsonb`),
    attemptCount: integer("attempt_count").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [
    check("webhook_deliveries_state", sql`${t.state} in ('pending', 'delivered', 'failed')`),
    // The worker's poll: pending deliveries that are due, oldest first.
    index("webhook_deliveries_due_idx").on(t.state, t.nextAttemptAt),
    // A webhook's delivery log, newest first.
    index("webhook_deliveries_webhook_idx").on(t.webhookId, t.createdAt),
    // A shift is sent to a webhook once: the outbox looks for an earlier delivery of it.
    index("webhook_deliveries_shift_idx").on(t.webhookId, t.shiftId),
  ],
);

export type Webhook = typeof webhooks.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
