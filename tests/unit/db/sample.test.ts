import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Connection } from "@/db/client";
import { listActors } from "@/db/queries/actors";
import { getReport, listReports } from "@/db/queries/reports";
import { listStances } from "@/db/queries/stances";
import { listTopics } from "@/db/queries/topics";
import { actorAliases, actors as actorsTable } from "@/db/schema";
import { loadSampleData } from "@/db/seed/load";
import { createTestDatabase } from "../../helpers/db";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("sample data", () => {
  test("the six default actors, in order, with dated aliases for officials", async () => {
    const actors = await listActors(conn.db);
    expect(actors.map((a) => a.code)).toEqual(["TR", "RU", "US", "FR", "DE", "EU"]);
    expect(actors.every((a) => a.isDefault)).toBe(true);
    const borrell = actors.find((a) => a.code === "EU")?.aliases.find((a) => a.alias === "Borrell");
    expect(borrell).toMatchObject({ kind: "official", validFrom: "2019-12-01", validTo: "2024-11-30" });
    // Each actor's aliases, every field, in the order they were added.
    const stored = await conn.db.select().from(actorAliases).orderBy(actorAliases.id);
    const ids = await conn.db.select({ id: actorsTable.id, code: actorsTable.code }).from(actorsTable);
    for (const actor of actors) {
      const id = ids.find((r) => r.code === actor.code)?.id;
      expect(actor.aliases, actor.code).toEqual(
        stored
          .filter((a) => a.actorId === id)
          .map(({ alias, kind, language, role, validFrom, validTo }) => ({
            alias,
            kind,
            language,
            role,
            validFrom,
            validTo,
          })),
      );
    }
    expect(actors.every((a) => a.aliases.length > 0)).toBe(true);
  });

  test("the seed article under the Karabakh topic, month precision, with its 17 dated citations", async () => {
    const [topic] = await listTopics(conn.db);
    expect(topic).toMatchObject({
      slug: "karabakh-2023",
      title: "Azerbaijan's September 2023 operation in Karabakh",
      actingParty: "Azerbaijan",
      reportCount: 1,
      codingCount: 9,
    });
    const { items } = await listReports(conn.db, { limit: 10 });
    expect(items).toHaveLength(1);
    const report = await getReport(conn.db, items[0]?.id ?? 0);
    expect(report).toMatchObject({
      outlet: "Eurasia Daily Monitor",
      publishedOn: "2023-10-01",
      publishedPrecision: "month",
    });
    expect(report.citedSources).toHaveLength(17);
    for (const c of report.citedSources) expect(report.body.slice(c.start, c.end)).toBe(c.citation);
  });

  test("every coding's evidence is the body between its offsets", async () => {
    const { items } = await listStances(conn.db, { limit: 100 });
    const report = await getReport(conn.db, items[0]?.reportId ?? 0);
    expect(items).toHaveLength(9);
    for (const s of items) expect(report.body.slice(s.evidenceStart, s.evidenceEnd)).toBe(s.evidence);
  });

  test("Turkey supports, with Erdogan's words cited to Al Jazeera on 25 September", async () => {
    const { items } = await listStances(conn.db, { actor: ["TR"], limit: 100 });
    const erdogan = items.find((s) => s.evidence.includes("Erdogan"));
    expect(erdogan).toMatchObject({
      stance: "support",
      statementDate: "2023-09-25",
      citedSource: { outlet: "Al Jazeera", date: "2023-09-25" },
      status: "confirmed",
    });
    expect(erdogan?.evidence).toContain("It is a matter of pride that the operation was successfully completed");
    expect(items.every((s) => s.stance === "support")).toBe(true);
  });

  test("France, Germany and the US condemn (Al Jazeera, 19 September); the US and the EU (Apa.az, 21 September)", async () => {
    const { items } = await listStances(conn.db, { actor: ["FR", "DE", "US", "EU"], limit: 100 });
    const pairs = items.map((s) => `${s.actor} ${s.stance} ${s.citedSource?.outlet} ${s.statementDate}`).sort();
    expect(pairs).toEqual([
      "DE condemn Al Jazeera 2023-09-19",
      "EU condemn Apa.az 2023-09-21",
      "FR condemn Al Jazeera 2023-09-19",
      "US condemn Al Jazeera 2023-09-19",
      "US condemn Apa.az 2023-09-21",
    ]);
    expect(items.find((s) => s.actor === "FR")?.evidence).toContain("Each demanded that Baku cease");
    expect(items.find((s) => s.actor === "EU")?.evidence).toContain("Josep Borrell");
  });

  test("Russia statement by statement: a call on both sides, then alignment with Baku", async () => {
    const { items } = await listStances(conn.db, { actor: ["RU"], limit: 100 });
    expect(items.map((s) => [s.statementDate, s.stance, s.citedSource?.outlet ?? null])).toEqual([
      ["2023-09-19", "neutral", null],
      ["2023-09-21", "support", "Eurasianet"],
    ]);
  });

  test("loading again adds nothing", async () => {
    expect(await loadSampleData(conn.db)).toEqual({ loaded: false });
    expect((await listStances(conn.db, { limit: 100 })).items).toHaveLength(9);
    expect((await listActors(conn.db)).length).toBe(6);
  });
});
