import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Locator, type Page, test } from "@playwright/test";
import { SOURCES_UI_PORT, urlOf } from "../helpers/ports";
import { withOwnServer } from "../helpers/server";
import { ADMIN_AUTH, signIn, signInWithForm } from "../helpers/session";

// The Sources page end to end: a feed on a small local site (this machine, which only ALLOW_PRIVATE_URLS=1
// permits), previewed, added, polled; the reports it adds link back to it. Its own server: polling writes
// reports. Serial: each step builds on the last.
test.describe.configure({ mode: "serial" });
test.use({ baseURL: urlOf(SOURCES_UI_PORT) });
// The background poller looks for due sources only every ten minutes here, so that Poll now is what reads the new
// source first and its counts are known.
withOwnServer({
  port: SOURCES_UI_PORT,
  name: "ui-sources",
  env: { ALLOW_PRIVATE_URLS: "1", SOURCES_POLL_MS: "600000" },
});

const NAME = "Diplomatic Wire (UI test)";
const SCREENSHOTS = ".tmp";

// Two dispatches written for this test, each on a page with the clutter an article page carries around it.
const ARTICLES = [
  {
    slug: "france-condemns-offensive",
    title: "Paris condemns the offensive in Karabakh",
    date: "Wed, 20 Sep 2023 08:30:00 GMT",
    paragraphs: [
      "Paris, 20 September 2023. The French foreign ministry condemned the military offensive Azerbaijan launched in Karabakh on Tuesday and called for an immediate halt to the fighting.",
      "A ministry spokeswoman told reporters that the safety of the civilian population had to come first and that talks, not force, should settle the future of the region.",
    ],
  },
  {
    slug: "berlin-urges-talks",
    title: "Berlin urges a return to talks over Karabakh",
    date: "Thu, 21 Sep 2023 10:15:00 GMT",
    paragraphs: [
      "Berlin, 21 September 2023. The German Foreign Office called on Azerbaijan to stop its military operation in Karabakh and to return to negotiations with Yerevan.",
      "Officials in Berlin added that humanitarian access to the area had to be guaranteed without delay.",
    ],
  },
];

const COOKIE_BANNER = "We use cookies to measure our audience";

function articlePage(a: (typeof ARTICLES)[number]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${a.title}</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/europe">Europe</a> <a href="/subscribe">Subscribe</a></nav>
<div class="cookie-banner">${COOKIE_BANNER}. <button>Accept all</button> <button>Settings</button></div>
<main><article><h1>${a.title}</h1><p class="byline">By the diplomatic desk</p>
${a.paragraphs.map((p) => `<p>${p}</p>`).join("\n")}
</article>
<aside><h2>Related</h2><ul><li><a href="/markets">Markets close higher</a></li><li><a href="/weather">Rain expected on the coast</a></li></ul></aside></main>
<footer>© Diplomatic Wire. All rights reserved. <a href="/privacy">Privacy</a> <a href="/contact">Contact</a></footer>
</body></html>`;
}

function rss(base: string): string {
  const items = ARTICLES.map(
    (a) => `<item><title>${a.title}</title><link>${base}/news/${a.slug}</link><guid>${base}/news/${a.slug}</guid>
<pubDate>${a.date}</pubDate><description>${a.paragraphs[0]?.slice(0, 80)}…</description></item>`,
  ).join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Diplomatic Wire</title><link>${base}/</link><description>Test feed</description>
${items}
</channel></rss>`;
}

/** The local site: the feed, its two articles, an HTML page that is not a feed, and a feed that breaks. */
let site: http.Server;
let siteUrl = "";
/** Set, /failing.xml answers 500 instead of its (empty) feed. */
let failing = false;

