import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { articleTextOfContent, extractArticle } from "@/server/sources/article";
import { parseFeed } from "@/server/sources/feed";
import { FEED_ACCEPT, fetchText } from "@/server/sources/fetch";
import { detectLanguage } from "@/server/sources/language";
import { withPrivateUrls } from "../../../helpers/feed-site";
import { articlePage, atomFeed, type LocalSite, localSite, PAGE_CHROME, rssFeed } from "./site";

const BLOCKADE = {
  title: "Freedonia condemns the blockade of the river port",
  paragraphs: [
    "The foreign ministry of Freedonia condemned the blockade of the river port of Ostrava Nova on Tuesday, calling it a breach of the navigation treaty that both states signed in 1998.",
    '"We call on the government of Sylvania to lift the blockade without delay and to let the grain convoys through," the ministry\'s spokesperson told reporters in the capital.',
    "The ministry said Freedonia stands ready to take part in a monitoring mission under the auspices of the regional organisation.",
  ],
};

const TALKS = {
  title: "Sylvania welcomes the offer of mediation",
  paragraphs: [
    "The government of Sylvania welcomed on Wednesday the offer of the Ruritanian chancellor to mediate between Sylvania and Freedonia over the river port.",
    "The foreign minister of Sylvania said his country would send a delegation to the talks but would not lift the inspection regime before an agreement is signed.",
  ],
};

/** Nothing that surrounds the article on the page: navigation, banner, related links, footer. */
function expectOnlyTheArticle(text: string) {
  for (const item of PAGE_CHROME.nav) expect(text).not.toContain(item);
  for (const item of PAGE_CHROME.related) expect(text).not.toContain(item);
  expect(text).not.toContain("cookies");
  expect(text).not.toContain("All rights reserved");
  expect(text).not.toMatch(/Search|Accept|Settings|Privacy|Related|See also/);
  expect(text).not.toMatch(/[<>]/);
}

describe("extractArticle", () => {
  test("a page with navigation, a cookie banner, related links and a footer: only the article's paragraphs", () => {
    const article = extractArticle(articlePage(BLOCKADE), "https://mfa.example/press/blockade");
    expect(article).not.toBeNull();
    expect(article?.text).toContain(BLOCKADE.paragraphs.join("\n\n"));
    expectOnlyTheArticle(article?.text ?? "");
    expect(article?.title).toContain("Freedonia condemns the blockade of the river port");
    expect(article?.language).toBe("en");
  });

  test("the same page built of <div>s only", () => {
    const article = extractArticle(articlePage(TALKS, { divs: true }), "https://sfo.example/news/talks");
    expect(article?.text).toContain(TALKS.paragraphs.join("\n\n"));
    expectOnlyTheArticle(article?.text ?? "");
  });

  test("a long article: every paragraph, in order, separated by blank lines, with inline markup flattened", () => {
    const paragraphs = Array.from(
      { length: 12 },
      (_, i) =>
        `Paragraph ${i + 1}: the delegations of Freedonia and Sylvania met again in Geneva to discuss the inspection regime at the river port and the release of the detained barges.`,
    );
    const html = articlePage({ title: "Talks in Geneva", paragraphs, lang: "en-GB" }).replace(
      "Paragraph 3:",
      "Paragraph <em>3</em>:<br>",
    );
    const article = extractArticle(html, "https://mfa.example/press/geneva");
    // The dateline is part of the article; then every paragraph.
    expect(article?.text.split("\n\n")).toEqual([
      "14 January 2025",
      ...paragraphs.map((p) => p.replace("Paragraph 3: ", "Paragraph 3:\n")),
    ]);
    expect(article?.language).toBe("en");
  });

  test("a page with no article is null", () => {
    expect(
      extractArticle("<html><body><nav><a href='/'>Home</a></nav></body></html>", "https://x.example/"),
    ).toBeNull();
    expect(extractArticle("", "https://x.example/")).toBeNull();
    expect(extractArticle("<html><body><p>Page not found.</p></body></html>", "https://x.example/")).toBeNull();
  });

  test("scripts do not run and nothing is loaded", () => {
    const html = articlePage(BLOCKADE).replace(
      "</article>",
      '<script>document.querySelector("article").innerHTML = "<p>hijacked</p>"</script><img src="http://169.254.169.254/x.png"></article>',
    );
    const article = extractArticle(html, "https://mfa.example/press/blockade");
    expect(article?.text).toContain(BLOCKADE.paragraphs[0]);
    expect(article?.text).not.toContain("hijacked");
  });
});

