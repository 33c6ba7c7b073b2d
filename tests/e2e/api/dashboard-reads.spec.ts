import { expect, test } from "@playwright/test";

test.describe("[DASHBOARD_API]", () => {
  test("alignment: every pair of the chosen actors with the share of same stances", async ({ request }) => {
    const res = await request.get("/api/alignment?actor=TR,RU,US");
    expect(res.status()).toBe(200);
    const body = await res.json();
    expect(body.actors).toEqual(["TR", "RU", "US"]);
    const pairs = body.items.map((p: { a: string; b: string; reports: number; same: number; share: number | null }) => [
      p.a,
      p.b,
      p.reports,
      p.same,
      p.share,
    ]);
    expect(pairs).toEqual([
      ["TR", "RU", 1, 1, 1],
      ["TR", "US", 1, 0, 0],
      ["RU", "US", 1, 0, 0],
    ]);
  });

  test("alignment takes the coding filters: nothing before the operation", async ({ request }) => {
    const body = await (await request.get("/api/alignment?actor=TR,RU&to=2023-09-01")).json();
    expect(body.items).toEqual([{ a: "TR", b: "RU", reports: 0, same: 0, share: null, reportIds: [] }]);
  });

  test("outlets: publishing and cited outlets of coded statements", async ({ request }) => {
    const { items } = await (await request.get("/api/outlets")).json();
    const names = items.map((o: { outlet: string }) => o.outlet);
    expect(names).toEqual(["Al Jazeera", "Apa.az", "Eurasia Daily Monitor", "Eurasianet"]);
  });

  test("the dashboard page itself is server-rendered with its data", async ({ request }) => {
    const html = await (await request.get("/?actor=TR,RU")).text();
    // The matrix is plain SVG, drawn on the server; the query cache travels with the page.
    expect(html).toContain('data-chart="matrix"');
    expect(html).toContain('data-actor="TR"');
    expect(html).toContain("stances:summary");
  });
});
