import { Problem } from "./errors";
import { type DatePrecision, MAX_NOTE_LENGTH, type ReviewStatus, type Stance } from "./labels";

/**
 * Analyst review of codings: the rules that turn a review into the coding's new values. The request bodies are
 * contracts/review.ts; db/queries/review.ts applies the rules in its transactions.
 */

/** The coder of a coding an analyst added by hand (one the automatic coder missed). */
export const ANALYST_CODER = "analyst";

export const REVIEW_ACTIONS = ["confirm", "correct", "reject"] as const;
export type ReviewAction = (typeof REVIEW_ACTIONS)[number];

export const ACTION_STATUS: Record<ReviewAction, ReviewStatus> = {
  confirm: "confirmed",
  correct: "corrected",
  reject: "rejected",
};

export { MAX_NOTE_LENGTH };

export type DatedOn = { date: string; precision: DatePrecision };

/** Why a span cannot be evidence in this body, or null when it can. Offsets are UTF-16, as in JavaScript. */
export function evidenceSpanProblem(body: string, start: number, end: number): string | null {
  if (end <= start) return "evidenceEnd must be greater than evidenceStart";
  if (end > body.length) return `the span ${start}-${end} ends past the report body, which is ${body.length} long`;
  const splits = (i: number) => /[\uDC00-\uDFFF]/.test(body.charAt(i)) && /[\uD800-\uDBFF]/.test(body.charAt(i - 1));
  if (splits(start) || splits(end)) return `the span ${start}-${end} cuts a character in two`;
  if (!body.slice(start, end).trim()) return `the span ${start}-${end} holds only white space`;
  return null;
}

export function assertEvidenceSpan(body: string, start: number, end: number): void {
  const problem = evidenceSpanProblem(body, start, end);
  if (problem) {
    throw new Problem("invalid", `Invalid evidence: ${problem}`, {
      issues: [{ path: "evidenceStart", message: problem }],
    });
  }
}

/** What a revision records of a coding, before and after the change. */
export type CodingValues = {
  stance: Stance;
  status: ReviewStatus;
  statementDate: string;
  statementDatePrecision: DatePrecision;
  evidenceStart: number;
  evidenceEnd: number;
  citedSourceId: number | null;
  confidence: number;
};

export type ReviewContext = {
  /** The report's body; needed only when the evidence moves. */
  body?: string;
  /** The report's own date: the statement's date when a correction removes its cited source. */
  reportDate?: DatedOn;
  /** The cited source the correction names, already checked to belong to the coding's report. */
  cited?: { id: number } & DatedOn;
};

/** A review as the rules read it (contracts/review.ts's ReviewBody, parsed). */
export type Review = {
  action: ReviewAction;
  stance?: Stance;
  statementDate?: DatedOn;
  evidenceStart?: number;
  evidenceEnd?: number;
  citedSourceId?: number | null;
};

/**
 * The coding's values after a review. Confirm and reject change only the status. A correction must change
 * something: correcting to the stance the coding already has, and nothing else, is refused (confirm it
 * instead). A new cited source dates the statement unless statementDate is given.
 */
export function applyReview(current: CodingValues, review: Review, context: ReviewContext = {}): CodingValues {
  const next: CodingValues = { ...current, status: ACTION_STATUS[review.action] };
  if (review.action !== "correct") return next;
  if (review.stance) next.stance = review.stance;
  if (review.citedSourceId !== undefined) {
    next.citedSourceId = review.citedSourceId;
    const dated = review.citedSourceId === null ? context.reportDate : context.cited;
    if (!dated) throw new Error("applyReview: the cited source's or the report's date was not supplied");
    next.statementDate = dated.date;
    next.statementDatePrecision = dated.precision;
  }
  if (review.statementDate) {
    next.statementDate = review.statementDate.date;
    next.statementDatePrecision = review.statementDate.precision;
  }
  if (review.evidenceStart !== undefined && review.evidenceEnd !== undefined) {
    if (context.body === undefined) throw new Error("applyReview: the report body was not supplied");
    assertEvidenceSpan(context.body, review.evidenceStart, review.evidenceEnd);
    next.evidenceStart = review.evidenceStart;
    next.evidenceEnd = review.evidenceEnd;
  }
  const changed = (Object.keys(next) as (keyof CodingValues)[]).some((k) => k !== "status" && next[k] !== current[k]);
  if (!changed) {
    const what =
      review.stance === current.stance ? `The coding already says ${current.stance}` : "Nothing would change";
    throw new Problem(
      "invalid",
      `${what}: to accept it as it is, send action "confirm"; to correct it, give a different stance, statementDate, evidence span or citedSourceId`,
      { issues: [{ path: review.stance ? "stance" : "action", message: "the correction changes nothing" }] },
    );
  }
  return next;
}

/** How much text around the evidence a reviewer sees, at most, on each side. */
export const CONTEXT_CHARS = 400;

// A sentence ends at ., ! or ? (and closing quotes or brackets) before white space, or at a paragraph break.
const SENTENCE_END = /[.!?。][)\]"'”’»]*\s+|\n\s*\n/g;

/**
 * The sentences around a piece of evidence, for a reviewer: up to two whole sentences on each side, never more
 * than CONTEXT_CHARS (a longer stretch is cut at a word, with an ellipsis).
 */
export function evidenceContext(
  body: string,
  start: number,
  end: number,
  sentences = 2,
): { before: string; after: string } {
  const from = Math.max(0, start - CONTEXT_CHARS * 2);
  const head = body.slice(from, start);
  // Where the sentences before the evidence start (the evidence starts one itself, so its boundary is not one).
  const starts = [...head.matchAll(SENTENCE_END)]
    .map((m) => (m.index ?? 0) + m[0].length)
    .filter((i) => i < head.length);
  if (from === 0) starts.unshift(0);
  let cut = starts.length >= sentences ? (starts[starts.length - sentences] as number) : from === 0 ? 0 : -1;
  let before = cut >= 0 ? head.slice(cut) : head;
  if (cut < 0 || before.length > CONTEXT_CHARS) {
    before = before.slice(-CONTEXT_CHARS);
    const space = before.search(/\s/);
    before = `…${space >= 0 ? before.slice(space + 1) : before}`;
  }
  const tail = body.slice(end, end + CONTEXT_CHARS * 2);
  const tailEnds = [...tail.matchAll(SENTENCE_END)].map((m) => (m.index ?? 0) + m[0].trimEnd().length);
  cut = tailEnds.length >= sentences ? (tailEnds[sentences - 1] as number) : tail.length;
  let after = tail.slice(0, cut);
  if (after.length > CONTEXT_CHARS || (cut === tail.length && end + tail.length < body.length)) {
    after = after.slice(0, CONTEXT_CHARS);
    const space = after.search(/\s\S*$/);
    after = `${space > 0 ? after.slice(0, space) : after}…`;
  }
  return { before: before.replace(/^\s+/, ""), after: after.replace(/\s+$/, "") };
}
