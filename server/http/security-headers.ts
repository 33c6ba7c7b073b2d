/**
 * The Content-Security-Policy of the site. Pages get a fresh nonce per request (set in proxy.ts): Next puts
 * it on its own inline bootstrap scripts and script tags, and 'strict-dynamic' lets those load the chunks, so
 * no other script runs, whatever a report's text holds. Styles allow inline: React renders style attributes
 * (the charts' colours and sizes), and a nonce cannot cover attributes. PNG and SVG exports are downloads, but
 * blob: and data: images stay allowed for the pictures the browser draws itself.
 */
export function pageCsp(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/**
 * Everything that is not a page (API answers, exports, the feed, static files): nothing may run, and an SVG
 * export opened on its own is sandboxed, its inline styles allowed so that it still looks like the chart.
 */
export const RESOURCE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox";

/** HSTS for a site served on https (PUBLIC_URL): browsers then refuse plain http to it for a year. */
export const HSTS = "max-age=31536000; includeSubDomains";
