import { count, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { AddCodingBody, ReviewBody } from "@/contracts/review";
import type { Connection, Database } from "@/db/client";
import { getCoderAgreement } from "@/db/queries/agreement";
import { getReport } from "@/db/queries/reports";
import { addCoding, listRevisions, reviewCoding } from "@/db/queries/review";
import { getStance, listStances } from "@/db/queries/stances";
import { codingRevisions, codings, REVIEW_STATUSES } from "@/db/schema";
import { createTestDatabase, TEST_OUTBOX } from "../../helpers/db";
import { failure } from "../../helpers/errors";
import { makeReport, makeTopic } from "../../helpers/factories";

let conn: Connection;
let db: Database;

beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
});
afterAll(async () => conn?.close());

/** The codings of a report by actor code (first one per actor), every status included. */
async function codingIds(reportId: number): Promise<Record<string, number>> {
  const { items } = await listStances(db, { report: [reportId], status: [...REVIEW_STATUSES], limit: 100 });
  const out: Record<string, number> = {};
  for (const s of items) out[s.actor] ??= s.id;
  return out;
}

async function rowCounts() {
  const [c] = await db.select({ n: count() }).from(codings);
  const [r] = await db.select({ n: count() }).from(codingRevisions);
  return { codings: c?.n, revisions: r?.n };
}

async function revisionsOf(id: number) {
  return (await listRevisions(db, id)).items;
}

const review = (body: unknown) => ReviewBody.parse(body);
const addition = (body: unknown) => AddCodingBody.parse(body);

