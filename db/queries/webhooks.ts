import { randomBytes } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { DeliveryAttempt, DeliveryItem, ShiftItem, WebhookItem } from "../../contracts/responses";
import type { NewWebhookBody } from "../../contracts/webhooks";
import { Problem } from "../../domain/errors";
import { shiftsNowMeeting } from "../../domain/shifts";
import { type Database, queryRows } from "../client";
import { webhookDeliveries, webhooks } from "../schema";
import { shiftsOf } from "./shifts";

function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

export async function listWebhooks(db: Database): Promise<{ items: WebhookItem[] }> {
  const rows = await db
    .select({
      id: webhooks.id,
      url: webhooks.url,
      description: webhooks.description,
      active: webhooks.active,
      minConfidence: webhooks.minConfidence,
      reviewed: webhooks.reviewed,
      createdAt: webhooks.createdAt,
      pending: sql<number>`count(${webhookDeliveries.id}) filter (where ${webhookDeliveries.state} = 'pending')::int`,
      delivered: sql<number>`count(${webhookDeliveries.id}) filter (where ${webhookDeliveries.state} = 'delivered')::int`,
      failed: sql<number>`count(${webhookDeliveries.id}) filter (where ${webhookDeliveries.state} = 'failed')::int`,
    })
    .from(webhooks)
    .leftJoin(webhookDeliveries, eq(webhookDeliveries.webhookId, webhooks.id))
    .groupBy(webhooks.id)
    .orderBy(webhooks.id);
  return {
    items: rows.map(({ pending, delivered, failed, createdAt, minConfidence, ...w }) => ({
      ...w,
      minConfidence: roundConfidence(minConfidence),
      createdAt: createdAt.toISOString(),
      deliveries: { pending, delivered, failed },
    })),
  };
}

/** A real column read back as the number that was written (0.7, not 0.699999988). */
function roundConfidence(v: number | null): number | null {
  return v === null ? null : Math.round(v * 1000) / 1000;
}

/** Registers a URL; the answer carries the signing secret, shown this once. */
export async function createWebhook(db: Database, body: NewWebhookBody): Promise<WebhookItem & { secret: string }> {
  const [row] = await db
    .insert(webhooks)
    .values({
      url: body.url,
      description: body.description ?? null,
      minConfidence: body.minConfidence ?? null,
      reviewed: body.reviewed ?? false,
      secret: newSecret(),
    })
    .returning();
  if (!row) throw new Error("webhook insert returned nothing");
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    active: row.active,
    minConfidence: roundConfidence(row.minConfidence),
    reviewed: row.reviewed,
    createdAt: row.createdAt.toISOString(),
    deliveries: { pending: 0, delivered: 0, failed: 0 },
    secret: row.secret,
  };
}

/** Removes a webhook and its delivery log. */
export async function deleteWebhook(db: Database, id: number): Promise<void> {
  const gone = await db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id });
  if (gone.length === 0) throw new Problem("not_found", `No webhook with id ${id}`);
}

/** A webhook's delivery log, newest first: what was sent, every try and what answered. */
export async function listDeliveries(db: Database, webhookId: number, limit = 50): Promise<{ items: DeliveryItem[] }> {
  const [hook] = await db.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.id, webhookId));
  if (!hook) throw new Problem("not_found", `No webhook with id ${webhookId}`);
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
    .limit(limit);
  return {
    items: rows.map((r) => ({
      id: r.id,
      webhookId: r.webhookId,
      event: r.event,
      shiftId: r.shiftId,
      state: r.state as DeliveryItem["state"],
      payload: r.payload,
      attempts: r.attempts,
      nextAttemptAt: r.state === "pending" ? r.nextAttemptAt.toISOString() : null,
      createdAt: r.createdAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
    })),
  };
}

/** The first key of the advisory lock that orders shift-creating writes per topic. */
const SHIFT_LOCK = 7_041_917;

export type ShiftScope = { topicId: number; actorIds: readonly number[] };

/** What the outbox writes for a shift: its event and payload. The server gives it (the payload's links carry the site's public address). */
export type ShiftOutbox = {
  event: string;
  payload(shift: ShiftItem, reason: "new" | "standing"): Record<string, unknown>;
};

/** For the sample data, loaded before any webhook can exist: the write queues no delivery and takes no lock. */
export const NO_WEBHOOKS: ShiftOutbox = Object.freeze({ event: "none", payload: () => ({}) });

/**
 * Runs a write (inside the caller's transaction) and queues a delivery to every active webhook for each shift
 * the write made one that webhook wants, in that same transaction: a committed shift is never lost, a failed
 * write sends nothing, and nobody waits for a receiver. A shift is wanted when it is new, or when it already
 * stood but now meets the webhook's standing (its second coding confirmed, say); each shift reaches a webhook
 * once, whatever happens to it later. Without webhooks it is just the write.
 */