test.beforeAll(async () => {
  site = http.createServer((req, res) => {
    const path = req.url ?? "/";
    if (path === "/failing.xml") {
      if (failing) {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end("internal error");
      } else {
        res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
        res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Failing wire</title></channel></rss>`);
      }
      return;
    }
    if (path === "/feed.xml") {
      res.writeHead(200, { "content-type": "application/rss+xml; charset=utf-8" });
      res.end(rss(siteUrl));
      return;
    }
    const article = ARTICLES.find((a) => path === `/news/${a.slug}`);
    if (article || path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(article ? articlePage(article) : "<!doctype html><html><body><h1>Diplomatic Wire</h1></body></html>");
      return;
    }
    res.writeHead(404, { "content-type": "text/plain" });
    res.end("not found");
  });
  await new Promise<void>((resolve) => site.listen(0, "127.0.0.1", resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => site?.close(resolve));
});

/** The list entry of the source the test added. */
const entry = (page: Page): Locator =>
  page.locator("li.source").filter({ has: page.getByRole("heading", { name: NAME, exact: true }) });

let sourceId = 0;

test.describe("[SOURCES]", () => {
  test("signed out, the page asks for the token; signed in, it shows the form and the empty list", async ({ page }) => {
    await page.goto("/sources");
    await expect(page.getByRole("heading", { name: "Sign in to manage sources" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" })).toBeVisible();
    await signInWithForm(page);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Follow ministries' and outlets' feeds");
    await expect(page.getByRole("form", { name: "Add source" })).toBeVisible();
    await expect(page.getByTestId("sources-empty")).toContainText("No source yet");
    await expect(page.getByTestId("sources-empty")).toContainText("npm run sources -- add --preset foreign-ministries");
  });

  test("an address that is not a feed is refused beside the form, and nothing is added", async ({ page }) => {
    await signIn(page.request);
    await page.goto("/sources");
    const form = page.getByRole("form", { name: "Add source" });
    await form.getByLabel("Feed URL").fill(`${siteUrl}/`);
    await form.getByLabel("Name", { exact: true }).fill(NAME);
    await form.getByRole("button", { name: "Add source" }).click();
    // The server's reason, in the form and beside the field it names.
    await expect(form.getByRole("alert")).toContainText("not an RSS, Atom or JSON feed");
    await expect(form.getByLabel("Feed URL")).toHaveAttribute("aria-invalid", "true");
    await expect(form.getByLabel("Feed URL")).toHaveAccessibleDescription(/not an RSS, Atom or JSON feed/);
    await expect(page.getByTestId("sources-empty")).toBeVisible();
    const res = await page.request.get("/api/sources");
    expect((await res.json()).items).toEqual([]);
  });

  test("Preview lists the feed's two items as kept; Add source lists the source", async ({ page }) => {
    await signIn(page.request);
    await page.goto("/sources");
    const form = page.getByRole("form", { name: "Add source" });
    await form.getByLabel("Feed URL").fill(`${siteUrl}/feed.xml`);
    await form.getByLabel("Name", { exact: true }).fill(NAME);
    await form.getByLabel("Topic").selectOption("karabakh-2023");
    await expect(form.getByLabel("Language")).toHaveValue("");
    await expect(form.getByLabel("Language").locator("option:checked")).toHaveText("Detect per article");
    await expect(form.getByLabel("Interval (minutes)")).toHaveValue("30");

    await form.getByRole("button", { name: "Preview", exact: true }).click();
    const preview = page.getByTestId("source-preview");
    await expect(preview.getByRole("heading")).toHaveText("Preview: 2 of 2 items would be added");
    const items = preview.getByRole("listitem");
    await expect(items).toHaveCount(2);
    for (const a of ARTICLES) {
      const item = items.filter({ hasText: a.title });
      await expect(item.getByRole("link", { name: a.title })).toHaveAttribute("href", `${siteUrl}/news/${a.slug}`);
      await expect(item).toContainText("Kept");
    }
    await page.screenshot({ path: `${SCREENSHOTS}/sources-preview-1280.png`, fullPage: true });

    await form.getByRole("button", { name: "Add source" }).click();
    await expect(form.getByRole("status")).toContainText(`Added ${NAME}: it is polled every 30 minutes`);
    await expect(form.getByLabel("Feed URL")).toHaveValue("");
    const listed = entry(page);
    await expect(listed).toBeVisible();
    await expect(listed).toContainText(`${siteUrl}/feed.xml`);
    await expect(listed).toContainText("karabakh-2023");
    await expect(listed).toContainText("language detected per article");
    sourceId = Number(await listed.getAttribute("data-source"));
    expect(sourceId).toBeGreaterThan(0);
  });

  test("Poll now adds both articles: the counts it answered, an ok badge, 2 reports added", async ({ page }) => {
    // The first coding of the server warms its coder.
    test.setTimeout(120_000);
    await signIn(page.request);
    await page.goto("/sources");
    const listed = entry(page);
    await expect(listed.getByTestId("source-state")).toHaveText("… not polled yet");
    await expect(listed.getByTestId("source-last-poll")).toHaveText("never");
    const answered = page.waitForResponse(
      (r) => r.url().endsWith(`/api/sources/${sourceId}/poll`) && r.request().method() === "POST",
    );
    await listed.getByRole("button", { name: "Poll now" }).click();
    const res = await answered;
    expect(res.status()).toBe(200);
    expect(await res.json()).toEqual({ added: 2, duplicates: 0, skipped: 0, failed: 0 });
    await expect(listed.getByTestId("poll-result")).toHaveText("Polled: 2 added, 0 already stored, 0 skipped.");
    await expect(listed.getByTestId("source-state")).toHaveText("✓ ok");
    await expect(listed.getByTestId("source-added")).toHaveText("2");
    await expect(listed.getByTestId("source-seen")).toHaveText("2");
    await expect(listed.getByTestId("source-skipped")).toHaveText("0");
    await expect(listed.getByTestId("source-last-poll")).toHaveText(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);
    await expect(listed.getByTestId("source-error")).toHaveCount(0);

    // Polled again, the feed has nothing new.
    await listed.getByRole("button", { name: "Poll now" }).click();
    await expect(listed.getByTestId("poll-result")).toHaveText("Polled: 0 added, 0 already stored, 0 skipped.");
    await expect(listed.getByTestId("source-added")).toHaveText("2");

    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      const path = `${SCREENSHOTS}/sources-${width}.png`;
      await page.screenshot({ path, fullPage: true });
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `the Sources page scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    }
  });

  test("a report the source added says where it came from and links back to the source", async ({ page }) => {
    await signIn(page.request);
    const res = await page.request.get(`/api/reports?outlet=${encodeURIComponent(NAME)}`);
    const { items } = (await res.json()) as { items: { id: number; title: string; url: string }[] };
    expect(items.map((r) => r.url).sort()).toEqual(ARTICLES.map((a) => `${siteUrl}/news/${a.slug}`).sort());
    const france = items.find((r) => r.url.endsWith(`/${ARTICLES[0]?.slug}`));
    expect(france).toBeDefined();

    await page.goto(`/reports/${france?.id}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(ARTICLES[0]?.title ?? "");
    await expect(page.getByTestId("report-text")).toContainText("The French foreign ministry condemned");
    await expect(page.getByTestId("report-text")).not.toContainText(COOKIE_BANNER);
    const from = page.getByTestId("report-source");
    await expect(from).toHaveText(`From source: ${NAME}`);
    await from.getByRole("link", { name: NAME }).click();
    await expect(page).toHaveURL(new RegExp(`/sources#source-${sourceId}$`));
    await expect(page.locator(`#source-${sourceId}`)).toBeInViewport();
  });

  test("Pause shows paused and Resume undoes it; Delete, confirmed, removes the source", async ({ page }) => {
    await signIn(page.request);
    await page.goto("/sources");
    const listed = entry(page);
    await listed.getByRole("button", { name: "Pause" }).click();
    await expect(listed.getByTestId("source-state")).toHaveText("‖ paused");
    await expect(listed.getByRole("button", { name: "Resume" })).toBeVisible();
    await page.reload();
    await expect(entry(page).getByTestId("source-state")).toHaveText("‖ paused");

    await entry(page).getByRole("button", { name: "Resume" }).click();
    await expect(entry(page).getByTestId("source-state")).toHaveText("✓ ok");

    // Dismissed, nothing happens; accepted, the source goes.
    page.once("dialog", (d) => void d.dismiss());
    await entry(page).getByRole("button", { name: "Delete" }).click();
    await expect(entry(page)).toBeVisible();
    page.once("dialog", (d) => {
      expect(d.message()).toContain(NAME);
      void d.accept();
    });
    await entry(page).getByRole("button", { name: "Delete" }).click();
    await expect(entry(page)).toHaveCount(0);
    await expect(page.getByTestId("sources-empty")).toBeVisible();
    const res = await page.request.get("/api/sources");
    expect((await res.json()).items).toEqual([]);
  });

  test("a feed that starts answering 500 shows error with the status, then broken after three failures", async ({
    page,
  }) => {
    const name = "Failing Wire (UI test)";
    const created = await page.request.post("/api/sources", {
      headers: ADMIN_AUTH,
      data: { url: `${siteUrl}/failing.xml`, name, topic: "karabakh-2023" },
    });
    expect(created.status()).toBe(201);
    failing = true;
    await signIn(page.request);
    await page.goto("/sources");
    const listed = page.locator("li.source").filter({ has: page.getByRole("heading", { name, exact: true }) });
    for (let i = 1; i <= 3; i++) {
      await listed.getByRole("button", { name: "Poll now" }).click();
      await expect(listed.getByTestId("poll-result")).toHaveText(
        "Polled: the feed could not be read. The last error above says why.",
      );
      await expect(listed).toContainText(`${i} failure${i === 1 ? "" : "s"} in a row`);
    }
    await expect(listed.getByTestId("source-state")).toHaveText("! error");
    await expect(listed.getByTestId("source-broken")).toHaveText("✕ broken");
    await expect(listed.getByTestId("source-error")).toContainText("500");
    await expect(page.getByRole("heading", { name: "1 source followed · 1 broken" })).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await listed.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/sources-broken-390.png`, fullPage: true });
  });
});
