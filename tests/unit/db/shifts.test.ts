import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AddCodingBody, ReviewBody } from "@/contracts/review";
import type { Connection, Database } from "@/db/client";
import { addCoding, reviewCoding } from "@/db/queries/review";
import { listShifts } from "@/db/queries/shifts";
import { listStances } from "@/db/queries/stances";
import { createWebhook, deleteWebhook, deliveryStore, listDeliveries, listWebhooks } from "@/db/queries/webhooks";
import { webhookDeliveries } from "@/db/schema";
import { Problem } from "@/domain/errors";
import { signature } from "@/server/webhooks";
import { startDeliveryWorker } from "@/server/webhooks/worker";
import { createTestDatabase, TEST_OUTBOX } from "../../helpers/db";
import { makeReport, makeTopic } from "../../helpers/factories";

let conn: Connection;
let db: Database;

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
});
afterAll(async () => conn?.close());

describe("listShifts on the sample data", () => {
  test("Russia moves from calls on both sides to alignment with Baku; no one else shifts", async () => {
    const { items } = await listShifts(db, {});
    expect(items.map((s) => [s.actor, s.from, s.to, s.fromDate, s.toDate])).toEqual([
      ["RU", "neutral", "support", "2023-09-19", "2023-09-21"],
    ]);
    const [ru] = items;
    expect(ru).toMatchObject({ actorName: "Russia", topicSlug: "karabakh-2023", magnitude: 1 });
    expect(ru?.evidence.before.evidence).toContain("call on both sides to stop fighting");
    expect(ru?.evidence.after.evidence).toContain("One can guess what awaits Armenia");
  });

  test("filters by actor, topic and the date of the change; unknown codes are a 400 naming the valid ones", async () => {
    expect((await listShifts(db, { actor: ["TR"] })).items).toEqual([]);
    expect((await listShifts(db, { actor: ["RU"], topic: "karabakh-2023" })).items).toHaveLength(1);
    expect((await listShifts(db, { from: "2023-09-22" })).items).toEqual([]);
    expect((await listShifts(db, { from: "2023-09-21", to: "2023-09-21" })).items).toHaveLength(1);
    await expect(listShifts(db, { actor: ["XX"] })).rejects.toThrow(/Valid codes: TR, RU/);
    await expect(listShifts(db, { topic: "nope" })).rejects.toBeInstanceOf(Problem);
    // A page of one has a cursor only when more follow; a cursor of another list is refused.
    expect(await listShifts(db, { limit: 1 })).toMatchObject({ nextCursor: null });
    await expect(listShifts(db, { limit: 1, cursor: "WyJzdGFuY2VzIiwiMjAyMy0wMS0wMSIsMV0" })).rejects.toThrow(
      /Invalid cursor/,
    );
  });
});

describe("shifts follow the codings", () => {
  test("a correction removes a shift and another brings one back; a rejection counts for nothing", async () => {
    const slug = `shift-topic-1`;
    const topicId = await makeTopic(db, slug);
    await makeReport(db, {
      topicId,
      publishedOn: "2024-01-10",
      statements: [{ actor: "FR", stance: "condemn" }],
    });
    const second = await makeReport(db, {
      topicId,
      publishedOn: "2024-02-10",
      statements: [{ actor: "FR", stance: "neutral" }],
    });
    const shifts = async () => (await listShifts(db, { topic: slug })).items.map((s) => `${s.from}>${s.to}`);
    expect(await shifts()).toEqual(["condemn>neutral"]);
    const [coding] = (await listStances(db, { report: [second], limit: 10 })).items;
    if (!coding) throw new Error("no coding");
    await reviewCoding(db, coding.id, ReviewBody.parse({ action: "correct", stance: "condemn" }), "t", TEST_OUTBOX);
    expect(await shifts()).toEqual([]);
    await reviewCoding(db, coding.id, ReviewBody.parse({ action: "correct", stance: "support" }), "t", TEST_OUTBOX);
    expect(await shifts()).toEqual(["condemn>support"]);
    await reviewCoding(db, coding.id, ReviewBody.parse({ action: "reject" }), "t", TEST_OUTBOX);
    expect(await shifts()).toEqual([]);
  });
});

type Received = { body: Record<string, unknown>; headers: IncomingMessage["headers"] };

/** A local receiver: answers each POST with the next status of `statuses` (the last one repeats). */
async function receiver(statuses: number[]): Promise<{ url: string; got: Received[]; close(): Promise<void> }> {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      got.push({ body: JSON.parse(raw), headers: req.headers });
      res.statusCode = statuses[Math.min(got.length - 1, statuses.length - 1)] ?? 200;
      res.end(res.statusCode < 300 ? "thanks" : "not now");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, got, close: () => new Promise((r) => server.close(() => r())) };
}

