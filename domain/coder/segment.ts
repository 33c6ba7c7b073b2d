/** A sentence of the report body: UTF-16 offsets of its trimmed text, and its paragraph's number. */
export type Sentence = { start: number; end: number; paragraph: number };

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(language: string): Intl.Segmenter {
  let s = segmenters.get(language);
  if (!s) {
    // A tag Intl cannot read ("", "1x", from an import file) gets the root locale's rules instead of a throw.
    const tag = Intl.Segmenter.supportedLocalesOf(validTag(language))[0] ?? "und";
    s = new Intl.Segmenter(tag, { granularity: "sentence" });
    segmenters.set(language, s);
  }
  return s;
}

function validTag(language: string): string[] {
  try {
    return Intl.getCanonicalLocales(language);
  } catch {
    return [];
  }
}

/**
 * Splits `text[from, to)` into sentences with Intl.Segmenter. ICU breaks after every full stop, so a piece that
 * ends in a known abbreviation ("U.S.", "Mr.", "Sept.") or an initial is joined to the next one. Blank lines
 * always end a sentence and start a paragraph.
 */
export function segmentSentences(
  text: string,
  language: string,
  abbreviations: ReadonlySet<string>,
  from = 0,
  to = text.length,
  firstParagraph = 0,
): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = firstParagraph;
  let pending: Sentence | null = null;
  const flush = () => {
    if (pending) out.push(...splitLong(text, pending));
    pending = null;
  };
  for (const piece of segmenter(language).segment(text.slice(from, to))) {
    const raw = piece.segment;
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim();
    if (!trimmed) {
      if (raw.includes("\n")) {
        flush();
        paragraph++;
      }
      continue;
    }
    const start = from + piece.index + lead;
    const end = start + trimmed.length;
    if (pending) pending.end = end;
    else pending = { start, end, paragraph };
    const breaksParagraph = /\n\s*\n/.test(raw.slice(lead + trimmed.length)) || /\n\s*$/.test(raw);
    if (breaksParagraph || !endsInAbbreviation(trimmed, abbreviations)) {
      flush();
      if (/\n\s*\n/.test(raw.slice(lead + trimmed.length))) paragraph++;
    }
  }
  flush();
  return out;
}

/**
 * The longest stretch coded as one sentence. Reported speech runs to a few hundred characters; text without
 * full stops (a list, a table, a hostile paste) is cut at white space into pieces this long, so that the work
 * per sentence, which grows with the names and cues in it, stays bounded and the whole text is coded in linear
 * time.
 */
export const MAX_SENTENCE_CHARS = 2000;

function splitLong(text: string, sentence: Sentence): Sentence[] {
  const out: Sentence[] = [];
  let { start } = sentence;
  while (sentence.end - start > MAX_SENTENCE_CHARS) {
    let cut = start + MAX_SENTENCE_CHARS;
    // Looked for in the second half of the piece only: a search back to the text's start would be quadratic.
    const half = start + MAX_SENTENCE_CHARS / 2;
    const space = text.slice(half, cut).lastIndexOf(" ");
    if (space > 0) cut = half + space;
    // Never between the two halves of a surrogate pair.
    else if (/[\uDC00-\uDFFF]/.test(text.charAt(cut))) cut--;
    out.push({ start, end: trimEnd(text, start, cut), paragraph: sentence.paragraph });
    start = cut;
    while (start < sentence.end && /\s/.test(text.charAt(start))) start++;
  }
  if (start < sentence.end) out.push({ start, end: sentence.end, paragraph: sentence.paragraph });
  return out;
}

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text.charAt(e - 1))) e--;
  return e;
}

function endsInAbbreviation(sentence: string, abbreviations: ReadonlySet<string>): boolean {
  const last = /(\S+)$/.exec(sentence)?.[1] ?? "";
  if (!last.endsWith(".")) return false;
  // An initial ("J.") or a dotted acronym ("U.S.", "U.K.").
  if (/^(?:\p{Lu}\.)+$/u.test(last)) return true;
  return abbreviations.has(last.toLowerCase());
}
