import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Connection } from "@/db/client";
import { getAlignment } from "@/db/queries/alignment";
import { listOutlets } from "@/db/queries/outlets";
import { getSummary, listStances } from "@/db/queries/stances";
import { createTestDatabase } from "../../helpers/db";
import { makeReport, makeTopic } from "../../helpers/factories";

let conn: Connection;
let topic: string;
let reports: number[] = [];

beforeAll(async () => {
  conn = await createTestDatabase();
  const topicId = await makeTopic(conn.db, "alignment-topic");
  topic = String(topicId);
  reports = [
    // TR and RU agree (support); FR condemns.
    await makeReport(conn.db, {
      topicId,
      publishedOn: "2024-01-10",
      statements: [
        { actor: "TR", stance: "support" },
        { actor: "RU", stance: "support" },
        { actor: "FR", stance: "condemn" },
      ],
    }),
    // TR supports; RU first neutral, then condemns later in the text: its report-level stance is condemn.
    await makeReport(conn.db, {
      topicId,
      publishedOn: "2024-02-10",
      statements: [
        { actor: "TR", stance: "support" },
        { actor: "RU", stance: "neutral" },
        { actor: "RU", stance: "condemn" },
      ],
    }),
    // Only TR: no pair.
    await makeReport(conn.db, { topicId, publishedOn: "2024-03-10", statements: [{ actor: "TR", stance: "neutral" }] }),
  ];
});
afterAll(async () => conn?.close());

describe("getAlignment", () => {
  test("share of reports coding both actors in which they took the same report-level stance", async () => {
    const { actors, items } = await getAlignment(conn.db, { topic, actor: ["TR", "RU", "FR", "DE"] });
    expect(actors).toEqual(["TR", "RU", "FR", "DE"]);
    const pair = (a: string, b: string) => items.find((p) => p.a === a && p.b === b);
    expect(pair("TR", "RU")).toMatchObject({ reports: 2, same: 1, share: 0.5, reportIds: [reports[0], reports[1]] });
    expect(pair("TR", "FR")).toMatchObject({ reports: 1, same: 0, share: 0 });
    expect(pair("RU", "FR")).toMatchObject({ reports: 1, same: 0, share: 0 });
    expect(pair("TR", "DE")).toMatchObject({ reports: 0, same: 0, share: null, reportIds: [] });
    expect(items).toHaveLength(6);
  });

  test("without an actor filter, the actors that have codings; filters apply before reducing", async () => {
    const all = await getAlignment(conn.db, { topic });
    expect(all.actors).toEqual(["TR", "RU", "FR"]);
    const january = await getAlignment(conn.db, { topic, to: "2024-01-31", actor: ["TR", "RU"] });
    expect(january.items[0]).toMatchObject({ a: "TR", b: "RU", reports: 1, same: 1, share: 1 });
  });

  test("on the sample data, France, Germany, the US and the EU all agree; Turkey and the US never do", async () => {
    const { items } = await getAlignment(conn.db, { topic: "karabakh-2023" });
    const pair = (a: string, b: string) => items.find((p) => p.a === a && p.b === b);
    expect(pair("US", "FR")?.share).toBe(1);
    expect(pair("DE", "EU")?.share).toBe(1);
    expect(pair("TR", "US")?.share).toBe(0);
    expect(pair("TR", "RU")?.share).toBe(1);
  });
});

describe("summary grouping limits and source keys", () => {
  test("past maxGroups, sources are grouped by month and the payload says so", async () => {
    const wide = await getSummary(conn.db, { topic, by: "report", maxGroups: 2 });
    expect(wide).toMatchObject({ by: "month", requestedBy: "report" });
    expect(new Set(wide.items.map((i) => i.key))).toEqual(new Set(["2024-01", "2024-02", "2024-03"]));
    const narrow = await getSummary(conn.db, { topic, by: "report", maxGroups: 3 });
    expect(narrow.by).toBe("report");
  });

  test("a source key filters the stances behind one matrix column", async () => {
    const summary = await getSummary(conn.db, { topic: "karabakh-2023", by: "source" });
    const alJazeera = summary.items.find((i) => i.key === "cited:al jazeera:2023-09-19");
    expect(alJazeera).toBeDefined();
    const cited = await listStances(conn.db, { source: alJazeera?.key, limit: 100 });
    expect(cited.items.map((s) => s.actor).sort()).toEqual(["DE", "FR", "US"]);
    // Uncited statements: their report on their own date, one source per date.
    const reportKeys = summary.items.filter((i) => i.key.startsWith("report:")).map((i) => [i.key, i.date, i.actor]);
    expect(reportKeys).toEqual([
      [expect.stringMatching(/^report:\d+:2023-09-19$/), "2023-09-19", "RU"],
      [expect.stringMatching(/^report:\d+:2023-10-01$/), "2023-10-01", "TR"],
    ]);
    const own = await listStances(conn.db, { source: String(reportKeys[0]?.[0]), limit: 100 });
    expect(own.items.map((s) => [s.actor, s.citedSource, s.statementDate])).toEqual([["RU", null, "2023-09-19"]]);
  });

  test("report takes several ids", async () => {
    const both = await listStances(conn.db, { report: [reports[0] ?? 0, reports[2] ?? 0], limit: 100 });
    expect(both.items).toHaveLength(4);
  });
});

describe("listOutlets", () => {
  test("publishing outlets and cited outlets of coded statements, merged case-insensitively", async () => {
    const outlets = await listOutlets(conn.db);
    const names = outlets.map((o) => o.outlet);
    expect(names).toContain("Eurasia Daily Monitor");
    expect(names).toContain("Al Jazeera");
    expect(names).toContain("Apa.az");
    // TASS is cited by the seed but no coded statement cites it.
    expect(names).not.toContain("TASS");
    expect(outlets.find((o) => o.outlet === "Al Jazeera")).toMatchObject({ reports: 0, citations: 2 });
  });
});
