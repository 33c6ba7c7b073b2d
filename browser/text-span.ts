import en from "../domain/coder/data/abbreviations.en.json";
import { segmentSentences } from "../domain/coder/segment";

/**
 * Spans an analyst selects in a report's text, as UTF-16 offsets into its body: trimmed of white space, or
 * widened to the whole sentences they touch (the codebook's unit of evidence). Framework-free; the report
 * page uses it to turn a mouse selection into an evidence span.
 */

export type Span = { start: number; end: number };

const ABBREVIATIONS: ReadonlySet<string> = new Set(en.abbreviations.map((a) => a.toLowerCase()));

/** The span without the white space at either end, or null when nothing but white space is selected. */
export function trimSpan(text: string, span: Span): Span | null {
  let { start, end } = span;
  start = Math.max(0, Math.min(text.length, start));
  end = Math.max(start, Math.min(text.length, end));
  while (start < end && /\s/.test(text.charAt(start))) start++;
  while (end > start && /\s/.test(text.charAt(end - 1))) end--;
  return end > start ? { start, end } : null;
}

/** The sentences the span touches, from the first one's start to the last one's end. */
export function sentenceSpan(text: string, span: Span, language = "en"): Span | null {
  const trimmed = trimSpan(text, span);
  if (!trimmed) return null;
  // Only the paragraphs around the selection are segmented: a 1 MB report stays fast.
  const from = Math.max(0, text.lastIndexOf("\n\n", trimmed.start));
  const next = text.indexOf("\n\n", trimmed.end);
  const to = next === -1 ? text.length : next;
  const touched = segmentSentences(text, language, ABBREVIATIONS, from, to).filter(
    (s) => s.end > trimmed.start && s.start < trimmed.end,
  );
  const first = touched[0];
  const last = touched[touched.length - 1];
  return first && last ? { start: first.start, end: last.end } : trimmed;
}
