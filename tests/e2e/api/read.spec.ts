import { expect, test } from "@playwright/test";

type Stance = {
  id: number;
  actor: string;
  topicId: number;
  reportId: number;
  stance: string;
  statementDate: string;
  evidence: string;
  evidenceStart: number;
  evidenceEnd: number;
  citedSource: { outlet: string; date: string } | null;
  coder: string;
  confidence: number;
  status: string;
};

test.describe("[READ_API]", () => {
  test("health reports the database", async ({ request }) => {
    const res = await request.get("/api/health");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("application/json; charset=utf-8");
    const body = await res.json();
    expect(body.status).toBe("ok");
    expect(["pglite", "postgres"]).toContain(body.database);
  });

  test("actors: the six defaults with code and name", async ({ request }) => {
    const { items } = await (await request.get("/api/actors")).json();
    expect(items.map((a: { code: string; name: string }) => [a.code, a.name])).toEqual([
      ["TR", "Turkey"],
      ["RU", "Russia"],
      ["US", "United States"],
      ["FR", "France"],
      ["DE", "Germany"],
      ["EU", "European Union"],
    ]);
  });

  test("topics: the sample topic with its acting party", async ({ request }) => {
    const { items } = await (await request.get("/api/topics")).json();
    expect(items).toContainEqual(
      expect.objectContaining({
        slug: "karabakh-2023",
        title: "Azerbaijan's September 2023 operation in Karabakh",
        actingParty: "Azerbaijan",
      }),
    );
  });

  test("reports list and one report with body, cited sources and codings", async ({ request }) => {
    const list = await (await request.get("/api/reports?topic=karabakh-2023")).json();
    expect(list.nextCursor).toBeNull();
    const [summary] = list.items;
    expect(summary).toMatchObject({
      outlet: "Eurasia Daily Monitor",
      publishedOn: "2023-10-01",
      publishedPrecision: "month",
    });
    expect(summary.body).toBeUndefined();
    const report = await (await request.get(`/api/reports/${summary.id}`)).json();
    expect(report.body).toContain("Turkey Supports Azerbaijan’s Operation in Karabakh");
    expect(report.citedSources.map((c: { outlet: string }) => c.outlet)).toEqual(
      expect.arrayContaining(["TASS", "Al Jazeera", "Trend.az", "Apa.az", "Euronews", "Eurasianet"]),
    );
    expect(report.codings).toHaveLength(9);
    for (const c of report.codings as Stance[])
      expect(report.body.slice(c.evidenceStart, c.evidenceEnd)).toBe(c.evidence);
  });

  test("stances?actor=TR: Turkey's support with Erdogan's sentence, offsets and Al Jazeera 2023-09-25", async ({
    request,
  }) => {
    const { items } = (await (await request.get("/api/stances?actor=TR")).json()) as { items: Stance[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((s) => s.actor === "TR" && s.stance === "support")).toBe(true);
    const erdogan = items.find((s) => s.evidence.includes("Erdogan"));
    expect(erdogan).toMatchObject({
      statementDate: "2023-09-25",
      citedSource: { outlet: "Al Jazeera", date: "2023-09-25" },
    });
    const report = await (await request.get(`/api/reports/${erdogan?.reportId}`)).json();
    expect(report.body.slice(erdogan?.evidenceStart, erdogan?.evidenceEnd)).toBe(erdogan?.evidence);
    for (const key of ["id", "topicId", "reportId", "coder", "confidence", "status"])
      expect(erdogan).toHaveProperty(key);
  });

  test("every stance filter narrows the rows", async ({ request }) => {
    const get = async (qs: string) =>
      ((await (await request.get(`/api/stances?${qs}`)).json()) as { items: Stance[] }).items;
    const actors = async (qs: string) => (await get(qs)).map((s) => s.actor).sort();
    expect(await actors("actor=TR,RU")).toEqual(["RU", "RU", "TR", "TR"]);
    expect(await actors("actor=fr")).toEqual(["FR"]);
    expect(await actors("actor=TR&actor=EU")).toEqual(["EU", "TR", "TR"]);
    expect(await actors("stance=condemn")).toEqual(["DE", "EU", "FR", "US", "US"]);
    expect(await actors("stance=support,neutral")).toEqual(["RU", "RU", "TR", "TR"]);
    expect((await get("status=confirmed")).length).toBe(9);
    expect(await get("status=auto")).toEqual([]);
    expect(await get("status=rejected")).toEqual([]);
    expect(await actors("from=2023-09-21&to=2023-09-21")).toEqual(["EU", "RU", "US"]);
    expect(await actors("to=2023-09-19")).toEqual(["DE", "FR", "RU", "US"]);
    expect(await actors("from=2023-09-25")).toEqual(["TR", "TR"]);
    expect((await get("topic=karabakh-2023")).length).toBe(9);
    const [first] = await get("actor=TR");
    expect((await get(`topic=${first?.topicId}`)).length).toBe(9);
    expect((await get(`report=${first?.reportId}`)).length).toBe(9);
    expect(await actors("outlet=Apa.az")).toEqual(["EU", "US"]);
    // The source's outlet: statements of the report that cite nobody.
    expect(await actors("outlet=eurasia%20daily%20monitor")).toEqual(["RU", "TR"]);
    expect(await actors("source=cited:al%20jazeera:2023-09-19")).toEqual(["DE", "FR", "US"]);
    expect(await actors("actor=US&stance=condemn&from=2023-09-20")).toEqual(["US"]);
  });

  test("cursor pagination returns every stance once", async ({ request }) => {
    const ids: number[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = cursor ? `limit=4&cursor=${cursor}` : "limit=4";
      const page: { items: Stance[]; nextCursor: string | null } = await (
        await request.get(`/api/stances?${qs}`)
      ).json();
      expect(page.items.length).toBeLessThanOrEqual(4);
      ids.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toHaveLength(9);
    expect(new Set(ids).size).toBe(9);
  });

  test("status=rejected is empty on the sample, and rejected codings are never in the default view", async ({
    request,
  }) => {
    const all = (await (await request.get("/api/stances?status=auto,confirmed,corrected,rejected")).json()).items;
    const visible = (await (await request.get("/api/stances")).json()).items;
    expect(visible.map((s: Stance) => s.id)).toEqual(
      all.filter((s: Stance) => s.status !== "rejected").map((s: Stance) => s.id),
    );
  });

  test("reports: filters and pagination over HTTP", async ({ request }) => {
    const get = async (qs: string) =>
      (await (await request.get(`/api/reports?${qs}`)).json()).items as { id: number }[];
    expect(await get("outlet=Eurasia%20Daily%20Monitor")).toHaveLength(1);
    expect(await get("outlet=Al%20Jazeera")).toHaveLength(0);
    expect(await get("language=en")).toHaveLength(1);
    expect(await get("language=fr")).toHaveLength(0);
    expect(await get("from=2023-10-01&to=2023-10-31")).toHaveLength(1);
    expect(await get("to=2023-09-30")).toHaveLength(0);
    const page = await (await request.get("/api/reports?limit=1")).json();
    expect(page.items).toHaveLength(1);
    expect(page.nextCursor).toBeNull();
  });

  test("a limit above the cap is capped, not refused", async ({ request }) => {
    const res = await request.get("/api/stances?limit=1000000");
    expect(res.status()).toBe(200);
    expect((await res.json()).items.length).toBe(9);
  });

  test("format=csv: the same rows as text/csv with a header row", async ({ request }) => {
    const res = await request.get("/api/stances?actor=TR,RU&format=csv");
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toBe("text/csv; charset=utf-8");
    const text = await res.text();
    const lines = text.trim().split("\r\n");
    expect(lines[0]).toMatch(/^id,actor,actor_name,topic_id,report_id,/);
    const json = (await (await request.get("/api/stances?actor=TR,RU")).json()) as { items: Stance[] };
    expect(lines.length - 1).toBe(json.items.length);
    expect(lines.slice(1).map((l) => l.split(",")[1])).toEqual(json.items.map((s) => s.actor));
    expect(text).toContain("It is a matter of pride");
    // Evidence with commas and quotes is quoted per RFC 4180.
    expect(text).toContain('"For example, Turkish President Recep Tayyip Erdogan');
  });

  test("format=csv honours limit and cursor, and refuses bad filters before streaming", async ({ request }) => {
    const first = await (await request.get("/api/stances?limit=4")).json();
    const rest = await (await request.get(`/api/stances?format=csv&cursor=${first.nextCursor}`)).text();
    expect(rest.trim().split("\r\n")).toHaveLength(1 + 9 - 4);
    const two = await (await request.get("/api/stances?format=csv&limit=2")).text();
    expect(two.trim().split("\r\n")).toHaveLength(3);
    const bad = await request.get("/api/stances?format=csv&actor=XX");
    expect(bad.status()).toBe(400);
    expect((await bad.json()).error.message).toContain("Valid codes: TR, RU, US, FR, DE, EU");
  });

  test("summary by source: a row of dated sources from the seed article", async ({ request }) => {
    const res = await request.get("/api/stances/summary?by=source");
    expect(res.status()).toBe(200);
    const { by, items } = await res.json();
    expect(by).toBe("source");
    const labels = new Set(items.map((i: { label: string }) => i.label));
    for (const outlet of ["Al Jazeera", "Apa.az", "Eurasianet", "Eurasia Daily Monitor"])
      expect(labels).toContain(outlet);
    const tr = items.find(
      (i: { actor: string; key: string }) => i.actor === "TR" && i.key === "cited:al jazeera:2023-09-25",
    );
    expect(tr).toMatchObject({ date: "2023-09-25", support: 1, neutral: 0, condemn: 0, total: 1, net: 1 });
    const dates = items.map((i: { date: string }) => i.date);
    expect(dates).toEqual([...dates].sort());
  });

  test("summary by report, month and outlet, filtered by two actors", async ({ request }) => {
    const get = async (qs: string) => (await (await request.get(`/api/stances/summary?${qs}`)).json()).items;
    const byReport = await get("by=report&actor=TR,RU");
    expect(byReport.map((i: { actor: string; net: number; total: number }) => [i.actor, i.total, i.net])).toEqual([
      ["TR", 2, 1],
      ["RU", 2, 0.5],
    ]);
    const byMonth = await get("by=month&actor=TR");
    expect(byMonth.map((i: { key: string; total: number }) => [i.key, i.total])).toEqual([
      ["2023-09", 1],
      ["2023-10", 1],
    ]);
    const byDay = await get("by=day&actor=RU");
    expect(byDay.map((i: { key: string; net: number }) => [i.key, i.net])).toEqual([
      ["2023-09-19", 0],
      ["2023-09-21", 1],
    ]);
    const filtered = await get("by=source&stance=condemn&from=2023-09-20&topic=karabakh-2023&status=confirmed");
    expect(filtered.map((i: { label: string; actor: string }) => `${i.label} ${i.actor}`)).toEqual([
      "Apa.az US",
      "Apa.az EU",
    ]);
    const bySourceOutlet = await get("by=outlet&outlet=apa.az");
    expect(bySourceOutlet.map((i: { label: string; actor: string }) => `${i.label} ${i.actor}`)).toEqual([
      "Apa.az US",
      "Apa.az EU",
    ]);
    const coarse = await (await request.get("/api/stances/summary?by=source&maxGroups=2")).json();
    expect(coarse).toMatchObject({ by: "month", requestedBy: "source" });
    const byOutlet = await get("by=outlet&actor=US");
    expect(byOutlet.map((i: { label: string; condemn: number }) => [i.label, i.condemn])).toEqual([
      ["Al Jazeera", 1],
      ["Apa.az", 1],
    ]);
  });
});