describe("reviewCoding", () => {
  let topicId: number;
  let reportId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    topicId = await makeTopic(db, "review-topic");
    reportId = await makeReport(db, {
      topicId,
      publishedOn: "2024-05-20",
      statements: [
        { actor: "TR", stance: "support" },
        { actor: "FR", stance: "neutral", sentence: "Paris urged calm on all sides (Le Monde, May 18)." },
        { actor: "RU", stance: "neutral" },
        { actor: "EU", stance: "condemn" },
      ],
    });
    ids = await codingIds(reportId);
  });

  test("confirm keeps the stance, sets confirmed, keeps the coder, and logs one revision with who and why", async () => {
    const id = ids.TR as number;
    const before = await getStance(db, id);
    const item = await reviewCoding(
      db,
      id,
      review({ action: "confirm", note: " Checked against the source. " }),
      "ana",
      TEST_OUTBOX,
    );
    expect(item).toMatchObject({ id, actor: "TR", stance: "support", status: "confirmed", coder: "test" });
    expect(item.updatedAt > (before?.updatedAt ?? "")).toBe(true);
    const revisions = await revisionsOf(id);
    expect(revisions.map((r) => r.action)).toEqual(["create", "confirm"]);
    expect(revisions[1]).toMatchObject({
      changedBy: "ana",
      changedAt: item.updatedAt,
      note: "Checked against the source.",
      oldValue: { stance: "support", status: "auto", confidence: 0.8 },
      newValue: { stance: "support", status: "confirmed", confidence: 0.8 },
    });
    expect(revisions[1]?.newValue).toEqual({
      stance: "support",
      status: "confirmed",
      statementDate: "2024-05-20",
      statementDatePrecision: "day",
      evidenceStart: before?.evidenceStart,
      evidenceEnd: before?.evidenceEnd,
      citedSourceId: null,
      confidence: 0.8,
    });
  });

  test("correct changes the stance, the date and the evidence span, and shows under status corrected", async () => {
    const id = ids.FR as number;
    const { body } = await getReport(db, reportId);
    const start = body.indexOf("Paris urged calm");
    const end = start + "Paris urged calm on all sides".length;
    const item = await reviewCoding(
      db,
      id,
      review({
        action: "correct",
        stance: "condemn",
        statementDate: "2024-05",
        evidenceStart: start,
        evidenceEnd: end,
      }),
      "ana",
      TEST_OUTBOX,
    );
    expect(item).toMatchObject({
      stance: "condemn",
      status: "corrected",
      statementDate: "2024-05-01",
      statementDatePrecision: "month",
      evidence: "Paris urged calm on all sides",
      evidenceStart: start,
      evidenceEnd: end,
      coder: "test",
    });
    expect(body.slice(item.evidenceStart, item.evidenceEnd)).toBe(item.evidence);
    const corrected = await listStances(db, { topic: "review-topic", status: ["corrected"], limit: 10 });
    expect(corrected.items.map((s) => s.id)).toEqual([id]);
    const last = (await revisionsOf(id)).at(-1);
    expect(last).toMatchObject({
      action: "correct",
      oldValue: { stance: "neutral", status: "auto", statementDate: "2024-05-18" },
      newValue: { stance: "condemn", status: "corrected", statementDate: "2024-05-01", evidenceStart: start },
    });
  });

  test("a correction that removes the cited source takes the report's date", async () => {
    const id = ids.FR as number;
    const item = await reviewCoding(db, id, review({ action: "correct", citedSourceId: null }), "ana", TEST_OUTBOX);
    expect(item).toMatchObject({ citedSource: null, statementDate: "2024-05-20", statementDatePrecision: "day" });
  });

  test("reject sets rejected: the coding leaves the default views but keeps its history", async () => {
    const id = ids.RU as number;
    await reviewCoding(db, id, review({ action: "reject", note: "Not a statement of Moscow's." }), "ana", TEST_OUTBOX);
    const visible = await listStances(db, { topic: "review-topic", limit: 10 });
    expect(visible.items.map((s) => s.actor).sort()).toEqual(["EU", "FR", "TR"]);
    expect((await getStance(db, id))?.status).toBe("rejected");
    expect((await revisionsOf(id)).map((r) => [r.action, r.note])).toEqual([
      ["create", null],
      ["reject", "Not a statement of Moscow's."],
    ]);
  });

  test("correcting to the stance it already has is refused and changes nothing", async () => {
    const id = ids.EU as number;
    const before = { counts: await rowCounts(), item: await getStance(db, id) };
    const error = await failure(
      reviewCoding(db, id, review({ action: "correct", stance: "condemn" }), "ana", TEST_OUTBOX),
    );
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/already says condemn.*send action "confirm"/);
    expect(await rowCounts()).toEqual(before.counts);
    expect(await getStance(db, id)).toEqual(before.item);
  });

  test("evidence offsets outside the report body are refused and change nothing", async () => {
    const id = ids.EU as number;
    const { body } = await getReport(db, reportId);
    const before = { counts: await rowCounts(), item: await getStance(db, id) };
    const outside = review({ action: "correct", stance: "neutral", evidenceStart: 0, evidenceEnd: body.length + 1 });
    const error = await failure(reviewCoding(db, id, outside, "ana", TEST_OUTBOX));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/ends past the report body/);
    const blank = body.indexOf("\n\n");
    const spaces = review({ action: "correct", stance: "neutral", evidenceStart: blank, evidenceEnd: blank + 2 });
    expect((await failure(reviewCoding(db, id, spaces, "ana", TEST_OUTBOX))).message).toMatch(/only white space/);
    expect(await rowCounts()).toEqual(before.counts);
    expect(await getStance(db, id)).toEqual(before.item);
  });

  test("a revision that cannot be written undoes the coding's update (one transaction)", async () => {
    const id = ids.EU as number;
    const before = { counts: await rowCounts(), item: await getStance(db, id) };
    // changed_by is NOT NULL: the update succeeds, then the revision insert fails.
    const attempt = reviewCoding(
      db,
      id,
      review({ action: "correct", stance: "support" }),
      null as unknown as string,
      TEST_OUTBOX,
    );
    await expect(attempt).rejects.toThrow();
    expect(await rowCounts()).toEqual(before.counts);
    expect(await getStance(db, id)).toEqual(before.item);
  });

  test("a cited source of another report is refused", async () => {
    const other = await makeReport(db, {
      topicId,
      statements: [{ actor: "DE", stance: "neutral", sentence: "Berlin said little (Der Spiegel, May 2)." }],
    });
    const [foreign] = (await getReport(db, other)).citedSources;
    const error = await failure(
      reviewCoding(db, ids.EU as number, review({ action: "correct", citedSourceId: foreign?.id }), "ana", TEST_OUTBOX),
    );
    expect(error.message).toMatch(new RegExp(`Cited source ${foreign?.id} is not one of report ${reportId}'s`));
  });

  test("an unknown coding is a 404", async () => {
    const error = await failure(reviewCoding(db, 987_654, review({ action: "confirm" }), "ana", TEST_OUTBOX));
    expect(error.status).toBe(404);
    expect((await failure(listRevisions(db, 987_654))).status).toBe(404);
  });
});

