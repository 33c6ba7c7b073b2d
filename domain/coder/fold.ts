/**
 * Folds text for matching without moving any offset: every UTF-16 unit maps to exactly one unit, diacritics
 * are dropped (ğ → g, é → e, ё → е) and typographic quotes and dashes become plain ones. Case is kept.
 */
const SPECIAL: Record<string, string> = {
  "\u2018": "'",
  "\u2019": "'",
  "\u02bc": "'",
  "\u201c": '"',
  "\u201d": '"',
  "\u201e": '"',
  "\u00ab": '"',
  "\u00bb": '"',
  "\u2013": "-",
  "\u2014": "-",
  "\u00a0": " ",
  ı: "i",
  İ: "I",
  ß: "s",
  ё: "е",
  Ё: "Е",
};

const cache = new Map<string, string>();

function foldChar(ch: string): string {
  const special = SPECIAL[ch];
  if (special !== undefined) return special;
  const code = ch.charCodeAt(0);
  if (code < 0xc0) return ch;
  let folded = cache.get(ch);
  if (folded === undefined) {
    const base = ch.normalize("NFD")[0] ?? ch;
    // Keep the character when decomposing does not give a single base letter of the same width.
    folded = base.length === 1 && base.charCodeAt(0) < 0xd800 ? base : ch;
    cache.set(ch, folded);
  }
  return folded;
}

export function fold(text: string): string {
  // Fast path: plain ASCII needs no work.
  if (/^[ -~\t\n\r]*$/.test(text)) return text;
  let out = "";
  for (let i = 0; i < text.length; i++) out += foldChar(text[i] as string);
  return out;
}
