/**
 * Text for XML and HTML markup (the Atom feed, exported SVG). Markup characters become references, and what
 * XML 1.0 cannot carry at all (control characters such as the form feeds of a PDF paste, lone surrogates,
 * U+FFFE and U+FFFF) is dropped: one stray character must not make a whole feed or file unreadable.
 */
export function escapeXml(text: string): string {
  return xmlText(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function allowedInXml(code: number): boolean {
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

/** The text without the characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      // A high surrogate is kept only with its low half.
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text.slice(i, i + 2);
        i++;
      }
      continue;
    }
    if (code >= 0xdc00 && code <= 0xdfff) continue;
    if (allowedInXml(code)) out += text.charAt(i);
  }
  return out;
}
