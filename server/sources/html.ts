import { JSDOM, VirtualConsole } from "jsdom";
import { normalizeBody } from "../../domain/text";

/**
 * HTML from feeds and article pages, read into an inert DOM (no scripts run, nothing is loaded, the page's CSS
 * errors are not logged) and turned back into plain text with its paragraphs.
 */

/** Runs `read` over the page as a DOM, then frees the window. */
export function withDocument<T>(html: string, url: string, read: (document: Document) => T): T {
  const dom = new JSDOM(html, {
    url: URL.canParse(url) ? url : undefined,
    virtualConsole: new VirtualConsole(),
  });
  try {
    return read(dom.window.document);
  } finally {
    dom.window.close();
  }
}

/**
 * A piece of HTML (a feed's content or title) as an inert fragment: no document of its own, so no URL and no
 * window to make (a fraction of a millisecond, where a document takes about ten).
 */
export function htmlFragment(html: string): DocumentFragment {
  return JSDOM.fragment(html);
}

/** Elements whose content is one block of text: a paragraph break before and after. */
const BLOCKS = new Set([
  "ADDRESS",
  "ARTICLE",
  "ASIDE",
  "BLOCKQUOTE",
  "CAPTION",
  "DD",
  "DETAILS",
  "DIV",
  "DL",
  "DT",
  "FIELDSET",
  "FIGCAPTION",
  "FIGURE",
  "FOOTER",
  "FORM",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "HEADER",
  "HR",
  "LI",
  "MAIN",
  "NAV",
  "OL",
  "P",
  "PRE",
  "SECTION",
  "SUMMARY",
  "TABLE",
  "TR",
  "UL",
]);

/** Elements with no text for a reader: code, styles, embedded media, form controls. */
const SKIPPED = new Set([
  "AUDIO",
  "BUTTON",
  "CANVAS",
  "EMBED",
  "IFRAME",
  "INPUT",
  "NOSCRIPT",
  "OBJECT",
  "SCRIPT",
  "SELECT",
  "STYLE",
  "SVG",
  "TEMPLATE",
  "TEXTAREA",
  "VIDEO",
]);

/**
 * The text of a DOM node: a blank line between blocks (paragraphs, headings, list items, quotes, divisions with
 * text), a line break for <br>, spaces collapsed, no markup; normalised as report bodies are.
 */
export function textOf(root: Node): string {
  const paragraphs: string[] = [];
  let lines: string[] = [];
  let line = "";
  const endLine = () => {
    const text = line.replace(/\s+/g, " ").trim();
    if (text) lines.push(text);
    line = "";
  };
  const endParagraph = () => {
    endLine();
    if (lines.length > 0) paragraphs.push(lines.join("\n"));
    lines = [];
  };
  const walk = (node: Node) => {
    if (node.nodeType === node.TEXT_NODE || node.nodeType === node.CDATA_SECTION_NODE) {
      line += node.nodeValue ?? "";
      return;
    }
    if (node.nodeType !== node.ELEMENT_NODE) {
      if (node.nodeType === node.DOCUMENT_NODE || node.nodeType === node.DOCUMENT_FRAGMENT_NODE) {
        for (const child of node.childNodes) walk(child);
      }
      return;
    }
    const name = (node as Element).tagName.toUpperCase();
    if (SKIPPED.has(name)) return;
    if (name === "BR") return endLine();
    // Table cells side by side: a space between them.
    if (name === "TD" || name === "TH") line += " ";
    const block = BLOCKS.has(name);
    if (block) endParagraph();
    for (const child of node.childNodes) walk(child);
    if (block) endParagraph();
  };
  walk(root);
  endParagraph();
  return normalizeBody(paragraphs.join("\n\n"));
}
