import { describe, expect, test } from "vitest";
import { NotAFeed, parseFeed } from "@/server/sources/feed";
import { atomFeed, jsonFeed, rssFeed } from "./site";

const FEED_URL = "https://mfa.example/press/feed.xml";

const LONG_STATEMENT = [
  "The foreign ministry of Freedonia condemned the blockade of the river port of Ostrava Nova on Tuesday, calling it a breach of the navigation treaty that both states signed in 1998.",
  "In a statement issued after a meeting of the national security council, the ministry called on the government of Sylvania to lift the blockade without delay and to let the grain convoys through.",
  "Freedonia stands ready to take part in a monitoring mission under the auspices of the regional organisation, the statement said, and will raise the matter at the next session of the council.",
];
const LONG_HTML = LONG_STATEMENT.map((p) => `<p>${p}</p>`).join("\n");

function notAFeed(body: string, contentType: string | null, url = "https://mfa.example/press/"): string {
  try {
    parseFeed(body, contentType, url);
  } catch (error) {
    expect(error).toBeInstanceOf(NotAFeed);
    return (error as Error).message;
  }
  throw new Error("parsed as a feed");
}

describe("parseFeed: RSS 2.0", () => {
  const body = rssFeed("  Ministry of Foreign Affairs: press releases  ", [
    {
      title: "  Statement on the   blockade of the river port  ",
      link: "/press/2025/01/statement-blockade",
      guid: "press-2025-0114",
      date: "2025-01-14T09:30:00Z",
      description: "<p>The ministry condemned the blockade of the river port.</p>",
    },
    {
      title: "<b>Minister</b> receives the envoy of Ruritania",
      link: "https://mfa.example/press/2025/01/envoy",
      date: "2025-01-13T16:00:00Z",
      description: "The minister received the special envoy of Ruritania.",
      content: LONG_HTML,
    },
    { title: "An item with neither link nor content" },
  ]);

  test("entries: guid, absolute link, plain trimmed title, ISO date, summary as text", () => {
    const feed = parseFeed(body, "application/rss+xml", FEED_URL);
    expect(feed.format).toBe("rss");
    expect(feed.title).toBe("Ministry of Foreign Affairs: press releases");
    expect(feed.entries).toHaveLength(3);
    expect(feed.entries[0]).toEqual({
      guid: "press-2025-0114",
      link: "https://mfa.example/press/2025/01/statement-blockade",
      title: "Statement on the blockade of the river port",
      publishedAt: "2025-01-14T09:30:00.000Z",
      // A description is a summary: the article's page must be fetched.
      contentHtml: null,
      summary: "The ministry condemned the blockade of the river port.",
    });
  });

  test("content:encoded long enough is the article; HTML in titles is stripped", () => {
    const [, second] = parseFeed(body, "application/rss+xml", FEED_URL).entries;
    expect(second?.title).toBe("Minister receives the envoy of Ruritania");
    expect(second?.guid).toBeNull();
    expect(second?.contentHtml).toContain("navigation treaty that both states signed in 1998");
    expect(second?.summary).toBe("The minister received the special envoy of Ruritania.");
  });

  test("an entry with neither link nor content is kept, for the service to skip", () => {
    const [, , third] = parseFeed(body, "application/rss+xml", FEED_URL).entries;
    expect(third).toEqual({
      guid: null,
      link: null,
      title: "An item with neither link nor content",
      publishedAt: null,
      contentHtml: null,
      summary: null,
    });
  });

  test("a short or trailing-off content is not the article", () => {
    const teaser = rssFeed("Press", [
      { title: "Short", link: "https://mfa.example/a", content: "<p>The minister met the envoy.</p>" },
      {
        title: "Teaser",
        link: "https://mfa.example/b",
        content: `<p>${LONG_STATEMENT.join(" ")} The talks will resume</p><p>Read more…</p>`,
      },
    ]);
    const entries = parseFeed(teaser, "application/rss+xml", FEED_URL).entries;
    expect(entries.map((e) => e.contentHtml)).toEqual([null, null]);
    expect(entries[0]?.summary).toBe("The minister met the envoy.");
  });

  test("a guid that is a permalink is the link when there is no <link>; odd dates are null", () => {
    const feed = parseFeed(
      `<rss version="2.0"><channel><title>Press</title>
        <item><title>One</title><guid>https://mfa.example/press/one</guid><pubDate>sometime last week</pubDate></item>
        <item><title>Two</title><guid isPermaLink="false">https://mfa.example/press/two</guid></item>
        <item><title>Three</title><link>javascript:alert(1)</link></item>
      </channel></rss>`,
      "text/xml",
      FEED_URL,
    );
    expect(feed.entries.map((e) => [e.link, e.publishedAt])).toEqual([
      ["https://mfa.example/press/one", null],
      [null, null],
      [null, null],
    ]);
  });

  test("RSS 1.0 (RDF) reads as rss", () => {
    const feed = parseFeed(
      `<?xml version="1.0"?>
      <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://mfa.example/"><title>Press</title><link>https://mfa.example/</link><description>d</description></channel>
        <item rdf:about="https://mfa.example/press/rdf-1"><title>Joint communiqué</title><link>https://mfa.example/press/rdf-1</link>
          <dc:date>2025-01-10T08:00:00+01:00</dc:date><description>The two ministers signed a joint communiqué.</description></item>
      </rdf:RDF>`,
      "application/rdf+xml",
      FEED_URL,
    );
    expect(feed.format).toBe("rss");
    expect(feed.entries[0]).toMatchObject({
      guid: "https://mfa.example/press/rdf-1",
      link: "https://mfa.example/press/rdf-1",
      title: "Joint communiqué",
      publishedAt: "2025-01-10T07:00:00.000Z",
      summary: "The two ministers signed a joint communiqué.",
    });
  });
});

