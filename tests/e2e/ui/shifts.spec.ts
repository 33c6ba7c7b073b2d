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
    await expect(marker.locator("title")).toHaveText("Russia: shift from neutral to support, 21 Sep 2023, reviewed");
    // The sample's codings are all confirmed: the marker is drawn filled, and the legend says what that means.
    await expect(marker).toHaveAttribute("data-shift-reviewed", "true");
    await expect(marker.locator("path")).not.toHaveAttribute("fill", "#fff");
    await expect(timeline.getByTestId("shift-legend")).toContainText("Stance shifts (1)");
    await expect(timeline.getByTestId("shift-legend")).toContainText("filled: reviewed");
    await expect(timeline.getByTestId("shift-legend")).toContainText("hollow: not reviewed yet");
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

  test("the Shifts view filters by review and by the coder's confidence, in the URL and the feed link", async ({
    page,
  }) => {
    await page.goto("/shifts");
    const list = page.getByTestId("shift-list");
    const card = list.locator('li[data-actor="RU"]');
    await expect(card).toHaveAttribute("data-reviewed", "true");
    await expect(card.getByTestId("shift-side-status")).toHaveText(["confirmed", "confirmed"]);
    await expect(card).toContainText("% confident");
    await expect(page.locator(".shifts")).toHaveAttribute("data-ready", "true");
    await page.getByLabel("Reviewed only").check();
    await expect(page).toHaveURL(/\/shifts\?reviewed=true$/);
    await expect(card).toHaveCount(1);
    await page.getByLabel("Coder confidence").selectOption("0.9");
    await expect(page).toHaveURL(/minConfidence=0\.9&reviewed=true$/);
    await expect(page.getByRole("link", { name: "Atom feed" })).toHaveAttribute(
      "href",
      "/api/shifts/feed?minConfidence=0.9&reviewed=true",
    );
    await page.reload();
    await expect(page.getByLabel("Reviewed only")).toBeChecked();
    await expect(page.getByLabel("Coder confidence")).toHaveValue("0.9");
    await page.getByRole("button", { name: "Reset filters" }).click();
    await expect(page).toHaveURL(/\/shifts$/);
  });
});
