import { describe, expect, it } from "vitest";
import { sentenceSpan, trimSpan } from "../../../browser/text-span";

const TEXT =
  "Ankara welcomed the ceasefire. The U.S. State Department urged restraint on both sides.\n\nParis said nothing. Berlin called for talks.";

describe("trimSpan", () => {
  it("drops white space at either end and refuses a blank selection", () => {
    const start = TEXT.indexOf(" The U.S.");
    expect(trimSpan(TEXT, { start, end: start + 5 })).toEqual({ start: start + 1, end: start + 4 });
    const gap = TEXT.indexOf("\n\n");
    expect(trimSpan(TEXT, { start: gap, end: gap + 2 })).toBeNull();
  });

  it("keeps the span inside the text", () => {
    expect(trimSpan(TEXT, { start: -5, end: 6 })).toEqual({ start: 0, end: 6 });
    expect(trimSpan(TEXT, { start: TEXT.length - 6, end: TEXT.length + 40 })?.end).toBe(TEXT.length);
  });
});

describe("sentenceSpan", () => {
  it("widens a word to its whole sentence, past an abbreviation", () => {
    const word = TEXT.indexOf("restraint");
    const span = sentenceSpan(TEXT, { start: word, end: word + 9 });
    expect(span && TEXT.slice(span.start, span.end)).toBe("The U.S. State Department urged restraint on both sides.");
  });

  it("covers every sentence the selection touches, within and across paragraphs", () => {
    const a = TEXT.indexOf("ceasefire");
    const b = TEXT.indexOf("Paris");
    const span = sentenceSpan(TEXT, { start: a, end: b + 3 });
    expect(span && TEXT.slice(span.start, span.end)).toBe(TEXT.slice(0, TEXT.indexOf(" Berlin")));
  });

  it("finds the last sentence of the text", () => {
    const at = TEXT.indexOf("talks");
    const span = sentenceSpan(TEXT, { start: at, end: at + 2 });
    expect(span && TEXT.slice(span.start, span.end)).toBe("Berlin called for talks.");
  });
});
