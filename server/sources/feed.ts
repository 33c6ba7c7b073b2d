import {
  type AnyFeed,
  type AtomFeed,
  parseFeed as feedsmith,
  type JsonFeed,
  type RdfFeed,
  type RssFeed,
} from "feedsmith";
import { escapeXml } from "../xml";
import { articleTextOfContent } from "./article";
import { htmlFragment, withDocument } from "./html";

/**
 * A source's feed (RSS 2.0 or 0.9x, RSS 1.0/RDF, Atom 1.0 or 0.3, JSON Feed 1.0 or 1.1), read by feedsmith and
 * brought to one shape: each entry's identity, link, title, date, and its full article when the feed carries it.
 */

export type FeedEntry = {
  /** RSS guid, Atom id, JSON Feed id, RDF rdf:about. */
  guid: string | null;
  /** The article's page, absolute (http or https only). */
  link: string | null;
  /** Plain text, trimmed; "" when the entry has none. */
  title: string;
  /** ISO 8601; null when absent or unreadable. */
  publishedAt: string | null;
  /** The full article when the feed carries it (content:encoded, Atom content, JSON Feed content_html or
   * content_text, as HTML); null when it carries only a summary, and the article's page must be fetched. */
  contentHtml: string | null;
  /** The description or summary (or a content too short to be the article), as plain text. */
  summary: string | null;
};

export type ParsedFeed = { format: "rss" | "atom" | "json"; title: string | null; entries: FeedEntry[] };

/** A body that is not a feed; the message says what it is instead, for users. */
export class NotAFeed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotAFeed";
  }
}

/** A content is the article when its text is this long, or has this many sentences, and does not trail off. */
const FULL_TEXT_CHARS = 500;
const FULL_TEXT_SENTENCES = 3;
/** How a feed says that the rest is on the page: "…", "[…]", "Read more", "Continue reading". */
const TRAILS_OFF =
  /(\.\.\.|…|\[…\]|\[\.\.\.\]|read more|continue reading|weiterlesen|lire la suite|подробнее|devamı)\W*$/i;

function isFullText(text: string): boolean {
  if (!text || TRAILS_OFF.test(text)) return false;
  const sentences = text.match(/[.!?。](\s|$)/g)?.length ?? 0;
  return text.length >= FULL_TEXT_CHARS || sentences >= FULL_TEXT_SENTENCES;
}

/** Plain text as HTML: a paragraph for each block between blank lines, a <br> for a line break. */
function textAsHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeXml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/** A title or a feed's name as one line of plain text: markup stripped, entities decoded, spaces collapsed. */
function plainLine(value: string | null | undefined, html = true): string {
  if (!value) return "";
  const text = html && /[<&]/.test(value) ? (htmlFragment(value).textContent ?? "") : value;
  return text.replace(/\s+/g, " ").trim();
}