describe("articleTextOfContent", () => {
  test("a feed's inline HTML as paragraphs of plain text", () => {
    const html =
      '<h2>Statement</h2><p>The ministry <strong>condemns</strong> the blockade &amp; calls for talks.</p><div>Line one<br/>line two</div><script>track()</script><style>p{}</style><ul><li>first point</li><li>second point</li></ul><blockquote>"No more delay," said the minister.</blockquote><p>The post Statement appeared first on Ministry of Foreign Affairs.</p>';
    expect(articleTextOfContent(html, "https://mfa.example/")).toBe(
      'Statement\n\nThe ministry condemns the blockade & calls for talks.\n\nLine one\nline two\n\nfirst point\n\nsecond point\n\n"No more delay," said the minister.',
    );
  });

  test("plain text passes as it is; spaces are collapsed", () => {
    expect(articleTextOfContent("  The minister   met \n the envoy.  ", "https://mfa.example/")).toBe(
      "The minister met the envoy.",
    );
  });
});

describe("a source's site, end to end: feed, article pages, text", () => {
  let site: LocalSite;
  beforeAll(async () => {
    site = await localSite();
    site.routes["/press/rss.xml"] = {
      type: "application/rss+xml; charset=utf-8",
      body: rssFeed("Freedonia MFA", [
        {
          title: BLOCKADE.title,
          link: "/press/blockade",
          guid: "mfa-1",
          date: "2025-01-14T09:00:00Z",
          description: "The ministry condemned the blockade.",
        },
        {
          title: TALKS.title,
          link: "/press/talks",
          guid: "mfa-2",
          date: "2025-01-15T09:00:00Z",
          description: "Sylvania welcomed mediation.",
        },
      ]),
    };
    site.routes["/press/blockade"] = { body: articlePage(BLOCKADE) };
    site.routes["/press/talks"] = { status: 301, body: "", headers: { location: "/press/talks/" } };
    site.routes["/press/talks/"] = { body: articlePage(TALKS, { divs: true }) };
    site.routes["/atom.xml"] = {
      type: "application/atom+xml",
      body: atomFeed("Sylvanian Foreign Office", [
        {
          title: BLOCKADE.title,
          link: "/news/blockade",
          date: "2025-01-15T10:00:00Z",
          content: BLOCKADE.paragraphs.map((p) => `<p>${p}</p>`).join(""),
        },
      ]),
    };
  });
  afterAll(() => site.close());

  test("an RSS feed whose items link to article pages: each article's text, without the page around it", async () => {
    await withPrivateUrls("1", async () => {
      const answer = await fetchText(site.url("/press/rss.xml"), { accept: FEED_ACCEPT });
      const feed = parseFeed(answer.body, answer.contentType, answer.url);
      expect(feed.entries.map((e) => e.link)).toEqual([site.url("/press/blockade"), site.url("/press/talks")]);
      expect(feed.entries.every((e) => e.contentHtml === null)).toBe(true);
      const texts = [];
      for (const entry of feed.entries) {
        const page = await fetchText(entry.link as string);
        const article = extractArticle(page.body, page.url);
        texts.push(article?.text ?? "");
        expect(article?.language).toBe("en");
      }
      expect(texts[0]).toBe(`14 January 2025\n\n${BLOCKADE.paragraphs.join("\n\n")}`);
      expect(texts[1]).toContain(TALKS.paragraphs.join("\n\n"));
      for (const text of texts) expectOnlyTheArticle(text);
      expect(detectLanguage(texts[0] as string)).toBe("en");
    });
  });

  test("an Atom feed with inline content needs no page: its text is the article", async () => {
    await withPrivateUrls("1", async () => {
      const answer = await fetchText(site.url("/atom.xml"), { accept: FEED_ACCEPT });
      const [entry] = parseFeed(answer.body, answer.contentType, answer.url).entries;
      expect(entry?.contentHtml).not.toBeNull();
      expect(articleTextOfContent(entry?.contentHtml as string, entry?.link as string)).toBe(
        BLOCKADE.paragraphs.join("\n\n"),
      );
      expect(site.hits.get("/news/blockade")).toBeUndefined();
    });
  });
});
