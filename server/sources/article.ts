import { Readability } from "@mozilla/readability";
import { htmlFragment, textOf, withDocument } from "./html";

/** An article page's main text: what the coder reads of an item whose feed carries only a summary. */
export type Article = {
  title: string | null;
  text: string;
  /** The page's <html lang>, as its ISO 639-1 part ("en" for en-GB), or null. */
  language: string | null;
};

/**
 * What surrounds an article on a page and never belongs to it. Readability scores blocks by their text and their
 * links and leaves most of this out itself, but on a small page (a short statement) a cookie banner, a list of
 * related links or a footer can outscore the article or be kept beside it: these are taken out before it looks.
 */
const AROUND_ARTICLES = [
  // Site navigation, header, footer and side columns, by element and by ARIA role.
  "nav",
  "footer",
  "aside",
  "dialog",
  "[role=navigation]",
  "[role=banner]",
  "[role=contentinfo]",
  "[role=complementary]",
  "[role=search]",
  "[role=dialog]",
  "[role=alertdialog]",
].join(", ");

/**
 * The same by name, on sites built of <div>s: cookie and consent banners, footers, related links, breadcrumbs, and
 * forms (search, newsletter, comments).
 */
const BY_NAME = [
  "form",
  "[class*=footer i]",
  "[id*=footer i]",
  "[class*=related i]",
  "[id*=related i]",
  "[class*=breadcrumb i]",
  "[class*=cookie i]",
  "[id*=cookie i]",
  "[aria-label*=cookie i]",
  "[class*=consent i]",
  "[id*=consent i]",
  "[aria-label*=consent i]",
].join(", ");

/** Where the article is, when the page says so. */
const ARTICLE = "main, article, [role=main]";

function removeBoilerplate(root: Document | DocumentFragment): void {
  const total = ("body" in root ? root.body : root)?.textContent?.length ?? 0;
  for (const element of root.querySelectorAll(AROUND_ARTICLES)) {
    if (!element.querySelector(ARTICLE)) element.remove();
  }
  for (const element of root.querySelectorAll(BY_NAME)) {
    // A wrapper of the whole page stays: <body class="cookie-consent-open">, the <form> of an ASP.NET site.
    if (element.matches("html, body") || element.matches(ARTICLE) || element.querySelector(ARTICLE)) continue;
    if ((element.textContent?.length ?? 0) > total / 2) continue;
    element.remove();
  }
}

/** An article shorter than this is a page's leftovers (an error page, a list of links), not an article. */
const MIN_ARTICLE_CHARS = 100;

function pageLanguage(document: Document): string | null {
  const lang = document.documentElement.getAttribute("lang")?.trim().toLowerCase() ?? "";
  const primary = lang.split(/[-_]/)[0] ?? "";
  return /^[a-z]{2}$/.test(primary) ? primary : null;
}

/**
 * The main text of an article page, with its paragraphs: navigation, cookie banners, related links and footers
 * left out. Null when the page holds no article (nothing, or too little, is left).
 */
export function extractArticle(html: string, url: string): Article | null {
  return withDocument(html, url, (document) => {
    const language = pageLanguage(document);
    removeBoilerplate(document);
    const parsed = new Readability<string>(document, { serializer: textOf }).parse();
    const text = parsed?.content ?? "";
    if (text.length < MIN_ARTICLE_CHARS) return null;
    const title = parsed?.title?.replace(/\s+/g, " ").trim() || null;
    return { title, text, language };
  });
}

/** The line WordPress feeds end each item with, which is not part of the article. */
const APPEARED_FIRST = /\n*The post .{1,300} appeared first on .{1,300}\.$/s;

/**
 * A feed item's inline HTML content (content:encoded, Atom content, JSON Feed content_html) as plain text. The URL
 * (the item's link) is not needed for the text; it is taken for symmetry with `extractArticle`.
 */
export function articleTextOfContent(html: string, _url: string): string {
  const fragment = htmlFragment(html);
  removeBoilerplate(fragment);
  return textOf(fragment).replace(APPEARED_FIRST, "");
}
