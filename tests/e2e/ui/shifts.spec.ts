import { expect, test } from "@playwright/test";

// Reads only, on the shared server: the seed's one shift is Russia's, from calls on both sides (19 Sep) to
// Medvedev's warning to Armenia (21 Sep).
test.describe("[SHIFTS_UI]", () => {
  test("the timeline marks Russia's shift; the marker names the change and opens both sentences", async ({ page }) => {
    await page.goto("/");
    const timeline = page.locator('figure[data-chart="timeline"]');
    await expect(timeline).toHaveAttribute("aria-busy", "false");
    const marker = timeline.locator("[data-shift]");
    await expect(marker).toHaveCount(1);
    await expect(marker).toHaveAttribute("data-shift-actor", "RU");
    await expect(marker.locator("title")).toHaveText("Russia: shift from neutral to support, 21 Sep 2023");
    await expect(timeline).toContainText("stance shift (1)");
    await marker.click();
    const evidence = page.getByTestId("evidence-panel");
    await expect(evidence.getByRole("heading")).toHaveText(/Russia: neutral → support/);
    await expect(evidence.locator("li[data-actor]")).toHaveCount(2);
    await expect(evidence).toContainText("call on both sides to stop fighting");
    await expect(evidence).toContainText("One can guess what awaits Armenia");
    // Narrowed to Turkey, the timeline has no marker.
    await page.getByLabel("Countries").selectOption(["TR"]);
    await expect(page).toHaveURL(/actor=TR/);
    await expect(timeline).toHaveAttribute("aria-busy", "false");
    await expect(timeline.locator("[data-shift]")).toHaveCount(0);
  });

  test("the Shifts view lists the shift, filters by country in the URL, and shows an empty state", async ({ page }) => {
    await page.goto("/shifts");
    const list = page.getByTestId("shift-list");
    await expect(list.locator("li[data-shift]")).toHaveCount(1);
    const card = list.locator('li[data-actor="RU"]');
    await expect(card).toContainText("Russia");
    await expect(card).toContainText("19 Sep 2023 → 21 Sep 2023");
    await expect(card.locator("blockquote").first()).toContainText("call on both sides");
    await expect(card.locator("blockquote").last()).toContainText("One can guess what awaits Armenia");
    await expect(card.getByRole("link").first()).toHaveAttribute("href", /^\/reports\/1#coding-\d+$/);

    await page.getByLabel("Countries").selectOption(["TR"]);
    await expect(page).toHaveURL(/\/shifts\?actor=TR$/);
    await expect(page.getByTestId("shifts-empty")).toBeVisible();
    await expect(list.locator("li[data-shift]")).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Atom feed" })).toHaveAttribute("href", "/api/shifts/feed?actor=TR");

    await page.getByLabel("Countries").selectOption(["RU"]);
    await expect(page).toHaveURL(/actor=RU$/);
    await expect(list.locator('li[data-actor="RU"]')).toHaveCount(1);
    await page.reload();
    await expect(page.getByLabel("Countries")).toHaveValues(["RU"]);
    await expect(list.locator('li[data-actor="RU"]')).toHaveCount(1);
    await page.goBack();
    await expect(page).toHaveURL(/actor=TR$/);
    await expect(page.getByTestId("shifts-empty")).toBeVisible();
  });
});