/** An absolute http(s) URL, or null. */
function absolute(link: string | null | undefined, base: string): string | null {
  const value = link?.trim();
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

function isoDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/** What one entry carries, before the full-text decision. */
type Raw = {
  guid?: string | number | null;
  link?: string | null;
  title: string;
  date?: string | null;
  /** content:encoded, Atom content, content_html, as HTML. */
  content?: string | null;
  /** description, Atom summary, JSON Feed summary, as HTML. */
  summary?: string | null;
};

function entry(raw: Raw, base: string): FeedEntry {
  const link = absolute(raw.link, base);
  const contentText = raw.content ? articleTextOfContent(raw.content, base) : "";
  const summaryText = raw.summary ? articleTextOfContent(raw.summary, base) : "";
  let contentHtml: string | null = null;
  if (isFullText(contentText)) contentHtml = raw.content ?? null;
  // An item with no page to fetch: a long description is all the article there is.
  else if (!link && isFullText(summaryText)) contentHtml = raw.summary ?? null;
  return {
    guid: raw.guid === undefined || raw.guid === null || raw.guid === "" ? null : String(raw.guid).trim() || null,
    link,
    title: raw.title,
    publishedAt: isoDate(raw.date),
    contentHtml,
    summary: summaryText || (contentHtml ? null : contentText) || null,
  };
}

/** An Atom text construct as HTML (type text is plain, html is escaped HTML, xhtml is inline markup). */
function atomHtml(text: { value?: string; type?: string } | undefined): string | null {
  if (!text?.value) return null;
  const type = (text.type ?? "text").toLowerCase();
  return type === "html" || type === "xhtml" || type.includes("html") ? text.value : textAsHtml(text.value);
}

function atomLink(links: AtomFeed.Link<string>[] | undefined, base: string): string | null {
  const alternates = (links ?? []).filter((l) => !l.rel || l.rel === "alternate");
  const page = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  return absolute(page?.href, base);
}

/** Each entry on its own: one odd entry is left out, never the feed. */
function each<T>(items: T[] | undefined, read: (item: T) => FeedEntry): FeedEntry[] {
  const entries: FeedEntry[] = [];
  for (const item of items ?? []) {
    try {
      entries.push(read(item));
    } catch {
      // An entry the parser shaped in a way we cannot read (a number where a string was due): skipped.
    }
  }
  return entries;
}

function rssEntry(item: RssFeed.Item<string> | RdfFeed.Item<string>, base: string): FeedEntry {
  const rss = item as RssFeed.Item<string>;
  const rdf = item as RdfFeed.Item<string>;
  const guid = rss.guid?.value ?? rdf.rdf?.about ?? null;
  const permalink =
    rss.guid && rss.guid.isPermaLink !== false && /^https?:\/\//i.test(rss.guid.value ?? "") ? guid : null;
  return entry(
    {
      guid,
      link: item.link ?? permalink ?? rdf.rdf?.about,
      title: plainLine(item.title ?? item.dc?.titles?.[0]),
      date: rss.pubDate ?? item.dc?.dates?.[0] ?? item.dcterms?.issued?.[0] ?? item.dcterms?.created?.[0] ?? null,
      content: item.content?.encoded,
      summary: item.description ?? item.dc?.descriptions?.[0],
    },
    base,
  );
}

function atomEntry(item: AtomFeed.Entry<string>, base: string): FeedEntry {
  const entryBase = absolute(item.xml?.base, base) ?? base;
  const content = item.content?.src ? null : atomHtml(item.content);
  return entry(
    {
      guid: item.id,
      link: atomLink(item.links, entryBase),
      title: plainLine(item.title?.value, (item.title?.type ?? "text") !== "text"),
      date: item.published ?? item.updated ?? item.dc?.dates?.[0],
      content,
      summary: atomHtml(item.summary),
    },
    entryBase,
  );
}

function jsonEntry(item: JsonFeed.Item<string>, base: string): FeedEntry {
  const id = item.id as string | number | undefined;
  return entry(
    {
      guid: id,
      link: item.url ?? (typeof id === "string" && /^https?:\/\//i.test(id) ? id : null),
      title: plainLine(item.title, false),
      date: item.date_published ?? item.date_modified,
      content: item.content_html ?? (item.content_text ? textAsHtml(item.content_text) : null),
      summary: item.summary ? textAsHtml(item.summary) : null,
    },
    base,
  );
}

/** The feed types a page names in <link rel="alternate">. */
const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|rdf\+xml|feed\+json|json)\b/i;

/** The first feed an HTML page names (<link rel="alternate" type="application/rss+xml" href>), absolute. */
function namedFeed(html: string, url: string): string | null {
  return withDocument(html, url, (document) => {
    for (const link of document.querySelectorAll("link[href]")) {
      const rel = (link.getAttribute("rel") ?? "").toLowerCase().split(/\s+/);
      if (rel.includes("alternate") && FEED_TYPES.test(link.getAttribute("type") ?? "")) {
        const href = absolute(link.getAttribute("href"), url);
        if (href) return href;
      }
    }
    return null;
  });
}

/** Says what the body is, since it is not a feed. */
function notAFeed(body: string, contentType: string | null, url: string): NotAFeed {
  const start = body.replace(/^\uFEFF/, "").trimStart();
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!start) return new NotAFeed(`${url} answered an empty body, not an RSS, Atom or JSON feed`);
  if (/html/.test(type) || /^(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html|head|body)\b/i.test(start)) {
    const named = namedFeed(body, url);
    const page = `${url} is an HTML page, not an RSS, Atom or JSON feed`;
    return new NotAFeed(named ? `${page}; it names a feed at ${named}: use that address` : page);
  }
  if (start.startsWith("{") || start.startsWith("[")) {
    return new NotAFeed(`${url} is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")`);
  }
  if (start.startsWith("<")) {
    const root = /<([A-Za-z][\w:.-]*)/.exec(
      start.replace(/^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|\s)+/i, ""),
    );
    const what = root ? `XML whose root is <${root[1]}>` : "XML";
    return new NotAFeed(`${url} is ${what}, not an RSS, Atom or JSON feed`);
  }
  return new NotAFeed(`${url} is not an RSS, Atom or JSON feed${type ? ` (it is ${type})` : ""}`);
}

/**
 * Reads a feed's body. Throws NotAFeed, with a message for users, when the body is not a feed: an HTML page (with
 * the address of the feed it names, if it names one), other JSON or XML, anything else. `url` is the feed's own
 * address (after redirects): relative links resolve against it.
 */
export function parseFeed(body: string, contentType: string | null, url: string): ParsedFeed {
  let parsed: AnyFeed<string>;
  try {
    parsed = feedsmith<string>(body.replace(/^\uFEFF/, ""));
  } catch {
    throw notAFeed(body, contentType, url);
  }
  switch (parsed.format) {
    case "rss":
    case "rdf": {
      const feed = parsed.feed as RssFeed.Feed<string> | RdfFeed.Feed<string>;
      return {
        format: "rss",
        title: plainLine(feed.title) || null,
        entries: each<RssFeed.Item<string> | RdfFeed.Item<string>>(feed.items, (i) => rssEntry(i, url)),
      };
    }
    case "atom": {
      const feed = parsed.feed;
      const base = absolute(feed.xml?.base, url) ?? url;
      return {
        format: "atom",
        title: plainLine(feed.title?.value, (feed.title?.type ?? "text") !== "text") || null,
        entries: each(feed.entries, (e) => atomEntry(e, base)),
      };
    }
    case "json": {
      const feed = parsed.feed;
      return {
        format: "json",
        title: plainLine(feed.title, false) || null,
        entries: each(feed.items, (i) => jsonEntry(i, url)),
      };
    }
  }
}
