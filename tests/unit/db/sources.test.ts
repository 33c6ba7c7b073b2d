import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { BROKEN_AFTER_FAILURES } from "@/contracts/sources";
import { sourceFailedOutbox } from "@/contracts/webhooks";
import type { Connection, Database } from "@/db/client";
import { createReport, getReport } from "@/db/queries/reports";
import {
  claimDueSource,
  claimSource,
  createSource,
  deleteSource,
  getSource,
  listSources,
  patchSource,
  recordItem,
  recordPoll,
  seenKeys,
  seenLinks,
} from "@/db/queries/sources";
import { createWebhook, deleteWebhook, listDeliveries } from "@/db/queries/webhooks";
import { sourceItems, sources } from "@/db/schema";
import { Problem } from "@/domain/errors";
import { MAX_BACKOFF_MINUTES, minutesUntilNextPoll } from "@/domain/sources";
import { normalizeBody } from "@/domain/text";
import { createTestDatabase, TEST_OUTBOX } from "../../helpers/db";
import { makeTopic } from "../../helpers/factories";

// Sources on the database (PGlite here, PostgreSQL with DATABASE_URL: npm run test:pg): registering, the poller's
// lease, backoff, the item log that keeps an item from being added twice, and the counts.

let conn: Connection;
let db: Database;
let topicId: number;

beforeAll(async () => {
  conn = await createTestDatabase({ sample: false });
  db = conn.db;
  topicId = await makeTopic(db, "sources-topic");
});
afterAll(async () => conn?.close());

let feeds = 0;
const feedUrl = () => `https://ministry.example.org/feed-${++feeds}.xml`;

/** Makes every source not due (so a test claims only its own). */
async function nothingDue() {
  await db.update(sources).set({ nextPollAt: sql`now() + interval '1 day'`, leaseUntil: null });
}

/** Minutes between a source's last poll and its next one, as stored. */
async function minutesToNext(id: number): Promise<number | null> {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  if (!row?.nextPollAt || !row.lastPolledAt) return null;
  return Math.round((row.nextPollAt.getTime() - row.lastPolledAt.getTime()) / 60_000);
}

describe("registering sources", () => {
  test("a source is stored due at once, with its topic's slug, and listed oldest first", async () => {
    const url = feedUrl();
    const made = await createSource(db, {
      url,
      topic: "sources-topic",
      name: "Ministry of Foreign Affairs",
      match: ["Ruritania"],
    });
    expect(made).toMatchObject({
      url,
      topic: "sources-topic",
      topicId,
      name: "Ministry of Foreign Affairs",
      language: null,
      match: ["Ruritania"],
      intervalMinutes: 30,
      active: true,
      lastPolledAt: null,
      lastStatus: null,
      lastError: null,
      consecutiveFailures: 0,
      broken: false,
      itemsSeen: 0,
      reportsAdded: 0,
      itemsSkipped: 0,
    });
    expect(Date.parse(made.nextPollAt as string)).toBeLessThanOrEqual(Date.now() + 5_000);
    const { items } = await listSources(db);
    expect(items.map((s) => s.id)).toContain(made.id);
    expect(await getSource(db, made.id)).toEqual(made);
  });

  test("the same feed twice on one topic is a conflict naming the source; on another topic it is allowed", async () => {
    const url = feedUrl();
    const first = await createSource(db, { url, topic: topicId, name: "Wire", language: "fr", intervalMinutes: 5 });
    const again = createSource(db, { url, topic: "sources-topic", name: "Wire again" });
    await expect(again).rejects.toBeInstanceOf(Problem);
    await expect(again).rejects.toMatchObject({ kind: "conflict", details: { sourceId: first.id } });
    const other = await makeTopic(db, "sources-other-topic");
    expect((await createSource(db, { url, topic: other, name: "Wire" })).topicId).toBe(other);
  });

  test("an unknown topic is invalid; an unknown id is not found", async () => {
    await expect(createSource(db, { url: feedUrl(), topic: "no-such-topic", name: "X" })).rejects.toMatchObject({
      kind: "invalid",
    });
    await expect(getSource(db, 999_999)).rejects.toMatchObject({ kind: "not_found" });
    await expect(patchSource(db, 999_999, { active: false })).rejects.toMatchObject({ kind: "not_found" });
    await expect(deleteSource(db, 999_999)).rejects.toMatchObject({ kind: "not_found" });
  });

  test("pausing clears the next poll, resuming makes it due; match [] is none; a new interval counts from the last poll", async () => {
    const { id } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Desk", match: ["a"] });
    const paused = await patchSource(db, id, { active: false, name: "Desk (paused)", match: [] });
    expect(paused).toMatchObject({ active: false, nextPollAt: null, name: "Desk (paused)", match: null });
    await nothingDue();
    const resumed = await patchSource(db, id, { active: true });
    expect(resumed.active).toBe(true);
    expect(Date.parse(resumed.nextPollAt as string)).toBeLessThanOrEqual(Date.now() + 5_000);
    await recordPoll(db, id, { ok: true, etag: null, lastModified: null }, null);
    await patchSource(db, id, { intervalMinutes: 90 });
    expect(await minutesToNext(id)).toBe(90);
    await deleteSource(db, id);
  });
});