describe("addCoding", () => {
  let reportId: number;
  let body: string;
  let cited: { id: number; date: string; start: number; end: number };

  beforeAll(async () => {
    const topicId = await makeTopic(db, "add-topic");
    reportId = await makeReport(db, {
      topicId,
      publishedOn: "2024-06-10",
      statements: [
        { actor: "TR", stance: "support" },
        { actor: "TR", stance: "support", sentence: "Washington backed Ruritania (CNN, June 8)." },
      ],
    });
    const report = await getReport(db, reportId);
    body = report.body;
    cited = report.citedSources[0] as typeof cited;
  });

  const span = (text: string) => ({ evidenceStart: body.indexOf(text), evidenceEnd: body.indexOf(text) + text.length });

  test("stores a confirmed analyst coding with its create revision, dated by its cited source", async () => {
    const before = await rowCounts();
    const item = await addCoding(
      db,
      addition({
        reportId,
        actor: "us",
        stance: "support",
        ...span("Washington backed Ruritania (CNN, June 8)."),
        citedSourceId: cited.id,
        note: "The coder missed Washington.",
      }),
      "ana",
      TEST_OUTBOX,
    );
    expect(item).toMatchObject({
      actor: "US",
      stance: "support",
      coder: "analyst",
      confidence: 1,
      status: "confirmed",
      explanation: { rule: "added by analyst" },
      note: "The coder missed Washington.",
      statementDate: "2024-06-08",
      citedSource: { outlet: "CNN", date: "2024-06-08" },
      evidence: "Washington backed Ruritania (CNN, June 8).",
    });
    expect(await rowCounts()).toEqual({ codings: (before.codings ?? 0) + 1, revisions: (before.revisions ?? 0) + 1 });
    expect(await revisionsOf(item.id)).toEqual([
      expect.objectContaining({
        action: "create",
        changedBy: "ana",
        oldValue: null,
        note: "The coder missed Washington.",
      }),
    ]);
  });

  test("without a citation or a date it takes the report's date; a given YYYY-MM date wins", async () => {
    const plain = await addCoding(
      db,
      addition({ reportId, actor: "EU", stance: "condemn", ...span("Washington backed Ruritania") }),
      "ana",
      TEST_OUTBOX,
    );
    expect(plain).toMatchObject({ statementDate: "2024-06-10", statementDatePrecision: "day", citedSource: null });
    const dated = await addCoding(
      db,
      addition({ reportId, actor: "FR", stance: "neutral", ...span("backed Ruritania"), statementDate: "2024-05" }),
      "ana",
      TEST_OUTBOX,
    );
    expect(dated).toMatchObject({ statementDate: "2024-05-01", statementDatePrecision: "month" });
  });

  test("bad references are 400s, a second coding of the same evidence a 409, and nothing is written", async () => {
    const before = await rowCounts();
    const ok = { reportId, actor: "DE", stance: "neutral", ...span("Washington backed") };
    const unknownActor = await failure(addCoding(db, addition({ ...ok, actor: "XX" }), "ana", TEST_OUTBOX));
    expect(unknownActor.message).toMatch(/Unknown actor code XX\. Valid codes: TR, RU, US, FR, DE, EU/);
    const unknownReport = await failure(addCoding(db, addition({ ...ok, reportId: 999_999 }), "ana", TEST_OUTBOX));
    expect([unknownReport.status, unknownReport.message]).toEqual([400, "Unknown report 999999"]);
    const past = await failure(addCoding(db, addition({ ...ok, evidenceEnd: body.length + 5 }), "ana", TEST_OUTBOX));
    expect(past.message).toMatch(/ends past the report body/);
    const sample = (await listStances(db, { topic: "karabakh-2023", limit: 1 })).items[0];
    const sampleCitation = (await getReport(db, sample?.reportId as number)).citedSources[0];
    const foreign = await failure(
      addCoding(db, addition({ ...ok, citedSourceId: sampleCitation?.id }), "ana", TEST_OUTBOX),
    );
    expect(foreign.message).toMatch(/is not one of report/);
    const twin = await failure(
      addCoding(
        db,
        addition({ ...ok, actor: "US", ...span("Washington backed Ruritania (CNN, June 8).") }),
        "ana",
        TEST_OUTBOX,
      ),
    );
    expect(twin.status).toBe(409);
    expect(await rowCounts()).toEqual(before);
  });
});

