import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import {
  BROKEN_AFTER_FAILURES,
  DEFAULT_INTERVAL_MINUTES,
  type SourceItem,
  type SourcePatchBody,
} from "../../contracts/sources";
import { Problem } from "../../domain/errors";
import { minutesUntilNextPoll } from "../../domain/sources";
import { type Database, queryRows } from "../client";
import { type Source, sourceItems, sources, topics } from "../schema";
import { resolveTopicId } from "./filters";
import { queueEvent } from "./webhooks";

/**
 * Sources: the feeds the poller follows (db/schema/sources.ts). Registering, listing, pausing and removing them;
 * the poller's lease (claimDueSource, claimSource), what each poll did (recordPoll) and which items it has seen
 * (seenKeys, recordItem), so that an item is never added twice, across restarts and servers.
 */

/** A source as the poll reads it: its row and its topic's slug. */
export type PollableSource = Source & { topic: string };

const columns = {
  id: sources.id,
  name: sources.name,
  url: sources.url,
  topic: topics.slug,
  topicId: sources.topicId,
  language: sources.language,
  match: sources.match,
  intervalMinutes: sources.intervalMinutes,
  active: sources.active,
  lastPolledAt: sources.lastPolledAt,
  lastStatus: sources.lastStatus,
  lastError: sources.lastError,
  consecutiveFailures: sources.consecutiveFailures,
  itemsSeen: sources.itemsSeen,
  reportsAdded: sources.reportsAdded,
  itemsSkipped: sources.itemsSkipped,
  nextPollAt: sources.nextPollAt,
  createdAt: sources.createdAt,
};

const selectSources = (db: Database) =>
  db.select(columns).from(sources).innerJoin(topics, eq(topics.id, sources.topicId));

type Row = Awaited<ReturnType<typeof selectSources>>[number];

function toItem(r: Row): SourceItem {
  return {
    ...r,
    lastStatus: r.lastStatus as SourceItem["lastStatus"],
    lastPolledAt: r.lastPolledAt?.toISOString() ?? null,
    nextPollAt: r.nextPollAt?.toISOString() ?? null,
    createdAt: r.createdAt.toISOString(),
    broken: r.consecutiveFailures >= BROKEN_AFTER_FAILURES,
  };
}

/** Every source, oldest first. */
export async function listSources(db: Database): Promise<{ items: SourceItem[] }> {
  const rows = await selectSources(db).orderBy(asc(sources.id));
  return { items: rows.map(toItem) };
}

/** One source (a Problem not_found when there is none). */
export async function getSource(db: Database, id: number): Promise<SourceItem> {
  const [row] = await selectSources(db).where(eq(sources.id, id));
  if (!row) throw new Problem("not_found", `No source with id ${id}`);
  return toItem(row);
}

export type NewSource = {
  url: string;
  /** The topic's id or slug. */
  topic: string | number;
  name: string;
  language?: string | null;
  match?: string[] | null;
  intervalMinutes?: number;
};

/**
 * Registers a feed under a topic, due at once (the poller adds its current items on its next round). The same
 * URL twice on one topic is a conflict naming the source that has it; an unknown topic is invalid.
 */
export async function createSource(db: Database, input: NewSource): Promise<SourceItem> {
  const topicId = await resolveTopicId(db, String(input.topic));
  const [row] = await db
    .insert(sources)
    .values({
      topicId,
      url: input.url,
      name: input.name,
      language: input.language ?? null,
      match: input.match?.length ? input.match : null,
      intervalMinutes: input.intervalMinutes ?? DEFAULT_INTERVAL_MINUTES,
      nextPollAt: sql`now()`,
    })
    .onConflictDoNothing({ target: [sources.url, sources.topicId] })
    .returning({ id: sources.id });
  if (row) return getSource(db, row.id);
  const [taken] = await db
    .select({ id: sources.id, name: sources.name })
    .from(sources)
    .where(and(eq(sources.url, input.url), eq(sources.topicId, topicId)));
  throw new Problem(
    "conflict",
    `This feed is already source ${taken?.id ?? "?"} ("${taken?.name ?? ""}") of this topic: change that one instead`,
    { details: { sourceId: taken?.id ?? null } },
  );
}

/**
 * Changes a source: pausing clears its next poll, resuming makes it due at once; a new interval counts from its
 * last poll. Match terms null or [] mean none (the topic's parties decide).
 */
