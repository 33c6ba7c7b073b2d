import fs from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AddCodingBody, ReviewBody } from "@/contracts/review";
import type { Connection, Database } from "@/db/client";
import { addCoding, listRevisions, revertCoding, reviewCoding, reviewQueue } from "@/db/queries/review";
import { listShifts } from "@/db/queries/shifts";
import { getStance, listStances } from "@/db/queries/stances";
import { createWebhook, withShiftOutbox } from "@/db/queries/webhooks";
import { codingRevisions, codings, REVIEW_STATUSES, webhookDeliveries } from "@/db/schema";
import { CODER_VERSION, calibrate } from "@/domain/coder";
import { createTestDatabase, TEST_OUTBOX } from "../../helpers/db";
import { failure } from "../../helpers/errors";
import { actorId, makeReport, makeTopic } from "../../helpers/factories";

let conn: Connection;
let db: Database;

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
});
afterAll(async () => conn?.close());

const review = (body: unknown) => ReviewBody.parse(body);

async function idsOf(reportId: number): Promise<Record<string, number>> {
  const { items } = await listStances(db, { report: [reportId], status: [...REVIEW_STATUSES], limit: 100 });
  return Object.fromEntries(items.map((s) => [s.actor, s.id]));
}

describe("reviewQueue", () => {
  let slug: string;
  let ids: Record<string, number>;

  beforeAll(async () => {
    slug = "queue-topic";
    const topicId = await makeTopic(db, slug);
    const reportId = await makeReport(db, {
      topicId,
      statements: [
        { actor: "TR", stance: "support", confidence: 0.9 },
        { actor: "RU", stance: "neutral", confidence: 0.35 },
        { actor: "FR", stance: "condemn", confidence: 0.7 },
        { actor: "DE", stance: "condemn", confidence: 0.35 },
        { actor: "US", stance: "neutral", confidence: 0.5, status: "confirmed" },
      ],
    });
    ids = await idsOf(reportId);
  });

  test("lists only automatic codings, least confident first (then oldest), with how many are left", async () => {
    const page = await reviewQueue(db, { topic: slug });
    expect(page.items.map((i) => [i.actor, i.confidence])).toEqual([
      ["RU", 0.35],
      ["DE", 0.35],
      ["FR", 0.7],
      ["TR", 0.9],
    ]);
    expect(page.items.every((i) => i.status === "auto")).toBe(true);
    expect(page).toMatchObject({ remaining: 4, nextCursor: null });
  });

  test("pages by cursor without gaps or repeats; the count is of everything left, not of the page", async () => {
    const first = await reviewQueue(db, { topic: slug, limit: 3 });
    expect(first.items.map((i) => i.actor)).toEqual(["RU", "DE", "FR"]);
    expect(first.remaining).toBe(4);
    const second = await reviewQueue(db, { topic: slug, limit: 3, cursor: first.nextCursor as string });
    expect(second.items.map((i) => i.actor)).toEqual(["TR"]);
    expect(second.nextCursor).toBeNull();
    const error = await failure(reviewQueue(db, { topic: slug, cursor: "bm90LWEtY3Vyc29y" }));
    expect(error.message).toMatch(/Invalid cursor/);
  });

  test("filters by actor and by the most confidence wanted (0.7 asked is 0.7 stored)", async () => {
    expect((await reviewQueue(db, { topic: slug, actor: ["FR", "TR"] })).items.map((i) => i.actor)).toEqual([
      "FR",
      "TR",
    ]);
    const unsure = await reviewQueue(db, { topic: slug, maxConfidence: 0.7 });
    expect(unsure.items.map((i) => i.actor)).toEqual(["RU", "DE", "FR"]);
    expect(unsure.remaining).toBe(3);
  });

  test("each item carries the sentences around its evidence", async () => {
    const { items } = await reviewQueue(db, { topic: slug, actor: ["FR"] });
    const [fr] = items;
    expect(fr?.context.before).toMatch(/the RU government voiced its neutral on the matter\. $/);
    expect(fr?.context.after).toMatch(/^ Statement .* the DE government/);
  });

  test("a decision takes the coding out of the queue and the count down by one; an undo puts it back", async () => {
    const before = await reviewQueue(db, { topic: slug });
    const saved = await reviewCoding(db, ids.RU as number, review({ action: "confirm" }), "ana", TEST_OUTBOX);
    const after = await reviewQueue(db, { topic: slug });
    expect(after.remaining).toBe(before.remaining - 1);
    expect(after.items.map((i) => i.actor)).not.toContain("RU");
    const undone = await revertCoding(db, ids.RU as number, { revision: saved.revision }, "ana", TEST_OUTBOX);
    expect(undone.status).toBe("auto");
    expect((await reviewQueue(db, { topic: slug })).items[0]?.actor).toBe("RU");
  });
});