describe("the poller's lease", () => {
  test("two claims at once: exactly one gets the due source; a leased source is not claimed again", async () => {
    await nothingDue();
    const { id } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Leased" });
    const claims = await Promise.all([claimDueSource(db, 60_000), claimDueSource(db, 60_000)]);
    const won = claims.filter((c) => c !== null);
    expect(won).toHaveLength(1);
    expect(won[0]).toMatchObject({ id, topic: "sources-topic", url: expect.any(String) });
    expect(await claimDueSource(db, 60_000)).toBeNull();
    // A poll by hand waits for it: busy until the poll is recorded.
    expect(await claimSource(db, id, 60_000)).toBe("busy");
    await recordPoll(db, id, { ok: true, etag: '"v1"', lastModified: "Mon, 02 Oct 2023 10:00:00 GMT" }, null);
    const [row] = await db.select().from(sources).where(eq(sources.id, id));
    expect(row).toMatchObject({ leaseUntil: null, etag: '"v1"', lastModified: "Mon, 02 Oct 2023 10:00:00 GMT" });
    // Polled: next due after its interval, not now.
    expect(await claimDueSource(db, 60_000)).toBeNull();
    expect(await minutesToNext(id)).toBe(30);
    const byHand = await claimSource(db, id, 60_000);
    expect(byHand).toMatchObject({ id });
    await recordPoll(db, id, { ok: true, etag: null, lastModified: null }, null);
    await expect(claimSource(db, 999_999, 1000)).rejects.toMatchObject({ kind: "not_found" });
  });

  test("a lease that ran out is taken again; paused sources are never claimed", async () => {
    await nothingDue();
    const { id } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Crashed" });
    expect(await claimDueSource(db, 1)).toMatchObject({ id });
    await new Promise((r) => setTimeout(r, 20));
    expect(await claimDueSource(db, 60_000)).toMatchObject({ id });
    await recordPoll(db, id, { ok: true, etag: null, lastModified: null }, null);
    await patchSource(db, id, { active: false });
    await db.update(sources).set({ nextPollAt: sql`now() - interval '1 minute'` }).where(eq(sources.id, id));
    expect(await claimDueSource(db, 60_000)).toBeNull();
    // A paused source polled by hand stays paused.
    await claimSource(db, id, 60_000);
    await recordPoll(db, id, { ok: true, etag: null, lastModified: null }, null);
    expect((await getSource(db, id)).nextPollAt).toBeNull();
  });
});

describe("failures and backoff", () => {
  test("the next poll waits interval × 2^(failures−1), at most six hours", () => {
    expect([0, 1, 2, 3, 4].map((f) => minutesUntilNextPoll(10, f))).toEqual([10, 10, 20, 40, 80]);
    expect(minutesUntilNextPoll(30, 10)).toBe(MAX_BACKOFF_MINUTES);
    expect(minutesUntilNextPoll(1, 100)).toBe(MAX_BACKOFF_MINUTES);
    // A source polled less often than the cap keeps its interval.
    expect(minutesUntilNextPoll(1440, 5)).toBe(1440);
  });

  test("a failure on the server's side is shown but not counted: it neither breaks a source nor hides its breakage", async () => {
    const { id } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Unlucky", intervalMinutes: 10 });
    const feedFails = () =>
      recordPoll(db, id, { ok: false, error: "HTTP 502 from 127.0.0.1:4567" }, sourceFailedOutbox());
    const serverFails = () =>
      recordPoll(db, id, { ok: false, error: "the poll failed on the server", server: true }, sourceFailedOutbox());
    expect(await feedFails()).toEqual({ consecutiveFailures: 1, broke: false });
    expect(await feedFails()).toEqual({ consecutiveFailures: 2, broke: false });
    expect(await serverFails()).toEqual({ consecutiveFailures: 2, broke: false });
    expect(await getSource(db, id)).toMatchObject({ lastStatus: "error", lastError: "the poll failed on the server" });
    // The feed's own third failure still breaks it, and says so.
    expect(await feedFails()).toEqual({ consecutiveFailures: BROKEN_AFTER_FAILURES, broke: true });
  });

  test("errors count up with backoff; the third in a row queues source.failed to each active webhook, once", async () => {
    const hook = await createWebhook(db, { url: "https://hooks.example.org/a" });
    const quiet = await createWebhook(db, { url: "https://hooks.example.org/b" });
    const { id, url } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Flaky", intervalMinutes: 10 });
    const fail = () => recordPoll(db, id, { ok: false, error: "HTTP 500 from 127.0.0.1:4567" }, sourceFailedOutbox());
    const steps: [number, boolean, number | null][] = [];
    for (let i = 0; i < 5; i++) {
      const { consecutiveFailures, broke } = await fail();
      steps.push([consecutiveFailures, broke, await minutesToNext(id)]);
    }
    expect(steps).toEqual([
      [1, false, 10],
      [2, false, 20],
      [BROKEN_AFTER_FAILURES, true, 40],
      [4, false, 80],
      [5, false, 160],
    ]);
    expect(await getSource(db, id)).toMatchObject({
      lastStatus: "error",
      lastError: "HTTP 500 from 127.0.0.1:4567",
      consecutiveFailures: 5,
      broken: true,
    });
    for (const webhook of [hook.id, quiet.id]) {
      const { items } = await listDeliveries(db, webhook);
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        event: "source.failed",
        shiftId: null,
        state: "pending",
        payload: {
          event: "source.failed",
          source: { id, name: "Flaky", url, topic: "sources-topic" },
          consecutiveFailures: BROKEN_AFTER_FAILURES,
          lastError: "HTTP 500 from 127.0.0.1:4567",
          at: expect.any(String),
        },
      });
    }
    // Back to health: the count starts again, and a new breakage is told again.
    await recordPoll(db, id, { ok: true, etag: null, lastModified: null }, sourceFailedOutbox());
    expect(await getSource(db, id)).toMatchObject({
      lastStatus: "ok",
      lastError: null,
      consecutiveFailures: 0,
      broken: false,
    });
    expect(await minutesToNext(id)).toBe(10);
    for (let i = 0; i < BROKEN_AFTER_FAILURES; i++) await fail();
    expect((await listDeliveries(db, hook.id)).items).toHaveLength(2);
    await deleteWebhook(db, hook.id);
    await deleteWebhook(db, quiet.id);
  });
});

