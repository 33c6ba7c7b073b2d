import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApiError, asApiError } from "@/contracts/errors";
import { type Connection, queryRows } from "@/db/client";
import { createReport, DuplicateReportError, getReport, listReports } from "@/db/queries/reports";
import { listStances } from "@/db/queries/stances";
import { reports } from "@/db/schema";
import { Problem } from "@/domain/errors";
import { normalizeBody } from "@/domain/text";
import { createTestDatabase, TEST_OUTBOX } from "../../helpers/db";
import { actorId, makeReport, makeTopic } from "../../helpers/factories";

let conn: Connection;
let topicId: number;

beforeAll(async () => {
  conn = await createTestDatabase({ sample: false });
  const { loadSampleData } = await import("@/db/seed/load");
  await loadSampleData(conn.db);
  topicId = await makeTopic(conn.db, "second-topic");
  for (const [i, date] of ["2024-01-05", "2024-02-05", "2024-02-05", "2024-03-05"].entries()) {
    await makeReport(conn.db, {
      topicId,
      publishedOn: date,
      outlet: i % 2 ? "Odd Outlet" : "Even Outlet",
      statements: [{ actor: "DE", stance: "neutral" }],
    });
  }
});
afterAll(async () => conn?.close());

describe("listReports", () => {
  test("newest first, keyset pages without gaps or repeats", async () => {
    const first = await listReports(conn.db, { limit: 2 });
    const second = await listReports(conn.db, { limit: 2, cursor: first.nextCursor ?? undefined });
    const third = await listReports(conn.db, { limit: 2, cursor: second.nextCursor ?? undefined });
    const all = [...first.items, ...second.items, ...third.items];
    expect(all).toHaveLength(5);
    expect(new Set(all.map((r) => r.id)).size).toBe(5);
    expect(all.map((r) => r.publishedOn)).toEqual([
      "2024-03-05",
      "2024-02-05",
      "2024-02-05",
      "2024-01-05",
      "2023-10-01",
    ]);
    expect(third.nextCursor).toBeNull();
    expect(all[0]).toMatchObject({ topicSlug: "second-topic", codingCount: 1 });
  });

  test("filters by topic, outlet, language and publication dates", async () => {
    expect((await listReports(conn.db, { topic: "karabakh-2023", limit: 10 })).items).toHaveLength(1);
    expect((await listReports(conn.db, { outlet: "ODD OUTLET", limit: 10 })).items).toHaveLength(2);
    expect((await listReports(conn.db, { language: "fr", limit: 10 })).items).toHaveLength(0);
    const feb = await listReports(conn.db, { from: "2024-02-01", to: "2024-02-29", limit: 10 });
    expect(feb.items.map((r) => r.publishedOn)).toEqual(["2024-02-05", "2024-02-05"]);
  });

  test("an unknown report id is a 404", async () => {
    const error = await getReport(conn.db, 999_999).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Problem);
    expect((asApiError(error) as ApiError).status).toBe(404);
  });
});

describe("createReport", () => {
  const body = normalizeBody("Berlin urged restraint from both sides.\r\n");

  test("the same text twice is a conflict naming the stored report", async () => {
    const input = {
      topicId,
      title: "Once",
      outlet: "Wire",
      publishedOn: "2024-04-01",
      publishedPrecision: "day" as const,
      url: null,
      language: "en",
      body,
      citations: [],
      codings: [],
    };
    const { id } = await createReport(conn.db, input, "test", TEST_OUTBOX);
    const error = await createReport(conn.db, { ...input, title: "Twice" }, "test", TEST_OUTBOX).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DuplicateReportError);
    expect((error as DuplicateReportError).existingId).toBe(id);
    expect((asApiError(error) as ApiError).status).toBe(409);
  });

  test("a coding that fails leaves nothing half-written", async () => {
    const before = (await conn.db.select({ id: reports.id }).from(reports)).length;
    const de = await actorId(conn.db, "DE");
    const text = "Berlin condemned the strike outright.";
    const attempt = createReport(
      conn.db,
      {
        topicId,
        title: "Broken",
        outlet: "Wire",
        publishedOn: "2024-04-02",
        publishedPrecision: "day",
        url: null,
        language: "en",
        body: text,
        citations: [],
        codings: [
          {
            actorId: de,
            stance: "condemn",
            statementDate: "2024-04-02",
            evidenceStart: 0,
            evidenceEnd: text.length,
            citation: null,
            coder: "test",
            confidence: 1.5, // violates the 0..1 check constraint
            status: "auto",
          },
        ],
      },
      "test",
      TEST_OUTBOX,
    );
    await expect(attempt).rejects.toThrow();
    expect((await conn.db.select({ id: reports.id }).from(reports)).length).toBe(before);
    expect((await listStances(conn.db, { outlet: "Wire", limit: 10 })).items).toHaveLength(0);
  });

  test("evidence offsets outside the text are refused before anything is written", async () => {
    const de = await actorId(conn.db, "DE");
    const attempt = createReport(
      conn.db,
      {
        topicId,
        title: "Out of range",
        outlet: "Wire",
        publishedOn: "2024-04-03",
        publishedPrecision: "day",
        url: null,
        language: "en",
        body: "Short.",
        citations: [],
        codings: [
          {
            actorId: de,
            stance: "neutral",
            statementDate: "2024-04-03",
            evidenceStart: 0,
            evidenceEnd: 50,
            citation: null,
            coder: "test",
            confidence: 0.5,
            status: "auto",
          },
        ],
      },
      "test",
      TEST_OUTBOX,
    );
    await expect(attempt).rejects.toMatchObject({ kind: "invalid" });
  });
});

describe("a long report", () => {
  test("thousands of statements are stored in batches in one transaction, every one with its revision", async () => {
    const db = conn.db;
    const longTopic = await makeTopic(db, "long-report");
    const actors = ["TR", "RU", "US", "FR", "DE", "EU"] as const;
    const id = await makeReport(db, {
      topicId: longTopic,
      statements: Array.from({ length: 9000 }, (_, i) => ({
        actor: actors[i % actors.length] as string,
        stance: i % 3 === 0 ? ("support" as const) : i % 3 === 1 ? ("neutral" as const) : ("condemn" as const),
      })),
    });
    const report = await getReport(db, id);
    expect(report.codings).toHaveLength(9000);
    const [{ n } = { n: -1 }] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from coding_revisions r join codings c on c.id = r.coding_id where c.report_id = ${id}`,
    );
    expect(n).toBe(9000);
  }, 120_000);
});