export async function patchSource(db: Database, id: number, patch: SourcePatchBody): Promise<SourceItem> {
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(sources).where(eq(sources.id, id)).for("update");
    if (!current) throw new Problem("not_found", `No source with id ${id}`);
    const active = patch.active ?? current.active;
    const interval = patch.intervalMinutes ?? current.intervalMinutes;
    const nextPollAt = !active
      ? null
      : !current.active
        ? sql`now()`
        : patch.intervalMinutes !== undefined
          ? sql`coalesce(${sources.lastPolledAt}, now()) + ${minutesUntilNextPoll(interval, current.consecutiveFailures)} * interval '1 minute'`
          : undefined;
    await tx
      .update(sources)
      .set({
        active,
        intervalMinutes: interval,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.match !== undefined ? { match: patch.match?.length ? patch.match : null } : {}),
        ...(nextPollAt !== undefined ? { nextPollAt } : {}),
      })
      .where(eq(sources.id, id));
  });
  return getSource(db, id);
}

/** Removes a source and its item log; the reports it added stay (no longer linked to it). */
export async function deleteSource(db: Database, id: number): Promise<void> {
  const gone = await db.delete(sources).where(eq(sources.id, id)).returning({ id: sources.id });
  if (gone.length === 0) throw new Problem("not_found", `No source with id ${id}`);
}

async function pollable(db: Database, id: number): Promise<PollableSource | null> {
  const [row] = await db
    .select({ source: sources, topic: topics.slug })
    .from(sources)
    .innerJoin(topics, eq(topics.id, sources.topicId))
    .where(eq(sources.id, id));
  return row ? { ...row.source, topic: row.topic } : null;
}

const leaseFor = (leaseMs: number) => sql`now() + ${`${Math.max(1, Math.round(leaseMs))} milliseconds`}::interval`;

/**
 * Takes the lease of the active source that has been due longest, for `leaseMs`, or null when none is due. The
 * row is locked and skipped by a concurrent claim (`for update skip locked`), and leased rows are left out, so
 * two servers on one PostgreSQL never poll one source at once.
 */
export async function claimDueSource(db: Database, leaseMs: number): Promise<PollableSource | null> {
  const [claimed] = await queryRows<{ id: number }>(
    db,
    sql`update ${sources} set lease_until = ${leaseFor(leaseMs)}
        where id = (
          select id from ${sources}
          where active and next_poll_at <= now() and (lease_until is null or lease_until < now())
          order by next_poll_at, id
          limit 1
          for update skip locked)
        returning id`,
  );
  return claimed ? pollable(db, claimed.id) : null;
}

/**
 * Takes the lease of one source, paused or not, for a poll asked for by hand: `busy` while another poll holds
 * it, a Problem not_found when there is no such source.
 */
export async function claimSource(db: Database, id: number, leaseMs: number): Promise<PollableSource | "busy"> {
  const [claimed] = await queryRows<{ id: number }>(
    db,
    sql`update ${sources} set lease_until = ${leaseFor(leaseMs)}
        where id = ${id} and (lease_until is null or lease_until < now())
        returning id`,
  );
  if (claimed) {
    const found = await pollable(db, id);
    if (found) return found;
  }
  const [exists] = await db.select({ id: sources.id }).from(sources).where(eq(sources.id, id));
  if (!exists) throw new Problem("not_found", `No source with id ${id}`);
  return "busy";
}

/** What one poll of the feed came to. */
export type PollOutcome =
  /** The feed was read (or answered 304): its validators for the next conditional request. */
  | { ok: true; etag: string | null; lastModified: string | null }
  /** The feed failed (unreachable, an HTTP error, not a feed): counts towards broken. */
  | { ok: false; error: string }
  /**
   * The poll failed on the server (the database, a bug), not the feed: shown, backed off as the failures so
   * far say, but not counted, so it can neither break a source nor take the place of the failure that sends
   * `source.failed`.
   */
  | { ok: false; error: string; server: true };

/** What the outbox writes when a source has just broken: handed in by the server (null: nothing is sent). */
export type SourceOutbox = {
  event: string;
  payload(
    source: { id: number; name: string; url: string; topic: string },
    failures: number,
    error: string,
  ): Record<string, unknown>;
} | null;

/**
 * Records a poll and releases the lease: its status and error, failures in a row, and the next poll (the
 * interval, doubled for each failure past the first up to six hours: domain/sources.ts; none while paused).
 * The failure that makes BROKEN_AFTER_FAILURES in a row queues the outbox's event to every active webhook in
 * this same transaction, once per breakage. Returns the failures in a row.
 */