export async function withShiftOutbox<T>(
  tx: Database,
  scope: ShiftScope,
  outbox: ShiftOutbox,
  write: () => Promise<T>,
): Promise<T> {
  if (outbox === NO_WEBHOOKS) return write();
  // Key share: a webhook deleted meanwhile waits for this write, so the deliveries below never lose their row.
  const hooks = await tx
    .select({ id: webhooks.id, minConfidence: webhooks.minConfidence, reviewed: webhooks.reviewed })
    .from(webhooks)
    .where(eq(webhooks.active, true))
    .for("key share");
  if (hooks.length === 0) return write();
  // Writes on one topic take turns from here to their commit, so each sees the shifts the previous one made:
  // two reports at once can neither both announce one shift nor both miss one.
  await tx.execute(sql`select pg_advisory_xact_lock(${SHIFT_LOCK}, ${scope.topicId})`);
  const before = await shiftsOf(tx, scope.topicId, scope.actorIds);
  const result = await write();
  const after = await shiftsOf(tx, scope.topicId, scope.actorIds);
  const existed = new Set(before.map((s) => s.id));
  const wanted = hooks.flatMap((h) =>
    shiftsNowMeeting(before, after, { minConfidence: roundConfidence(h.minConfidence), reviewed: h.reviewed }).map(
      (shift) => ({ hook: h.id, shift, reason: existed.has(shift.id) ? ("standing" as const) : ("new" as const) }),
    ),
  );
  if (wanted.length === 0) return result;
  // Shift ids name their topic, so the lock above keeps this check and the insert below from racing.
  const sent = await tx
    .select({ hook: webhookDeliveries.webhookId, shift: webhookDeliveries.shiftId })
    .from(webhookDeliveries)
    .where(
      and(
        inArray(webhookDeliveries.webhookId, [...new Set(wanted.map((w) => w.hook))]),
        inArray(webhookDeliveries.shiftId, [...new Set(wanted.map((w) => w.shift.id))]),
      ),
    );
  const done = new Set(sent.map((d) => `${d.hook}\u0000${d.shift}`));
  const fresh = wanted.filter((w) => !done.has(`${w.hook}\u0000${w.shift.id}`));
  if (fresh.length > 0) {
    await tx.insert(webhookDeliveries).values(
      fresh.map(({ hook, shift, reason }) => ({
        webhookId: hook,
        event: outbox.event,
        shiftId: shift.id,
        payload: outbox.payload(shift, reason),
      })),
    );
  }
  return result;
}

/**
 * Queues one delivery of an event that is not a shift (`source.failed`) to every active webhook, inside the
 * caller's transaction, so it is sent exactly when that write commits; the webhooks' shift filters do not apply.
 * The same signing, retries and delivery log as shifts. Returns how many deliveries were queued.
 */
export async function queueEvent(tx: Database, event: string, payload: Record<string, unknown>): Promise<number> {
  // Key share, as for shifts: a webhook deleted meanwhile waits for this write.
  const hooks = await tx.select({ id: webhooks.id }).from(webhooks).where(eq(webhooks.active, true)).for("key share");
  if (hooks.length === 0) return 0;
  await tx.insert(webhookDeliveries).values(hooks.map((h) => ({ webhookId: h.id, event, shiftId: null, payload })));
  return hooks.length;
}

export type DueDelivery = {
  id: number;
  url: string;
  secret: string;
  event: string;
  payload: unknown;
  attemptCount: number;
};

export type DeliveryStore = {
  /** Claims up to `limit` due deliveries for `leaseMs` (so a second worker skips them). */
  claimDue(limit: number, leaseMs: number): Promise<DueDelivery[]>;
  record(
    id: number,
    attempt: DeliveryAttempt,
    outcome: { state: "pending"; retryInMs: number } | { state: "delivered" | "failed" },
  ): Promise<void>;
};

/** The delivery worker's view of the outbox. */
export function deliveryStore(db: Database): DeliveryStore {
  return {
    async claimDue(limit, leaseMs) {
      // Claimed rows are pushed past the lease, so a second server on the same PostgreSQL skips them.
      return queryRows<DueDelivery>(
        db,
        sql`update ${webhookDeliveries} d
            set next_attempt_at = now() + ${`${leaseMs} milliseconds`}::interval
            from ${webhooks} w
            where w.id = d.webhook_id and d.id in (
              select id from ${webhookDeliveries}
              where state = 'pending' and next_attempt_at <= now()
              order by next_attempt_at, id
              limit ${limit}
              for update skip locked)
            returning d.id, w.url, w.secret, d.event, d.payload, d.attempt_count as "attemptCount"`,
      );
    },
    async record(id, attempt, outcome) {
      await db
        .update(webhookDeliveries)
        .set({
          state: outcome.state,
          attempts: sql`${webhookDeliveries.attempts} || ${JSON.stringify([attempt])}::jsonb`,
          attemptCount: sql`${webhookDeliveries.attemptCount} + 1`,
          // The database's clock, as the claim uses it.
          ...(outcome.state === "pending"
            ? { nextAttemptAt: sql`now() + ${`${outcome.retryInMs} milliseconds`}::interval` }
            : { finishedAt: sql`now()` }),
        })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.state, "pending")));
    },
  };
}