describe("revertCoding", () => {
  let ids: Record<string, number>;
  let body: string;

  beforeAll(async () => {
    const topicId = await makeTopic(db, "revert-topic");
    const reportId = await makeReport(db, {
      topicId,
      statements: [
        { actor: "TR", stance: "support" },
        { actor: "FR", stance: "neutral", sentence: "Paris urged calm on all sides. It said more later." },
      ],
    });
    ids = await idsOf(reportId);
    body = (await getStance(db, ids.FR as number))?.evidence as string;
  });

  test("a coding never reviewed has nothing to undo: 409, nothing written", async () => {
    const error = await failure(revertCoding(db, ids.TR as number, {}, "ana", TEST_OUTBOX));
    expect(error.code).toBe("conflict");
    expect((await listRevisions(db, ids.TR as number)).items.map((r) => r.action)).toEqual(["create"]);
  });

  test("undoes a correction of stance, date and span, one revision back, as a revision of its own", async () => {
    const id = ids.FR as number;
    const original = await getStance(db, id);
    const start = (original?.evidenceStart as number) + body.indexOf("Paris urged calm");
    const corrected = await reviewCoding(
      db,
      id,
      review({
        action: "correct",
        stance: "condemn",
        statementDate: "2024-02",
        evidenceStart: start,
        evidenceEnd: start + "Paris urged calm".length,
      }),
      "ana",
      TEST_OUTBOX,
    );
    expect(corrected).toMatchObject({ stance: "condemn", evidence: "Paris urged calm", status: "corrected" });
    const undone = await revertCoding(db, id, { revision: corrected.revision }, "ben", TEST_OUTBOX);
    expect(undone).toMatchObject({
      stance: original?.stance,
      status: "auto",
      statementDate: original?.statementDate,
      statementDatePrecision: "day",
      evidence: original?.evidence,
      evidenceStart: original?.evidenceStart,
      evidenceEnd: original?.evidenceEnd,
    });
    const history = (await listRevisions(db, id)).items;
    expect(history.map((r) => r.action)).toEqual(["create", "correct", "revert"]);
    expect(history[2]).toMatchObject({ changedBy: "ben", newValue: { status: "auto", stance: "neutral" } });
    expect(undone.revision).toBe(history[2]?.id);
  });

  test("a decision that expects another status than the coding has is refused (409) and changes nothing", async () => {
    const id = ids.TR as number;
    const error = await failure(
      reviewCoding(db, id, review({ action: "reject", expectedStatus: "confirmed" }), "ana", TEST_OUTBOX),
    );
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/is auto now, not confirmed/);
    expect((await getStance(db, id))?.status).toBe("auto");
    expect((await listRevisions(db, id)).items).toHaveLength(1);
  });

  test("an undo keeps the coding's own confidence, whatever the revision recorded", async () => {
    const id = ids.FR as number;
    const saved = await reviewCoding(db, id, review({ action: "confirm" }), "ana", TEST_OUTBOX);
    // A revision written before the confidences were calibrated holds the old scale.
    await db
      .update(codingRevisions)
      .set({ oldValue: sql`jsonb_set(${codingRevisions.oldValue}, '{confidence}', '0.3')` })
      .where(eq(codingRevisions.id, saved.revision));
    const undone = await revertCoding(db, id, { revision: saved.revision }, "ana", TEST_OUTBOX);
    expect(undone.confidence).toBe(saved.confidence);
    expect(undone.status).toBe("auto");
  });

  test("an undo naming a revision that is no longer the latest is refused (409) and changes nothing", async () => {
    const id = ids.TR as number;
    const first = await reviewCoding(db, id, review({ action: "confirm" }), "ana", TEST_OUTBOX);
    await reviewCoding(db, id, review({ action: "reject" }), "ben", TEST_OUTBOX);
    const error = await failure(revertCoding(db, id, { revision: first.revision }, "ana", TEST_OUTBOX));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/changed after revision/);
    expect((await getStance(db, id))?.status).toBe("rejected");
  });
});

