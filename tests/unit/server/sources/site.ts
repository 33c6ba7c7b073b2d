import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { escapeXml } from "@/server/xml";

/**
 * The fetching engine's local web site (127.0.0.1, a random port): feeds, article pages, and whatever a route does
 * (slow answers, trickling bodies, redirects, errors). Counts the requests per path and the most it answered at
 * once. Fetching it needs ALLOW_PRIVATE_URLS=1, as any local address does. (The service's tests have their own,
 * simpler site in tests/helpers/feed-site.ts.)
 */

/** What a path serves: a fixed answer, or a handler that writes its own. */
export type Route =
  | { status?: number; type?: string; body: string | Buffer; headers?: Record<string, string> }
  | ((req: IncomingMessage, res: ServerResponse) => void | Promise<void>);

export type LocalSite = {
  origin: string;
  url(path: string): string;
  /** Routes can be added or replaced while the site runs. */
  routes: Record<string, Route>;
  /** Requests per path (with its query). */
  hits: Map<string, number>;
  /** The request headers of each request, in order. */
  requests: { path: string; headers: IncomingMessage["headers"] }[];
  /** The most requests the site was answering at one time. */
  readonly maxInFlight: number;
  close(): Promise<void>;
};

export async function localSite(routes: Record<string, Route> = {}): Promise<LocalSite> {
  const state = { inFlight: 0, maxInFlight: 0 };
  const hits = new Map<string, number>();
  const requests: LocalSite["requests"] = [];
  const server: Server = createServer(async (req, res) => {
    const path = req.url ?? "/";
    hits.set(path, (hits.get(path) ?? 0) + 1);
    requests.push({ path, headers: req.headers });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    res.on("close", () => state.inFlight--);
    const route = site.routes[path] ?? site.routes[path.split("?")[0] as string];
    if (!route) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    if (typeof route === "function") {
      await route(req, res);
      return;
    }
    res.writeHead(route.status ?? 200, { "content-type": route.type ?? "text/html; charset=utf-8", ...route.headers });
    res.end(route.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const site: LocalSite = {
    origin,
    url: (path) => `${origin}${path}`,
    routes,
    hits,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return site;
}

/** What surrounds the article on the pages `articlePage` makes: none of it may reach a report. */
export const PAGE_CHROME = {
  nav: ["Ministry home", "Press releases", "Visits of the minister", "Consular services"],
  cookie:
    "We use cookies to measure visits to this site and to remember your choices. Accept all cookies or manage them",
  related: ["Minister receives credentials of the new ambassador", "Visa regime eased for students of partner states"],
  footer: "Ministry of Foreign Affairs of Freedonia, 4 Embassy Row. All rights reserved. Terms of use and privacy",
};

/**
 * An article page as ministries' sites make them: a header with navigation and a search form, a cookie consent
 * banner, the article in <main><article>, an aside of related links and a footer. `divs` builds the same page of
 * <div>s only, as older sites do.
 */
export function articlePage(
  article: { title: string; paragraphs: string[]; lang?: string },
  options: { divs?: boolean } = {},
): string {
  const nav = PAGE_CHROME.nav.map((n, i) => `<li><a href="/section/${i}">${n}</a></li>`).join("");
  const related = PAGE_CHROME.related.map((r, i) => `<li><a href="/news/related-${i}">${r}</a></li>`).join("");
  const paragraphs = article.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join("\n");
  const head = `<!doctype html><html lang="${article.lang ?? "en"}"><head><meta charset="utf-8"><title>${escapeXml(article.title)} | Ministry of Foreign Affairs</title>
<link rel="stylesheet" href="/style.css"><script src="/app.js"></script></head>`;
  if (options.divs) {
    return `${head}<body><div id="page">
<div class="top-header"><a href="/">Ministry of Foreign Affairs</a><div class="menu"><ul>${nav}</ul></div></div>
<div class="cc-window cookie-consent"><p>${PAGE_CHROME.cookie}</p><a href="#">OK</a></div>
<div class="content"><h1>${escapeXml(article.title)}</h1><div class="date">14.01.2025</div>
${paragraphs}</div>
<div class="related-news"><h3>See also</h3><ul>${related}</ul></div>
<div class="site-footer"><p>${PAGE_CHROME.footer}</p></div>
</div></body></html>`;
  }
  return `${head}<body class="cookie-banner-open">
<header role="banner"><a href="/" class="logo">Ministry of Foreign Affairs</a>
<nav aria-label="Main"><ul>${nav}</ul></nav>
<form action="/search"><input name="q" placeholder="Search"><button>Search</button></form></header>
<div id="cookie-banner" aria-label="Cookie consent"><p>${PAGE_CHROME.cookie}</p><button>Accept</button><button>Settings</button></div>
<main><article><h1>${escapeXml(article.title)}</h1><p class="date">14 January 2025</p>
${paragraphs}
</article>
<aside><h2>Related</h2><ul>${related}</ul></aside></main>
<footer><p>${PAGE_CHROME.footer}</p><ul><li><a href="/privacy">Privacy</a></li></ul></footer>
<script>document.body.classList.remove("js-off")</script>
</body></html>`;
}

export type FeedItem = {
  title: string;
  link?: string;
  guid?: string;
  date?: string;
  description?: string;
  /** content:encoded, Atom content (type html), JSON Feed content_html. */
  content?: string;
};

export function rssFeed(title: string, items: FeedItem[]): string {
  const entries = items
    .map(
      (i) => `<item>
  <title>${escapeXml(i.title)}</title>
  ${i.link ? `<link>${escapeXml(i.link)}</link>` : ""}
  ${i.guid ? `<guid isPermaLink="false">${escapeXml(i.guid)}</guid>` : ""}
  ${i.date ? `<pubDate>${new Date(i.date).toUTCString()}</pubDate>` : ""}
  ${i.description ? `<description>${escapeXml(i.description)}</description>` : ""}
  ${i.content ? `<content:encoded><![CDATA[${i.content}]]></content:encoded>` : ""}
</item>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>${escapeXml(title)}</title><link>https://mfa.example/</link><description>Press releases</description>
${entries}
</channel></rss>`;
}

export function atomFeed(title: string, items: FeedItem[]): string {
  const entries = items
    .map(
      (i) => `<entry>
  <title>${escapeXml(i.title)}</title>
  <id>${escapeXml(i.guid ?? i.link ?? i.title)}</id>
  ${i.link ? `<link rel="alternate" type="text/html" href="${escapeXml(i.link)}"/>` : ""}
  ${i.date ? `<published>${i.date}</published><updated>${i.date}</updated>` : ""}
  ${i.description ? `<summary>${escapeXml(i.description)}</summary>` : ""}
  ${i.content ? `<content type="html">${escapeXml(i.content)}</content>` : ""}
</entry>`,
    )
    .join("\n");
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${escapeXml(title)}</title><id>urn:feed</id>
<updated>2025-01-15T00:00:00Z</updated>
${entries}
</feed>`;
}

export function jsonFeed(title: string, items: FeedItem[]): string {
  return JSON.stringify({
    version: "https://jsonfeed.org/version/1.1",
    title,
    items: items.map((i) => ({
      id: i.guid ?? i.link ?? i.title,
      url: i.link,
      title: i.title,
      date_published: i.date,
      summary: i.description,
      content_html: i.content,
    })),
  });
}