/** A report as a source adds it: one transaction with its item's log row. */
async function addFromSource(sourceId: number, key: string, text: string) {
  return createReport(
    db,
    {
      topicId,
      title: `Item ${key}`,
      outlet: "Ministry",
      publishedOn: "2024-05-02",
      publishedPrecision: "day",
      url: `https://ministry.example.org/${key}`,
      language: "en",
      body: normalizeBody(text),
      citations: [],
      codings: [],
      source: { id: sourceId, key, link: `https://ministry.example.org/${key}` },
    },
    "test",
    TEST_OUTBOX,
  );
}

describe("the item log", () => {
  test("items are never taken twice: added, duplicate and skipped are seen; failed is tried again", async () => {
    const { id } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Ministry" });
    const { id: reportId } = await addFromSource(id, "guid-1", "Ruritania closed its border on Monday.");
    await recordItem(db, id, { key: "guid-2", link: null, outcome: "duplicate", reportId, reason: "already stored" });
    await recordItem(db, id, { key: "guid-3", link: null, outcome: "skipped", reason: "names none of the terms" });
    await recordItem(db, id, { key: "guid-4", link: null, outcome: "failed", reason: "HTTP 503 from example.org" });
    const keys = ["guid-1", "guid-2", "guid-3", "guid-4", "guid-5"];
    expect([...(await seenKeys(db, id, keys))].sort()).toEqual(["guid-1", "guid-2", "guid-3"]);
    expect(await getSource(db, id)).toMatchObject({ itemsSeen: 3, reportsAdded: 1, itemsSkipped: 1 });
    // Seen once is seen for good: recording it again changes nothing.
    expect(await recordItem(db, id, { key: "guid-3", link: null, outcome: "skipped" })).toBe(false);
    // The failed one, fetched at the next poll, becomes a report.
    await addFromSource(id, "guid-4", "Ruritania reopened its border on Friday.");
    expect([...(await seenKeys(db, id, keys))].sort()).toEqual(["guid-1", "guid-2", "guid-3", "guid-4"]);
    expect(await getSource(db, id)).toMatchObject({ itemsSeen: 4, reportsAdded: 2, itemsSkipped: 1 });
    const [row] = await db.select().from(sourceItems).where(eq(sourceItems.key, "guid-4"));
    expect(row).toMatchObject({ outcome: "added", reason: null, contentHash: expect.any(String) });
    // The keys are the source's own: another source has seen none of them.
    const other = await createSource(db, { url: feedUrl(), topic: topicId, name: "Other" });
    expect(await seenKeys(db, other.id, keys)).toEqual(new Set());
    // Links: an item seen under one GUID is seen under another at the same address.
    const links = ["https://ministry.example.org/guid-1", "https://ministry.example.org/none"];
    expect(await seenLinks(db, id, links)).toEqual(new Set(["https://ministry.example.org/guid-1"]));
    expect(await seenKeys(db, id, [])).toEqual(new Set());
  });

  test("a report links back to its source; deleting the source keeps the report, unlinked", async () => {
    const { id } = await createSource(db, { url: feedUrl(), topic: topicId, name: "Outlet" });
    const { id: reportId } = await addFromSource(id, "link-back", "Ruritania recalled its ambassador.");
    expect((await getReport(db, reportId)).source).toEqual({ id, name: "Outlet" });
    await deleteSource(db, id);
    expect((await getReport(db, reportId)).source).toBeNull();
    expect(await db.select().from(sourceItems).where(eq(sourceItems.sourceId, id))).toEqual([]);
  });
});
