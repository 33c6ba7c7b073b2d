import { expect, test } from "@playwright/test";

test.describe("[HOME]", () => {
  test("shows the six actors with their stances and the evidence sentences", async ({ page }, testInfo) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(
      "Azerbaijan's September 2023 operation in Karabakh",
    );
    const cards = page.getByRole("article");
    await expect(cards).toHaveCount(6);
    const expected: [string, string][] = [
      ["Turkey", "Support"],
      ["Russia", "Support"],
      ["United States", "Condemn"],
      ["France", "Condemn"],
      ["Germany", "Condemn"],
      ["European Union", "Condemn"],
    ];
    for (const [name, label] of expected) {
      const card = page.getByRole("article", { name: new RegExp(`^${name}`) });
      await expect(card.locator("header")).toContainText(label);
    }
    const turkey = page.getByRole("article", { name: /^Turkey/ });
    await expect(turkey.getByRole("blockquote").first()).toContainText("It is a matter of pride that the operation");
    await expect(turkey).toContainText("Al Jazeera, 25 Sep 2023");
    await expect(page.getByRole("article", { name: /^Russia/ })).toContainText("Moved neutral → support");
    await testInfo.attach("home", { body: await page.screenshot({ fullPage: true }), contentType: "image/png" });
  });

  test("an unknown topic shows the not-found page", async ({ page }) => {
    const res = await page.goto("/?topic=atlantis");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  });
});
