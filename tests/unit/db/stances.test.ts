import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type ApiError, asApiError } from "@/contracts/errors";
import type { Connection } from "@/db/client";
import { listStances, streamStances, summarizeStances } from "@/db/queries/stances";
import { codings } from "@/db/schema";
import { Problem } from "@/domain/errors";
import { createTestDatabase } from "../../helpers/db";
import { makeReport, makeTopic } from "../../helpers/factories";

let conn: Connection;
let topicId: number;
let reportA: number;
let reportB: number;

beforeAll(async () => {
  conn = await createTestDatabase();
  topicId = await makeTopic(conn.db, "ruritania-border");
  reportA = await makeReport(conn.db, {
    topicId,
    outlet: "Kingdom Herald",
    publishedOn: "2024-02-10",
    statements: [
      { actor: "TR", stance: "support", sentence: "Ankara praised the move (Anadolu, February 8)." },
      {
        actor: "FR",
        stance: "condemn",
        sentence: "Paris called on Ruritania alone to withdraw (Le Monde, February 9).",
      },
      { actor: "RU", stance: "neutral", status: "confirmed" },
    ],
  });
  reportB = await makeReport(conn.db, {
    topicId,
    outlet: "Border Times",
    publishedOn: "2024-03-01",
    statements: [
      { actor: "TR", stance: "support" },
      { actor: "RU", stance: "support", status: "rejected" },
      { actor: "EU", stance: "condemn", sentence: "Brussels condemned it (Anadolu, February 28)." },
    ],
  });
});
afterAll(async () => conn?.close());

const topic = () => String(topicId);

