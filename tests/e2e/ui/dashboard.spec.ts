import { expect, type Page, test } from "@playwright/test";

const CHARTS = ["matrix", "distribution", "alignment", "timeline"];
const SIX = ["TR", "RU", "US", "FR", "DE", "EU"];

async function actorsOnCharts(page: Page): Promise<string[]> {
  return page
    .locator("figure[data-chart] [data-actor]")
    .evaluateAll(
      (els) =>
        [...new Set(els.flatMap((e) => [e.getAttribute("data-actor"), e.getAttribute("data-actor-b")]))].filter(
          Boolean,
        ) as string[],
    );
}

async function waitForCharts(page: Page) {
  for (const id of CHARTS)
    await expect(page.locator(`figure[data-chart="${id}"]`)).toHaveAttribute("aria-busy", "false");
}

test.describe("[DASHBOARD]", () => {
  test("loads with the four charts, each captioned, with marks for the six actors", async ({ page }, testInfo) => {
    await page.goto("/");
    for (const id of CHARTS) {
      const figure = page.locator(`figure[data-chart="${id}"]`);
      await expect(figure).toBeVisible();
      await expect(figure.locator("figcaption")).not.toBeEmpty();
    }
    await waitForCharts(page);
    await expect(page.locator('figure[data-chart="timeline"] [data-actor]').first()).toBeVisible();
    expect((await actorsOnCharts(page)).sort()).toEqual([...SIX].sort());
    const matrixActors = await page
      .locator('figure[data-chart="matrix"] [data-actor]')
      .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute("data-actor")))]);
    expect(matrixActors.sort()).toEqual([...SIX].sort());
    // The seed alone gives the matrix several dated sources to compare.
    expect(await page.locator('figure[data-chart="matrix"] .matrix__col-label').count()).toBeGreaterThanOrEqual(6);
    const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("dashboard.png") });
    await testInfo.attach("dashboard", { body: shot, contentType: "image/png" });
  });

  test("choosing Turkey and Russia in Countries updates the URL without a page load, and only they appear", async ({
    page,
  }) => {
    await page.goto("/");
    await waitForCharts(page);
    await page.evaluate(() => {
      (window as unknown as { __samePage: boolean }).__samePage = true;
    });
    await page.getByLabel("Countries").selectOption(["TR", "RU"]);
    await expect(page).toHaveURL(/[?&]actor=TR%2CRU|[?&]actor=TR,RU/);
    await waitForCharts(page);
    await expect.poll(async () => (await actorsOnCharts(page)).sort()).toEqual(["RU", "TR"]);
    expect(await page.evaluate(() => (window as unknown as { __samePage?: boolean }).__samePage)).toBe(true);
    await expect(page.getByTestId("active-filters")).toHaveText(/^Turkey, Russia/);
    // The evidence behind a mark stays within the two countries too.
    await page.locator('figure[data-chart="alignment"] [data-actor="TR"][data-actor-b="RU"]').click();
    const evidence = page.getByTestId("evidence-panel");
    await expect(evidence.locator("li[data-actor]").first()).toBeVisible();
    const listed = await evidence
      .locator("li[data-actor]")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-actor")));
    expect(listed.sort()).toEqual(["RU", "RU", "TR", "TR"]);
  });

  test("a plain click on a country toggles it", async ({ page }) => {
    await page.goto("/");
    await waitForCharts(page);
    const countries = page.getByLabel("Countries");
    await countries.getByRole("option", { name: "Turkey" }).click();
    await countries.getByRole("option", { name: "Russia" }).click();
    await expect(page).toHaveURL(/actor=TR%2CRU|actor=TR,RU/);
    await countries.getByRole("option", { name: "Turkey" }).click();
    await expect(page).toHaveURL(/actor=RU$/);
  });

  test("a reload keeps the filter, and back and forward move between filter states", async ({ page }) => {
    await page.goto("/?actor=TR,RU");
    await waitForCharts(page);
    await expect(page.getByLabel("Countries")).toHaveValues(["TR", "RU"]);
    await page.reload();
    await waitForCharts(page);
    await expect(page.getByLabel("Countries")).toHaveValues(["TR", "RU"]);
    expect((await actorsOnCharts(page)).sort()).toEqual(["RU", "TR"]);
    await page.getByLabel("Stance").selectOption("support");
    await expect(page).toHaveURL(/stance=support/);
    await page.goBack();
    await expect(page).not.toHaveURL(/stance=/);
    await expect(page.getByLabel("Stance")).toHaveValue("");
    await page.goForward();
    await expect(page.getByLabel("Stance")).toHaveValue("support");
  });

  test("clicking a Turkey mark shows Erdogan's sentence", async ({ page }) => {
    await page.goto("/");
    await waitForCharts(page);
    await page.locator('figure[data-chart="matrix"] [data-actor="TR"]').first().click();
    const evidence = page.getByTestId("evidence-panel");
    await expect(evidence).toContainText("It is a matter of pride that the operation was successfully completed");
    await expect(evidence).toContainText("Al Jazeera");
    await expect(evidence.locator("li[data-actor]")).toHaveCount(1);
    // Every chart leads to evidence: a bar segment and a timeline point as well.
    await page.keyboard.press("Escape");
    await expect(evidence).toBeHidden();
    await page.locator('figure[data-chart="distribution"] [data-actor="TR"][data-stance="support"]').click();
    await expect(evidence.locator("li[data-actor]")).toHaveCount(2);
    await page.locator('figure[data-chart="timeline"] [data-actor="TR"]').first().click();
    await expect(evidence).toContainText("It is a matter of pride");
  });

  test("a filter that matches nothing shows the empty state in every chart", async ({ page }) => {
    await page.goto("/");
    await waitForCharts(page);
    await page.getByLabel("From").fill("2030-01-01");
    await expect(page).toHaveURL(/from=2030-01-01/);
    for (const id of CHARTS) {
      await expect(page.locator(`figure[data-chart="${id}"] [data-empty="true"]`)).toContainText(
        "No coded statements match",
      );
    }
    await page.getByRole("button", { name: "Reset filters" }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.locator('figure[data-chart="matrix"] [data-actor]').first()).toBeVisible();
  });

  test("an unknown country code in the URL shows the API's message, not a blank page", async ({ page }) => {
    await page.goto("/?actor=XX");
    await expect(page.locator('figure[data-chart="matrix"] [role="alert"]')).toContainText("Unknown actor code XX");
  });
});