describe("shifts by the standing of their codings", () => {
  let topicId: number;
  let slug: string;
  let before: number;
  let after: number;

  beforeAll(async () => {
    slug = "standing-topic";
    topicId = await makeTopic(db, slug);
  });

  const deliveriesOf = (hook: number) =>
    db.select().from(webhookDeliveries).where(eq(webhookDeliveries.webhookId, hook));

  /** A report written through the outbox, as ingest does. */
  const viaOutbox = async <T>(write: (tx: Database) => Promise<T>) => {
    const de = await actorId(db, "DE");
    return db.transaction((tx) => withShiftOutbox(tx, { topicId, actorIds: [de] }, TEST_OUTBOX, () => write(tx)));
  };

  test("a new shift carries each side's confidence and status; reviewed=true and minConfidence leave it out", async () => {
    const everything = await createWebhook(db, { url: "https://hooks.example.org/all" });
    const reviewedOnly = await createWebhook(db, { url: "https://hooks.example.org/reviewed", reviewed: true });
    const sure = await createWebhook(db, { url: "https://hooks.example.org/sure", minConfidence: 0.75 });
    expect(reviewedOnly).toMatchObject({ reviewed: true, minConfidence: null });
    expect(sure).toMatchObject({ reviewed: false, minConfidence: 0.75 });
    await viaOutbox((tx) =>
      makeReport(tx, { topicId, publishedOn: "2024-04-01", statements: [{ actor: "DE", stance: "support" }] }),
    );
    await viaOutbox((tx) =>
      makeReport(tx, {
        topicId,
        publishedOn: "2024-04-08",
        statements: [{ actor: "DE", stance: "condemn", confidence: 0.7 }],
      }),
    );
    const { items } = await listShifts(db, { topic: slug });
    expect(items).toHaveLength(1);
    const [shift] = items;
    expect(shift?.evidence.before).toMatchObject({ confidence: 0.8, status: "auto" });
    expect(shift?.evidence.after).toMatchObject({ confidence: 0.7, status: "auto" });
    before = shift?.evidence.before.codingId as number;
    after = shift?.evidence.after.codingId as number;
    expect((await listShifts(db, { topic: slug, reviewed: true })).items).toEqual([]);
    expect((await listShifts(db, { topic: slug, minConfidence: 0.7 })).items).toHaveLength(1);
    expect((await listShifts(db, { topic: slug, minConfidence: 0.71 })).items).toEqual([]);
    expect(await deliveriesOf(everything.id)).toHaveLength(1);
    expect(await deliveriesOf(reviewedOnly.id)).toEqual([]);
    expect(await deliveriesOf(sure.id)).toEqual([]);
  });

  test("once both codings are confirmed the shift is reviewed, and a reviewed webhook hears of it then, once", async () => {
    const hooks = (await db.select().from(webhookDeliveries)).length;
    // Reviews and undos write through the outbox themselves.
    await reviewCoding(db, before, review({ action: "confirm" }), "ana", TEST_OUTBOX);
    expect((await listShifts(db, { topic: slug, reviewed: true })).items).toEqual([]);
    const saved = await reviewCoding(db, after, review({ action: "confirm" }), "ana", TEST_OUTBOX);
    const { items } = await listShifts(db, { topic: slug, reviewed: true });
    expect(items.map((s) => [s.evidence.before.status, s.evidence.after.status])).toEqual([["confirmed", "confirmed"]]);
    const sent = await db.select().from(webhookDeliveries);
    expect(sent).toHaveLength(hooks + 1);
    expect(sent.at(-1)?.payload).toMatchObject({
      shift: { evidence: { before: { status: "confirmed" }, after: { status: "confirmed" } } },
    });
    // Undone and confirmed again: the same shift is not announced twice.
    await revertCoding(db, after, { revision: saved.revision }, "ana", TEST_OUTBOX);
    expect((await listShifts(db, { topic: slug, reviewed: true })).items).toEqual([]);
    await reviewCoding(db, after, review({ action: "confirm" }), "ana", TEST_OUTBOX);
    expect(await db.select().from(webhookDeliveries)).toHaveLength(hooks + 1);
  });
});