async function until(check: () => Promise<boolean> | boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("webhooks", () => {
  // The receivers below listen on this machine, which deliveries may reach only with ALLOW_PRIVATE_URLS=1.
  beforeAll(() => {
    process.env.ALLOW_PRIVATE_URLS = "1";
  });
  afterAll(() => {
    delete process.env.ALLOW_PRIVATE_URLS;
  });

  test("a write that creates a shift queues one delivery per webhook, in its own transaction; others queue none", async () => {
    const ok = await receiver([200]);
    const failing = await receiver([500, 500, 200]);
    const a = await createWebhook(db, { url: ok.url, description: "desk" });
    const b = await createWebhook(db, { url: failing.url });
    expect(a.secret).toMatch(/^whsec_/);
    const slug = `shift-topic-2`;
    const topicId = await makeTopic(db, slug);
    await makeReport(db, {
      topicId,
      publishedOn: "2024-03-01",
      statements: [{ actor: "DE", stance: "neutral" }],
    });
    // No shift yet: nothing queued.
    expect((await listDeliveries(db, a.id)).items).toEqual([]);
    const report = await makeReport(db, {
      topicId,
      publishedOn: "2024-03-05",
      statements: [{ actor: "DE", stance: "condemn" }],
    });
    const [queued] = (await listDeliveries(db, a.id)).items;
    expect(queued).toMatchObject({ state: "pending", event: "shift.created", attempts: [] });
    expect(queued?.payload).toMatchObject({
      event: "shift.created",
      shift: { actor: "DE", from: "neutral", to: "condemn", fromDate: "2024-03-01", toDate: "2024-03-05" },
    });
    expect(JSON.stringify(queued?.payload)).toContain(`/reports/${report}#coding-`);
    expect((await listDeliveries(db, b.id)).items).toHaveLength(1);

    // An analyst's added coding on another day that repeats the stance creates no shift.
    await addCoding(
      db,
      AddCodingBody.parse({
        reportId: report,
        actor: "DE",
        stance: "condemn",
        evidenceStart: 0,
        evidenceEnd: 4,
        statementDate: "2024-03-06",
      }),
      "t",
      TEST_OUTBOX,
    );
    expect((await listDeliveries(db, a.id)).items).toHaveLength(1);

    // The worker sends both: the good receiver at once, the failing one after two retries with back-off.
    const worker = startDeliveryWorker(deliveryStore(db), { pollMs: 20, timeoutMs: 2000, retryBaseMs: 50 });
    try {
      await until(async () => (await listDeliveries(db, b.id)).items[0]?.state === "delivered");
    } finally {
      await worker.stop();
    }
    const [sent] = ok.got;
    expect(ok.got).toHaveLength(1);
    expect(sent?.headers["x-stancewatch-event"]).toBe("shift.created");
    const timestamp = Number(sent?.headers["x-stancewatch-timestamp"]);
    expect(sent?.headers["x-stancewatch-signature"]).toBe(signature(a.secret, JSON.stringify(sent?.body), timestamp));
    expect((await listDeliveries(db, a.id)).items[0]).toMatchObject({ state: "delivered" });
    const log = (await listDeliveries(db, b.id)).items[0];
    expect(log?.attempts.map((t) => t.status)).toEqual([500, 500, 200]);
    expect(log?.attempts[0]?.response).toBe("not now");
    expect(failing.got).toHaveLength(3);
    const hooks = (await listWebhooks(db)).items;
    expect(hooks.find((h) => h.id === b.id)?.deliveries).toEqual({ pending: 0, delivered: 1, failed: 0 });

    await deleteWebhook(db, b.id);
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, b.id))).toEqual([]);
    await expect(deleteWebhook(db, b.id)).rejects.toThrow(/No webhook/);
    await deleteWebhook(db, a.id);
    await ok.close();
    await failing.close();
  });

  test("a receiver that never answers well is tried the maximum number of times, then marked failed", async () => {
    const down = await receiver([503]);
    const hook = await createWebhook(db, { url: down.url });
    const slug = `shift-topic-3`;
    const topicId = await makeTopic(db, slug);
    await makeReport(db, {
      topicId,
      publishedOn: "2024-04-01",
      statements: [{ actor: "US", stance: "support" }],
    });
    await makeReport(db, {
      topicId,
      publishedOn: "2024-04-02",
      statements: [{ actor: "US", stance: "condemn" }],
    });
    const worker = startDeliveryWorker(deliveryStore(db), {
      pollMs: 10,
      timeoutMs: 1000,
      retryBaseMs: 10,
      maxAttempts: 3,
    });
    try {
      await until(async () => (await listDeliveries(db, hook.id)).items[0]?.state === "failed");
    } finally {
      await worker.stop();
    }
    const [log] = (await listDeliveries(db, hook.id)).items;
    expect(log?.attempts).toHaveLength(3);
    expect(log?.finishedAt).not.toBeNull();
    expect(down.got).toHaveLength(3);
    await deleteWebhook(db, hook.id);
    await down.close();
  });
});