describe("listStances filters", () => {
  test("by actor codes and topic id or slug", async () => {
    const byId = await listStances(conn.db, { topic: topic(), actor: ["TR", "FR"], limit: 100 });
    expect(byId.items.map((s) => s.actor).sort()).toEqual(["FR", "TR", "TR"]);
    const bySlug = await listStances(conn.db, { topic: "ruritania-border", actor: ["TR", "FR"], limit: 100 });
    expect(bySlug.items.map((s) => s.id)).toEqual(byId.items.map((s) => s.id));
  });

  test("rejected codings are left out unless the status filter asks for them", async () => {
    const all = await listStances(conn.db, { topic: topic(), limit: 100 });
    expect(all.items.some((s) => s.status === "rejected")).toBe(false);
    const rejected = await listStances(conn.db, { topic: topic(), status: ["rejected"], limit: 100 });
    expect(rejected.items.map((s) => [s.actor, s.status])).toEqual([["RU", "rejected"]]);
    const confirmed = await listStances(conn.db, { topic: topic(), status: ["confirmed"], limit: 100 });
    expect(confirmed.items.map((s) => s.actor)).toEqual(["RU"]);
  });

  test("by stance, statement-date range and report", async () => {
    const condemn = await listStances(conn.db, { topic: topic(), stance: ["condemn"], limit: 100 });
    expect(condemn.items.map((s) => s.actor).sort()).toEqual(["EU", "FR"]);
    const feb = await listStances(conn.db, { topic: topic(), from: "2024-02-09", to: "2024-02-28", limit: 100 });
    expect(feb.items.map((s) => s.statementDate)).toEqual(["2024-02-09", "2024-02-10", "2024-02-28"]);
    const inB = await listStances(conn.db, { report: [reportB], limit: 100 });
    expect(inB.items.map((s) => [s.reportId, s.actor]).sort()).toEqual([
      [reportB, "EU"],
      [reportB, "TR"],
    ]);
  });

  test("outlet matches the statement's source: its cited outlet, else its report's outlet, ignoring case", async () => {
    const herald = await listStances(conn.db, { outlet: "kingdom herald", limit: 100 });
    // Report A's outlet, but two of its three statements cite other outlets.
    expect(herald.items.map((s) => [s.reportId, s.actor])).toEqual([[reportA, "RU"]]);
    const anadolu = await listStances(conn.db, { outlet: "Anadolu", limit: 100 });
    expect(anadolu.items.map((s) => s.actor).sort()).toEqual(["EU", "TR"]);
  });

  test("a cited statement takes the citation's date and outlet", async () => {
    const { items } = await listStances(conn.db, { topic: topic(), actor: ["FR"], limit: 10 });
    expect(items[0]).toMatchObject({
      statementDate: "2024-02-09",
      citedSource: { outlet: "Le Monde", date: "2024-02-09", precision: "day" },
    });
  });

  test("every field of an item is the stored row's, timestamps in UTC ISO form whatever the session zone", async () => {
    // The item is built as JSON by the database: checked against the row as drizzle reads it.
    const { items } = await listStances(conn.db, { topic: topic(), actor: ["FR"], limit: 10 });
    const item = items[0];
    if (!item) throw new Error("no FR coding");
    await conn.db
      .update(codings)
      .set({
        confidence: 0.8765,
        note: 'checked "twice"',
        updatedAt: new Date("2024-05-06T07:08:09.123Z"),
      })
      .where(eq(codings.id, item.id));
    // In one transaction, so the zone is that of the session the query runs on (a pool has several).
    await conn.db.transaction(async (tx) => {
      await tx.execute(sql`set local time zone 'Asia/Kathmandu'`);
      const [stored] = await tx.select().from(codings).where(eq(codings.id, item.id));
      const [again] = (await listStances(tx, { topic: topic(), actor: ["FR"], limit: 10 })).items;
      expect(again).toEqual({
        ...item,
        confidence: 0.877,
        note: 'checked "twice"',
        createdAt: stored?.createdAt.toISOString(),
        updatedAt: "2024-05-06T07:08:09.123Z",
      });
      expect(Object.keys(again ?? {}).sort()).toEqual(Object.keys(item).sort());
      expect(again).toMatchObject({
        actor: "FR",
        actorName: "France",
        reportId: reportA,
        reportOutlet: "Kingdom Herald",
        reportPublishedOn: "2024-02-10",
        stance: "condemn",
        evidence: "Paris called on Ruritania alone to withdraw (Le Monde, February 9).",
        citedSource: { outlet: "Le Monde", date: "2024-02-09", precision: "day" },
      });
      expect(typeof again?.citedSourceId).toBe("number");
    });
  });

  test("keyset pagination walks every row once, in statement-date order", async () => {
    const seen: number[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listStances(conn.db, { limit: 2, cursor });
      seen.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    const all = await listStances(conn.db, { limit: 1000 });
    expect(seen).toEqual(all.items.map((s) => s.id));
    expect(pages).toBe(Math.ceil(all.items.length / 2));
    const dates = all.items.map((s) => s.statementDate);
    expect(dates).toEqual([...dates].sort());
  });

  test("unknown actor codes are a 400 listing the valid ones; unknown topics list the known ones", async () => {
    const error = await listStances(conn.db, { actor: ["TR", "XX"], limit: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Problem);
    expect((asApiError(error) as ApiError).status).toBe(400);
    expect((asApiError(error) as ApiError).message).toMatch(/XX.*Valid codes: TR, RU, US, FR, DE, EU/);
    const topicError = await listStances(conn.db, { topic: "atlantis", limit: 10 }).catch((e: unknown) => e);
    expect((asApiError(topicError) as ApiError).message).toMatch(/Unknown topic "atlantis".*karabakh-2023/);
    const cursorError = await listStances(conn.db, { cursor: "nonsense", limit: 10 }).catch((e: unknown) => e);
    expect((asApiError(cursorError) as ApiError).code).toBe("bad_request");
    // Well-formed but impossible keys never reach SQL.
    for (const key of [
      ["2023-13-45", 1],
      ["2023-01-01", 2 ** 31],
      ["0000-01-01", 1],
    ]) {
      const crafted = Buffer.from(JSON.stringify(key)).toString("base64url");
      const error = await listStances(conn.db, { cursor: crafted, limit: 10 }).catch((e: unknown) => e);
      expect((asApiError(error) as ApiError).code).toBe("bad_request");
    }
  });

  test("streamStances checks its filters before it yields anything", async () => {
    await expect(streamStances(conn.db, { actor: ["XX"] })).rejects.toMatchObject({ kind: "invalid" });
  });

  test("streamStances yields the same rows as the pages, in small batches, and honours a limit", async () => {
    const streamed: number[] = [];
    for await (const s of await streamStances(conn.db, {}, { batchSize: 2 })) streamed.push(s.id);
    expect(streamed).toEqual((await listStances(conn.db, { limit: 1000 })).items.map((s) => s.id));
    const limited: number[] = [];
    for await (const s of await streamStances(conn.db, { limit: 3 }, { batchSize: 2 })) limited.push(s.id);
    expect(limited).toEqual(streamed.slice(0, 3));
  });
});

describe("summarizeStances", () => {
  test("by source: cited sources by outlet and date, else the report", async () => {
    const rows = await summarizeStances(conn.db, { topic: topic() }, "source");
    expect(rows.map((r) => `${r.date} ${r.label} ${r.actor} ${r.support}/${r.neutral}/${r.condemn} ${r.net}`)).toEqual([
      "2024-02-08 Anadolu TR 1/0/0 1",
      "2024-02-09 Le Monde FR 0/0/1 -1",
      "2024-02-10 Kingdom Herald RU 0/1/0 0",
      "2024-02-28 Anadolu EU 0/0/1 -1",
      "2024-03-01 Border Times TR 1/0/0 1",
    ]);
    expect(rows.find((r) => r.label === "Kingdom Herald")?.reportId).toBe(reportA);
    expect(rows.find((r) => r.label === "Anadolu")?.reportId).toBeNull();
  });

  test("by report, month and outlet; net is averaged", async () => {
    const byReport = await summarizeStances(conn.db, { topic: topic() }, "report");
    expect(byReport.map((r) => `${r.reportId} ${r.actor} ${r.total}`)).toEqual([
      `${reportA} TR 1`,
      `${reportA} RU 1`,
      `${reportA} FR 1`,
      `${reportB} TR 1`,
      `${reportB} EU 1`,
    ]);
    const byMonth = await summarizeStances(conn.db, { topic: topic(), actor: ["TR"] }, "month");
    expect(byMonth.map((r) => [r.key, r.total, r.net])).toEqual([
      ["2024-02", 1, 1],
      ["2024-03", 1, 1],
    ]);
    const byOutlet = await summarizeStances(conn.db, { topic: topic() }, "outlet");
    expect(byOutlet.filter((r) => r.key === "anadolu").map((r) => r.actor)).toEqual(["TR", "EU"]);
  });

  test("a neutral and a condemn in one group average to -0.5", async () => {
    await conn.db.update(codings).set({ stance: "condemn", status: "corrected" }).where(eq(codings.reportId, reportB));
    const rows = await summarizeStances(conn.db, { topic: topic(), actor: ["TR", "EU"] }, "month");
    expect(rows.find((r) => r.key === "2024-03" && r.actor === "TR")).toMatchObject({ condemn: 1, net: -1 });
    await makeReport(conn.db, {
      topicId,
      publishedOn: "2024-03-20",
      statements: [{ actor: "TR", stance: "neutral" }],
    });
    const after = await summarizeStances(conn.db, { topic: topic(), actor: ["TR"] }, "month");
    expect(after.find((r) => r.key === "2024-03")).toMatchObject({ neutral: 1, condemn: 1, total: 2, net: -0.5 });
  });
});