describe("migration 0008", () => {
  test("re-scores codings of the uncalibrated coder with the same map as the coder, and leaves others alone", async () => {
    const topicId = await makeTopic(db, "rescore-topic");
    const reportId = await makeReport(db, {
      topicId,
      statements: [
        { actor: "TR", stance: "support", confidence: 0.34 },
        { actor: "RU", stance: "neutral", confidence: 0.75 },
        { actor: "FR", stance: "condemn", confidence: 0.5 },
      ],
    });
    const ids = await idsOf(reportId);
    await db
      .update(codings)
      .set({ coder: "stancewatch-coder/1.0" })
      .where(sql`${codings.id} in (${ids.TR}, ${ids.RU})`);
    // The migration ran on an empty database; run again, it re-scores what the old coder stored since.
    const file = path.join(process.cwd(), "db/migrations/0008_rescore_confidence.sql");
    await db.execute(sql.raw(fs.readFileSync(file, "utf8")));
    const rescored = async (id: number) => getStance(db, id);
    expect(await rescored(ids.TR as number)).toMatchObject({ confidence: calibrate(0.34), coder: CODER_VERSION });
    expect(await rescored(ids.RU as number)).toMatchObject({ confidence: calibrate(0.75), coder: CODER_VERSION });
    expect(await rescored(ids.FR as number)).toMatchObject({ confidence: 0.5, coder: "test" });
  });
});

describe("no twin codings (migration 0009)", () => {
  let reportId: number;
  let span: { evidenceStart: number; evidenceEnd: number };

  beforeAll(async () => {
    const topicId = await makeTopic(db, "twins-topic");
    reportId = await makeReport(db, { topicId, statements: [{ actor: "TR", stance: "support" }] });
    const [tr] = (await listStances(db, { report: [reportId], limit: 10 })).items;
    span = { evidenceStart: tr?.evidenceStart as number, evidenceEnd: tr?.evidenceEnd as number };
  });

  const add = () =>
    addCoding(db, AddCodingBody.parse({ reportId, actor: "US", stance: "condemn", ...span }), "ana", TEST_OUTBOX);

  test("two additions of one actor on one span at once: one is stored, the other is a 409", async () => {
    const results = await Promise.allSettled([add(), add()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [refused] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ kind: "conflict" });
  });

  test("bringing back a rejected coding whose span was coded again is a 409 (the index), and changes nothing", async () => {
    const [us] = (await listStances(db, { report: [reportId], actor: ["US"], limit: 10 })).items;
    await reviewCoding(db, us?.id as number, review({ action: "reject" }), "ana", TEST_OUTBOX);
    const again = await add();
    const error = await failure(reviewCoding(db, us?.id as number, review({ action: "confirm" }), "ana", TEST_OUTBOX));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/already has a live coding on this evidence/);
    expect((await getStance(db, us?.id as number))?.status).toBe("rejected");
    expect((await getStance(db, again.id))?.status).toBe("confirmed");
  });

  test("twins stored before the index are resolved: the later one rejected, with a revision naming the kept one", async () => {
    await db.execute(sql`drop index codings_no_twins_idx`);
    const [tr] = (await listStances(db, { report: [reportId], actor: ["TR"], limit: 10 })).items;
    const [twin] = await db
      .insert(codings)
      .values({
        actorId: await actorId(db, "TR"),
        topicId: tr?.topicId as number,
        reportId,
        stance: "neutral",
        statementDate: tr?.statementDate as string,
        evidence: tr?.evidence as string,
        ...span,
        coder: "test",
        confidence: 0.5,
      })
      .returning({ id: codings.id });
    const file = path.join(process.cwd(), "db/migrations/0009_no_twin_codings.sql");
    for (const statement of fs.readFileSync(file, "utf8").split("--> statement-breakpoint")) {
      await db.execute(sql.raw(statement));
    }
    expect((await getStance(db, tr?.id as number))?.status).toBe("auto");
    expect((await getStance(db, twin?.id as number))?.status).toBe("rejected");
    const [revision] = (await listRevisions(db, twin?.id as number)).items.slice(-1);
    expect(revision).toMatchObject({
      action: "reject",
      changedBy: "migration",
      note: `a twin of coding ${tr?.id}: one live coding per actor and evidence span`,
    });
  });
});