describe("parseFeed: Atom and JSON Feed", () => {
  test("an Atom feed with full inline content: the content is the article", () => {
    const body = atomFeed("Sylvanian Foreign Office", [
      {
        title: "Sylvania rejects the accusations of Freedonia",
        guid: "urn:sfo:2025:17",
        link: "news/2025/17",
        date: "2025-01-15T11:00:00Z",
        description: "Sylvania rejected the accusations.",
        content: LONG_HTML,
      },
    ]);
    const feed = parseFeed(body, "application/atom+xml", "https://sfo.example/feeds/atom.xml");
    expect(feed.format).toBe("atom");
    expect(feed.title).toBe("Sylvanian Foreign Office");
    expect(feed.entries[0]).toEqual({
      guid: "urn:sfo:2025:17",
      link: "https://sfo.example/feeds/news/2025/17",
      title: "Sylvania rejects the accusations of Freedonia",
      publishedAt: "2025-01-15T11:00:00.000Z",
      contentHtml: LONG_HTML,
      summary: "Sylvania rejected the accusations.",
    });
  });

  test("Atom: xml:base, the alternate link among others, xhtml content, text titles kept as text", () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://sfo.example/en/">
        <title type="text">Press &lt;office&gt;</title><id>urn:f</id><updated>2025-01-15T00:00:00Z</updated>
        <entry><title type="text">Tariffs &lt; quotas, says the minister</title><id>urn:e1</id><updated>2025-01-12T10:00:00Z</updated>
          <link rel="edit" href="/api/edit/1"/><link rel="alternate" type="text/html" href="news/1"/>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${LONG_HTML}</div></content></entry>
      </feed>`,
      "application/atom+xml",
      "https://sfo.example/feed",
    );
    expect(feed.title).toBe("Press <office>");
    expect(feed.entries[0]).toMatchObject({
      link: "https://sfo.example/en/news/1",
      title: "Tariffs < quotas, says the minister",
      publishedAt: "2025-01-12T10:00:00.000Z",
    });
    expect(feed.entries[0]?.contentHtml).toContain("grain convoys");
  });

  test("a JSON Feed: content_html is the article, content_text too (as HTML), relative urls resolved", () => {
    const body = JSON.parse(
      jsonFeed("Ruritanian Chancellery", [
        {
          title: "Chancellor calls for restraint",
          guid: "rc-2025-3",
          link: "/statements/3",
          date: "2025-01-16T07:45:00+02:00",
          content: LONG_HTML,
        },
        { title: "Briefing", guid: "rc-2025-4", link: "https://rc.example/statements/4", description: "A briefing." },
      ]),
    );
    body.items.push({ id: 5, url: "https://rc.example/statements/5", content_text: LONG_STATEMENT.join("\n\n") });
    const feed = parseFeed(JSON.stringify(body), "application/feed+json", "https://rc.example/feed.json");
    expect(feed.format).toBe("json");
    expect(feed.title).toBe("Ruritanian Chancellery");
    expect(feed.entries[0]).toEqual({
      guid: "rc-2025-3",
      link: "https://rc.example/statements/3",
      title: "Chancellor calls for restraint",
      publishedAt: "2025-01-16T05:45:00.000Z",
      contentHtml: LONG_HTML,
      summary: null,
    });
    expect(feed.entries[1]).toMatchObject({ contentHtml: null, summary: "A briefing." });
    expect(feed.entries[2]?.guid).toBe("5");
    expect(feed.entries[2]?.contentHtml).toBe(LONG_STATEMENT.map((p) => `<p>${p}</p>`).join("\n"));
  });
});

describe("parseFeed: what is not a feed says what it is", () => {
  test("an HTML page, and one that names its feed", () => {
    const page = "<!doctype html><html><head><title>Press</title></head><body><p>Press releases</p></body></html>";
    expect(notAFeed(page, "text/html; charset=utf-8")).toBe(
      "https://mfa.example/press/ is an HTML page, not an RSS, Atom or JSON feed",
    );
    const naming = page.replace(
      "<title>",
      '<link rel="stylesheet" href="/s.css"><link rel="alternate" type="application/rss+xml" title="News" href="/press/rss.xml"><title>',
    );
    expect(notAFeed(naming, "text/html")).toBe(
      "https://mfa.example/press/ is an HTML page, not an RSS, Atom or JSON feed; it names a feed at " +
        "https://mfa.example/press/rss.xml: use that address",
    );
    // Served without a type: recognised by its markup.
    expect(notAFeed(page, null)).toMatch(/is an HTML page/);
  });

  test("other JSON, other XML, an empty body, an image", () => {
    expect(notAFeed('{"items": []}', "application/json")).toMatch(/is JSON but not a JSON Feed/);
    expect(notAFeed('<?xml version="1.0"?><urlset><url/></urlset>', "application/xml")).toBe(
      "https://mfa.example/press/ is XML whose root is <urlset>, not an RSS, Atom or JSON feed",
    );
    expect(notAFeed("  ", "text/plain")).toMatch(/answered an empty body/);
    expect(notAFeed("GIF89a\u0001", "image/gif")).toBe(
      "https://mfa.example/press/ is not an RSS, Atom or JSON feed (it is image/gif)",
    );
  });

  test("a feed served as text/html is still a feed", () => {
    const body = rssFeed("Press", [{ title: "One", link: "https://mfa.example/1" }]);
    expect(parseFeed(body, "text/html", FEED_URL).entries).toHaveLength(1);
  });

  test("a feed with no items has no entries", () => {
    expect(parseFeed(rssFeed("Press", []), "application/rss+xml", FEED_URL)).toEqual({
      format: "rss",
      title: "Press",
      entries: [],
    });
  });
});
