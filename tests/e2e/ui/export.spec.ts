import fs from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { XMLValidator } from "fast-xml-parser";

// Reads only, on the shared server: each chart's four buttons, with Countries set to Turkey and Russia.
const CHARTS = ["matrix", "distribution", "timeline", "alignment"] as const;
const TODAY = new Date().toISOString().slice(0, 10);

async function download(page: Page, chart: string, label: string) {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(`figure[data-chart="${chart}"]`).getByRole("button", { name: label }).click(),
  ]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: fs.readFileSync(path) };
}

test.describe("[EXPORT_UI]", () => {
  test("every chart has its four export buttons, and each downloads its file as filtered", async ({
    page,
  }, testInfo) => {
    await page.goto("/");
    await page.getByLabel("Countries").selectOption(["TR", "RU"]);
    await expect(page).toHaveURL(/actor=TR%2CRU|actor=TR,RU/);
    for (const chart of CHARTS) {
      const figure = page.locator(`figure[data-chart="${chart}"]`);
      await expect(figure).toHaveAttribute("aria-busy", "false");
      for (const label of ["Export PNG", "Export SVG", "Export CSV", "Export JSON"]) {
        await expect(figure.getByRole("button", { name: label })).toBeVisible();
      }

      const png = await download(page, chart, "Export PNG");
      expect(png.name).toBe(`stancewatch-${chart}-tr-ru-${TODAY}.png`);
      expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.body.readUInt32BE(16)).toBe(2000);

      const svg = await download(page, chart, "Export SVG");
      expect(svg.name).toBe(`stancewatch-${chart}-tr-ru-${TODAY}.svg`);
      const text = svg.body.toString("utf8");
      expect(XMLValidator.validate(text)).toBe(true);
      expect(text).toContain("Turkey, Russia");
      expect(text).not.toMatch(/data-actor="(US|FR|DE|EU)"/);
      // The PNG is twice the SVG's size.
      const height = Number(/^<svg[^>]*\sheight="(\d+)"/.exec(text)?.[1]);
      expect(png.body.readUInt32BE(20)).toBe(height * 2);
      if (chart === "timeline") {
        await testInfo.attach("timeline.png", { body: png.body, contentType: "image/png" });
        await testInfo.attach("timeline.svg", { body: svg.body, contentType: "image/svg+xml" });
      }

      const csv = await download(page, chart, "Export CSV");
      expect(csv.name).toBe(`stancewatch-${chart}-tr-ru-${TODAY}.csv`);
      const lines = csv.body.toString("utf8").trim().split("\r\n");
      const header = lines[0]?.split(",") ?? [];
      const col = header.findIndex((h) => h === "actor" || h === "actor_a");
      expect(col).toBeGreaterThanOrEqual(0);
      for (const line of lines.slice(1)) expect(["TR", "RU"]).toContain(line.split(",")[col]);

      const json = await download(page, chart, "Export JSON");
      expect(json.name).toBe(`stancewatch-${chart}-tr-ru-${TODAY}.json`);
      const api =
        chart === "alignment"
          ? "/api/alignment?actor=TR,RU"
          : `/api/stances/summary?by=${chart === "timeline" ? "day" : "source"}&maxGroups=150&actor=TR,RU`;
      expect(JSON.parse(json.body.toString("utf8"))).toEqual(await (await page.request.get(api)).json());
    }
  });

  test("CSV with evidence appends one row per coding behind the chart", async ({ page }) => {
    await page.goto("/?actor=TR");
    const figure = page.locator('figure[data-chart="distribution"]');
    await expect(figure).toHaveAttribute("aria-busy", "false");
    await figure.getByLabel("CSV with evidence").check();
    const csv = await download(page, "distribution", "Export CSV");
    const text = csv.body.toString("utf8");
    expect(text).toContain("evidence_actor,stance,evidence,report,outlet,url,date");
    expect(text).toContain("It is a matter of pride");
    expect(text).not.toMatch(/\r\n(RU|US|FR|DE|EU),/);
  });
});
