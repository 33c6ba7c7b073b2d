import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signIn } from "../helpers/session";

// Reads only, on the shared server (signing in writes nothing): every page, signed out and, where signing in
// changes what it shows, signed in, must pass axe's WCAG 2.1 A/AA rules and must not scroll sideways on a phone.
const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

type Target = { name: string; path: string | ((page: Page) => Promise<string>); signedIn?: boolean };

/** The sample report: the seed's first. */
async function sampleReport(page: Page): Promise<string> {
  const res = await page.request.get("/api/reports");
  expect(res.status()).toBe(200);
  const { items } = (await res.json()) as { items: { id: number }[] };
  expect(items.length).toBeGreaterThan(0);
  return `/reports/${Math.min(...items.map((r) => r.id))}`;
}

const PAGES: Target[] = [
  { name: "dashboard", path: "/" },
  { name: "shifts", path: "/shifts" },
  { name: "quality", path: "/quality" },
  { name: "review", path: "/review" },
  { name: "review", path: "/review", signedIn: true },
  { name: "add report", path: "/reports/new" },
  { name: "add report", path: "/reports/new", signedIn: true },
  { name: "report", path: sampleReport },
  { name: "report", path: sampleReport, signedIn: true },
  { name: "settings", path: "/settings/webhooks" },
  { name: "settings", path: "/settings/webhooks", signedIn: true },
  { name: "sources", path: "/sources" },
  { name: "sources", path: "/sources", signedIn: true },
  { name: "sign-in", path: "/sign-in" },
  { name: "not found", path: "/no-such-page" },
];

/** Waits until the page's queries have answered: nothing busy, no "Loading…" line, no chart skeleton. */
async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const main = document.querySelector("main");
          return (
            document.querySelectorAll('[aria-busy="true"], .skeleton').length === 0 &&
            !/Loading\b/.test(main?.textContent ?? "")
          );
        }),
      { message: "the page finished loading" },
    )
    .toBe(true);
  // Charts lay themselves out after a resize observer fires, and refreshing bodies fade back in (0.15 s).
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.waitForTimeout(200);
}

async function expectNoAxeViolations(page: Page, label: string) {
  // Legacy mode runs axe in the page itself instead of opening a blank page to combine frames: the app has no
  // iframes, and it halves the time a run takes.
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze();
  const summary = violations.flatMap((v) =>
    v.nodes.map(
      (n) => `- ${v.id} (${v.impact ?? "?"}) ${n.target.join(" ")}\n    ${n.failureSummary?.replace(/\n/g, "\n    ")}`,
    ),
  );
  // Soft, like the overflow check: one run reports everything wrong with the page.
  const message = `axe violations at ${label}:\n${summary.join("\n")}`;
  const ids = violations.map((v) => v.id);
  expect.soft(ids, message).toEqual([]);
}

async function expectNoSidewaysScroll(page: Page, label: string) {
  const sizes = await page.evaluate(() => {
    const root = document.documentElement;
    const name = (el: Element) => el.tagName.toLowerCase() + [...el.classList].map((c) => `.${c}`).join("");
    // The elements reaching furthest past the right edge, to say what overflows.
    const culprits = [...document.querySelectorAll("body *")]
      .map((el) => ({ el, right: Math.round(el.getBoundingClientRect().right) }))
      .filter(({ right }) => right > root.clientWidth)
      .sort((a, b) => b.right - a.right)
      .slice(0, 8)
      .map(({ el, right }) => `${name(el)} ends at ${right} px`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, culprits };
  });
  const message = `${label} scrolls sideways (${sizes.scrollWidth} > ${sizes.clientWidth} px):\n${sizes.culprits.join("\n")}`;
  expect.soft(sizes.scrollWidth, message).toBeLessThanOrEqual(sizes.clientWidth);
}

test.describe("[A11Y]", () => {
  // Two loads and two axe runs per page: on a busy two-core machine the dashboard's take more than the default 30 s.
  test.describe.configure({ timeout: 60_000 });
  for (const target of PAGES) {
    const title = `${target.name}${target.signedIn ? " (signed in)" : ""}`;
    test(`${title}: no WCAG 2.1 A/AA violation, and no sideways scroll at ${PHONE.width} px`, async ({ page }) => {
      // Through the API: the browser context keeps the session cookie.
      if (target.signedIn) await signIn(page.request);
      const path = typeof target.path === "string" ? target.path : await target.path(page);
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await page.goto(path);
        await settled(page);
        const label = `${path} (${viewport.width} px${target.signedIn ? ", signed in" : ""})`;
        await expectNoAxeViolations(page, label);
        if (viewport === PHONE) await expectNoSidewaysScroll(page, label);
      }
    });
  }
});