export async function recordPoll(
  db: Database,
  id: number,
  outcome: PollOutcome,
  outbox: SourceOutbox,
): Promise<{ consecutiveFailures: number; broke: boolean }> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ source: sources, topic: topics.slug })
      .from(sources)
      .innerJoin(topics, eq(topics.id, sources.topicId))
      .where(eq(sources.id, id))
      .for("update", { of: sources });
    if (!current) throw new Problem("not_found", `No source with id ${id}`);
    const { source } = current;
    const serverSide = !outcome.ok && "server" in outcome;
    const failures = outcome.ok ? 0 : serverSide ? source.consecutiveFailures : source.consecutiveFailures + 1;
    const minutes = minutesUntilNextPoll(source.intervalMinutes, failures);
    await tx
      .update(sources)
      .set({
        lastPolledAt: sql`now()`,
        lastStatus: outcome.ok ? "ok" : "error",
        lastError: outcome.ok ? null : outcome.error,
        consecutiveFailures: failures,
        ...(outcome.ok ? { etag: outcome.etag, lastModified: outcome.lastModified } : {}),
        nextPollAt: source.active ? sql`now() + ${minutes} * interval '1 minute'` : null,
        leaseUntil: null,
      })
      .where(eq(sources.id, id));
    const broke = !outcome.ok && !serverSide && failures === BROKEN_AFTER_FAILURES;
    if (broke && outbox) {
      const subject = { id: source.id, name: source.name, url: source.url, topic: current.topic };
      await queueEvent(tx, outbox.event, outbox.payload(subject, failures, outcome.error));
    }
    return { consecutiveFailures: failures, broke };
  });
}

/** Pushes a lease on while its poll goes on from item to item, so a long poll never outlives it. */
export async function renewLease(db: Database, id: number, leaseMs: number): Promise<void> {
  await db
    .update(sources)
    .set({ leaseUntil: leaseFor(leaseMs) })
    .where(eq(sources.id, id));
}

/** Lets go of a lease without recording a poll (a poll that could not start). */
export async function releaseSource(db: Database, id: number): Promise<void> {
  await db.update(sources).set({ leaseUntil: null }).where(eq(sources.id, id));
}

/** The keys among `keys` this source has already dealt with (an item that failed is not: it is tried again). */
export async function seenKeys(db: Database, sourceId: number, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ key: sourceItems.key })
    .from(sourceItems)
    .where(
      and(eq(sourceItems.sourceId, sourceId), inArray(sourceItems.key, [...keys]), ne(sourceItems.outcome, "failed")),
    );
  return new Set(rows.map((r) => r.key));
}

/**
 * The links among `links` this source has already dealt with: an item whose GUID changed (a CMS publishing it
 * again, an Atom id on update) is still the same article at the same address.
 */
export async function seenLinks(db: Database, sourceId: number, links: readonly string[]): Promise<Set<string>> {
  if (links.length === 0) return new Set();
  const rows = await db
    .select({ link: sourceItems.link })
    .from(sourceItems)
    .where(
      and(eq(sourceItems.sourceId, sourceId), inArray(sourceItems.link, [...links]), ne(sourceItems.outcome, "failed")),
    );
  return new Set(rows.flatMap((r) => (r.link ? [r.link] : [])));
}

export type ItemOutcome = "added" | "duplicate" | "skipped" | "failed";

export type SourceItemRecord = {
  key: string;
  link: string | null;
  outcome: ItemOutcome;
  reportId?: number | null;
  contentHash?: string | null;
  reason?: string | null;
};

/**
 * Writes what became of an item inside the caller's transaction (the report's own, for an item added), and
 * counts it on its source: seen, added, skipped. An item seen already is left as it is; one that failed before
 * is overwritten. A failed item is logged but not counted (it is tried again at the next poll).
 */
export async function writeSourceItem(tx: Database, sourceId: number, item: SourceItemRecord): Promise<boolean> {
  const values = {
    link: item.link,
    outcome: item.outcome,
    reportId: item.reportId ?? null,
    contentHash: item.contentHash ?? null,
    reason: item.reason ?? null,
    seenAt: sql`now()`,
  };
  const [written] = await tx
    .insert(sourceItems)
    .values({ sourceId, key: item.key, ...values })
    .onConflictDoUpdate({
      target: [sourceItems.sourceId, sourceItems.key],
      set: values,
      setWhere: eq(sourceItems.outcome, "failed"),
    })
    .returning({ id: sourceItems.id });
  if (!written) return false;
  if (item.outcome !== "failed") {
    await tx
      .update(sources)
      .set({
        itemsSeen: sql`${sources.itemsSeen} + 1`,
        ...(item.outcome === "added" ? { reportsAdded: sql`${sources.reportsAdded} + 1` } : {}),
        ...(item.outcome === "skipped" ? { itemsSkipped: sql`${sources.itemsSkipped} + 1` } : {}),
      })
      .where(eq(sources.id, sourceId));
  }
  return true;
}

/** The same, in a transaction of its own: for an item that is not added (a duplicate, skipped, failed). */
export function recordItem(db: Database, sourceId: number, item: SourceItemRecord): Promise<boolean> {
  return db.transaction((tx) => writeSourceItem(tx, sourceId, item));
}
