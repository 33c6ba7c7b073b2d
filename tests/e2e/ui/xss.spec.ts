import { expect, type Page, test } from "@playwright/test";
import { XMLParser } from "fast-xml-parser";
import { urlOf, XSS_PORT } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH } from "../helpers/session";

// Hostile report text rendered everywhere it shows: it stays text. Its own server, since it ingests.
const XSS_URL = urlOf(XSS_PORT);
test.describe.configure({ mode: "serial" });
test.use({ baseURL: XSS_URL });
withOwnServer({ port: XSS_PORT, name: "xss" });

// Every payload sets window.__pwned (or opens a dialog) if it ever runs.
const TITLE = `=HYPERLINK("https://evil.example","open") <script>window.__pwned="title"</script><img src=x onerror="window.__pwned='title-img';alert('title')">`;
const OUTLET = `@SUM(1+1) <svg onload="window.__pwned='outlet'"><script>alert("outlet")</script></svg>`;
const TEXT = [
  "Berlin, 9 October.",
  `The German Foreign Office welcomed the operation as legitimate <img src=x onerror="window.__pwned='text';alert('text')"> <a href="javascript:window.__pwned='link'">read more</a> <svg><script>window.__pwned='svg'</script></svg>.`,
].join("\n\n");

let reportId = 0;
test.beforeAll(async ({ request }) => {
  // The server's first ingest also warms its coder.
  test.setTimeout(60_000);
  const res = await request.post(`${XSS_URL}/api/reports`, {
    headers: ADMIN_AUTH,
    data: { title: TITLE, outlet: OUTLET, publishedOn: "2023-10-09", topic: "karabakh-2023", text: TEXT },
  });
  expect(res.status()).toBe(201);
  const report = await res.json();
  reportId = report.id;
  // The payload sits in a coded sentence, so it reaches the charts' evidence, the shifts and the exports.
  expect(
    report.stances.some((c: { actor: string; evidence: string }) => c.actor === "DE" && c.evidence.includes("<img")),
  ).toBe(true);
});

/** Fails the test if any dialog opens or any payload ran. */
function watch(page: Page) {
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  return {
    async check() {
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      // Nothing of the payload became an element.
      expect(await page.locator('img[src="x"], svg[onload], a[href^="javascript:"]').count()).toBe(0);
    },
  };
}

test.describe("[XSS]", () => {
  test("a javascript: link is refused as a report's url, and nothing is stored", async ({ request }) => {
    const before = (await (await request.get("/api/reports?limit=1000")).json()).items.length;
    for (const url of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"]) {
      const res = await request.post("/api/reports", {
        headers: ADMIN_AUTH,
        data: {
          title: "Link check",
          outlet: "Wire",
          publishedOn: "2023-10-09",
          topic: "karabakh-2023",
          text: TEXT,
          url,
        },
      });
      expect(res.status(), url).toBe(400);
    }
    expect((await (await request.get("/api/reports?limit=1000")).json()).items.length).toBe(before);
  });

  test("the dashboard and its evidence panel show the markup as text, and nothing runs", async ({ page }, testInfo) => {
    const guard = watch(page);
    await page.goto("/?actor=DE&from=2023-10-09&to=2023-10-09");
    const matrix = page.locator('figure[data-chart="matrix"]');
    await expect(matrix).toHaveAttribute("aria-busy", "false");
    await matrix.locator('[data-actor="DE"]').first().click();
    const evidence = page.getByTestId("evidence-panel");
    await expect(evidence).toContainText("<img src=x onerror=");
    await expect(evidence).toContainText('<a href="javascript:');
    await guard.check();
    const shot = await page.screenshot({ fullPage: true, path: testInfo.outputPath("dashboard-csp.png") });
    await testInfo.attach("dashboard under the CSP", { body: shot, contentType: "image/png" });
  });

  test("the report page shows title, outlet and text as written, and nothing runs", async ({ page }) => {
    const guard = watch(page);
    await page.goto(`/reports/${reportId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TITLE);
    await expect(page.locator("main")).toContainText("@SUM(1+1) <svg onload=");
    await expect(page.locator("main")).toContainText("<svg><script>window.__pwned='svg'</script></svg>");
    expect(await page.title()).toContain("<script>");
    await guard.check();
  });

  test("the shifts page lists the shift with its hostile evidence as text, and nothing runs", async ({ page }) => {
    const guard = watch(page);
    await page.goto("/shifts?actor=DE");
    const list = page.getByTestId("shift-list");
    await expect(list).toContainText("<img src=x onerror=");
    await guard.check();
  });

  test("the Atom feed's entries and the SVG export hold the payload only as text, even outside the site's CSP", async ({
    page,
  }) => {
    const feed = await (await page.request.get("/api/shifts/feed?actor=DE")).text();
    const entries = [new XMLParser().parse(feed).feed.entry].flat();
    const entry = entries.find((e: { content: string }) => e.content.includes("welcomed the operation"));
    expect(entry).toBeTruthy();
    const svg = await (await page.request.get("/api/export/matrix.svg?actor=DE&from=2023-10-09&to=2023-10-09")).text();
    // No citation in the text: the matrix's source is the report itself, named by its hostile outlet.
    expect(svg).toContain("@SUM(1+1)");
    // about:blank has no CSP: had the files carried live markup, it would run here. A feed reader renders an
    // entry's html content; a browser draws an SVG inline.
    const views: [string, string, string][] = [
      ["feed entry", `<h1>${entry.title}</h1>${entry.summary}${entry.content}`, "<img src=x onerror="],
      ["svg", svg.replace(/^<\?xml[^>]*>/, ""), "@SUM(1+1) <svg onload="],
    ];
    for (const [what, markup, shown] of views) {
      await page.goto("about:blank");
      const guard = watch(page);
      await page.setContent(`<!doctype html><html><body>${markup}</body></html>`);
      await guard.check();
      expect(await page.locator("body").textContent(), what).toContain(shown);
    }
  });

  test("CSV exports neutralise formula injection: cells starting with = + - @ get a leading apostrophe", async ({
    request,
  }) => {
    const files = [
      await (await request.get(`/api/stances?format=csv&report=${reportId}`)).text(),
      await (await request.get("/api/export/matrix.csv?actor=DE&from=2023-10-09&to=2023-10-09&evidence=1")).text(),
    ];
    for (const csv of files) {
      expect(csv).toContain(`"'=HYPERLINK(""https://evil.example""`);
      expect(csv).toContain("'@SUM(1+1)");
      // No cell anywhere starts with a formula character.
      const cells = csv.split(/\r\n/).flatMap((line) => line.split(","));
      for (const cell of cells) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+@\t\r]|^-(?!\d)/);
    }
  });
});