describe("getCoderAgreement", () => {
  test("a hand-made set of reviewed codings gives the hand-computed figures", async () => {
    const topicId = await makeTopic(db, "agreement-topic");
    const reportId = await makeReport(db, {
      topicId,
      publishedOn: "2024-07-01",
      statements: [
        { actor: "TR", stance: "support" },
        { actor: "FR", stance: "condemn" },
        { actor: "RU", stance: "neutral" },
        { actor: "EU", stance: "condemn" },
        { actor: "DE", stance: "support" },
        { actor: "US", stance: "condemn" },
        { actor: "US", stance: "neutral", sentence: "Washington weighed its words." },
      ],
    });
    const ids = await codingIds(reportId);
    const act = (id: number | undefined, body: unknown) =>
      reviewCoding(db, id as number, review(body), "ana", TEST_OUTBOX);
    await act(ids.TR, { action: "confirm" }); // support / support
    await act(ids.FR, { action: "correct", stance: "neutral" }); // condemn / neutral
    await act(ids.RU, { action: "reject" }); // neutral / none
    await act(ids.EU, { action: "confirm" }); // condemn / condemn
    // DE stays auto: not reviewed, left out.
    await act(ids.US, { action: "correct", stance: "support" });
    await act(ids.US, { action: "confirm" }); // the coder's condemn / the analyst's support
    const { body } = await getReport(db, reportId);
    const at = body.indexOf("Washington weighed");
    const added = { reportId, evidenceStart: at, evidenceEnd: at + 10, statementDate: "2024-07-03" };
    await addCoding(db, addition({ ...added, actor: "US", stance: "condemn" }), "ana", TEST_OUTBOX); // none / condemn
    const slip = await addCoding(db, addition({ ...added, actor: "DE", stance: "neutral" }), "ana", TEST_OUTBOX);
    await act(slip.id, { action: "reject" }); // an analyst's slip: left out

    const result = await getCoderAgreement(db, { topic: "agreement-topic" });
    // Pairs: (support, support) (condemn, neutral) (neutral, none) (condemn, condemn) (condemn, support)
    // (none, condemn). po = 2/6. Coder margins support 1, neutral 1, condemn 3, none 1; analyst margins
    // support 2, neutral 1, condemn 2, none 1: pe = (2 + 1 + 6 + 1) / 36 = 10/36. kappa = (2/36) / (26/36).
    expect(result.n).toBe(6);
    expect(result.rawAgreement).toBe(0.3333);
    expect(result.kappa).toBe(0.0769);
    expect(result.confusion.condemn).toEqual({ support: 1, neutral: 1, condemn: 1, none: 0 });
    expect(result.confusion.none).toEqual({ support: 0, neutral: 0, condemn: 1, none: 0 });
    expect(result.confusion.neutral).toEqual({ support: 0, neutral: 0, condemn: 0, none: 1 });
    // condemn: TP 1, the coder said it 3 times, analysts twice: n 4, precision 1/3, recall 1/2, F1 2/5.
    expect(result.perStance.find((s) => s.stance === "condemn")).toEqual({
      stance: "condemn",
      n: 4,
      agreement: 0.25,
      precision: 0.3333,
      recall: 0.5,
      f1: 0.4,
    });
    // US: (condemn, support) and (none, condemn): po 0, pe = 1/4, kappa = -0.25 / 0.75.
    expect(result.perActor).toEqual([
      { actor: "TR", n: 1, rawAgreement: 1, kappa: null },
      { actor: "RU", n: 1, rawAgreement: 0, kappa: 0 },
      { actor: "US", n: 2, rawAgreement: 0, kappa: -0.3333 },
      { actor: "FR", n: 1, rawAgreement: 0, kappa: 0 },
      { actor: "EU", n: 1, rawAgreement: 1, kappa: null },
    ]);

    // The filters narrow the set; the sample's hand-coded imports never count.
    expect((await getCoderAgreement(db, { topic: "agreement-topic", actor: ["US"] })).n).toBe(2);
    expect((await getCoderAgreement(db, { topic: "agreement-topic", from: "2024-07-02" })).n).toBe(1);
    expect((await getCoderAgreement(db, { topic: "karabakh-2023" })).n).toBe(0);
    const everything = await getCoderAgreement(db, {});
    const reviewedElsewhere = (await getCoderAgreement(db, { topic: "review-topic" })).n;
    const addedElsewhere = (await getCoderAgreement(db, { topic: "add-topic" })).n;
    expect(everything.n).toBe(6 + reviewedElsewhere + addedElsewhere);
  });

  test("no reviewed codings: null figures, not NaN", async () => {
    const result = await getCoderAgreement(db, { from: "1990-01-01", to: "1990-12-31" });
    expect(result).toMatchObject({ n: 0, rawAgreement: null, kappa: null, perActor: [] });
  });

  test("without a create revision, the coder's label is the old value of the first revision", async () => {
    // A coding without any revision (written by other means) counts with its stance as the coder's.
    const topicId = await makeTopic(db, "no-history");
    const reportId = await makeReport(db, { topicId, statements: [{ actor: "TR", stance: "neutral" }] });
    const id = (await codingIds(reportId)).TR as number;
    await db.delete(codingRevisions).where(eq(codingRevisions.codingId, id));
    await reviewCoding(db, id, review({ action: "correct", stance: "support" }), "ana", TEST_OUTBOX);
    const result = await getCoderAgreement(db, { topic: "no-history" });
    expect(result.confusion.neutral.support).toBe(1);
  });
});