test.describe("[REPORT_PAGE]", () => {
  test("highlights each evidence sentence in its actor's colour and lists the codings", async ({ page }, testInfo) => {
    await page.goto("/");
    await waitForCharts(page);
    await page.locator('figure[data-chart="matrix"] [data-actor="TR"]').first().click();
    await page
      .getByTestId("evidence-panel")
      .getByRole("link", { name: /Turkey Supports/ })
      .click();
    await expect(page).toHaveURL(/\/reports\/\d+#coding-\d+/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Turkey Supports Azerbaijan’s Operation in Karabakh",
    );
    const erdogan = page.locator('mark.evidence-mark[data-actors="TR"]', { hasText: "It is a matter of pride" });
    await expect(erdogan).toBeVisible();
    const shared = page.locator("mark.evidence-mark", { hasText: "Each demanded that Baku cease" });
    expect(((await shared.getAttribute("data-actors")) ?? "").split(" ").sort()).toEqual(["DE", "FR", "US"]);
    expect(await page.locator("mark.evidence-mark").count()).toBeGreaterThanOrEqual(6);
    await expect(page.getByRole("heading", { name: "9 codings" })).toBeVisible();
    await testInfo.attach("report", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  });

  test("an unknown report is a 404 page", async ({ page }) => {
    const res = await page.goto("/reports/999999");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});
