import { z } from "zod";
import { isIsoDate } from "./dates";
import { actorCode } from "./filters";
import { ApiError } from "./http";
import {
  type DatePrecision,
  MAX_NOTE_LENGTH,
  REVIEW_STATUSES,
  type ReviewStatus,
  STANCES,
  type Stance,
} from "./labels";

/**
 * Analyst review of codings: the request bodies of `PATCH /api/stances/{id}` and `POST /api/stances`, and the
 * rules that turn a review into the coding's new values. No database here; db/queries/review.ts applies them.
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

const objectBody = {
  error: (issue: { code: string }) => (issue.code === "invalid_type" ? "send a JSON object" : undefined),
};

const stance = z.enum(STANCES, { error: `stance must be one of ${STANCES.join(", ")}` });

// A JSON number that fits the database's integer ids.
const id = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be 1 or more`)
    .max(2_147_483_647, `${name} is too large`);

const offset = (name: string) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number (a UTF-16 offset into the report body)`)
    .min(0, `${name} must be 0 or more`)
    .max(2_147_483_647, `${name} is too large`);

/** "YYYY-MM-DD", or "YYYY-MM" when only the month is known (stored as its first day with precision month). */
const statementDate = z
  .string({ error: "statementDate must be a string" })
  .trim()
  .refine((v) => isIsoDate(v) || (/^\d{4}-\d{2}$/.test(v) && isIsoDate(`${v}-01`)), {
    message: "statementDate must be a calendar date written YYYY-MM-DD, or YYYY-MM when only the month is known",
  })
  .transform(
    (v): DatedOn => (v.length === 7 ? { date: `${v}-01`, precision: "month" } : { date: v, precision: "day" }),
  );

const note = z
  .string({ error: "note must be a string" })
  .max(MAX_NOTE_LENGTH, `note is at most ${MAX_NOTE_LENGTH} characters`)
  .transform((v) => v.trim() || null)
  .nullable();

export type DatedOn = { date: string; precision: DatePrecision };

const CORRECTIONS = ["stance", "statementDate", "evidenceStart", "evidenceEnd", "citedSourceId"] as const;

/**
 * `PATCH /api/stances/{id}`. `confirm` and `reject` take only a note; `correct` changes one or more of stance,
 * statementDate, the evidence span (evidenceStart and evidenceEnd together) and citedSourceId (null: none).
 */
export const ReviewBody = z
  .strictObject(
    {
      action: z.enum(REVIEW_ACTIONS, { error: `action must be one of ${REVIEW_ACTIONS.join(", ")}` }),
      stance: stance.optional(),
      statementDate: statementDate.optional(),
      evidenceStart: offset("evidenceStart").optional(),
      evidenceEnd: offset("evidenceEnd").optional(),
      citedSourceId: id("citedSourceId").nullable().optional(),
      note: note.optional(),
      // The status the reviewer saw: when the coding has it no longer (another analyst decided meanwhile), 409.
      expectedStatus: z
        .enum(REVIEW_STATUSES, { error: `expectedStatus must be one of ${REVIEW_STATUSES.join(", ")}` })
        .optional(),
    },
    objectBody,
  )
  .superRefine((body, ctx) => {
    if (body.action !== "correct") {
      for (const field of CORRECTIONS) {
        if (body[field] !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: [field],
            message: `${field} is only for action "correct"; ${body.action} takes only a note`,
          });
        }
      }
      return;
    }
    if (!CORRECTIONS.some((field) => body[field] !== undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["action"],
        message: "correct needs what to change: stance, statementDate, evidenceStart and evidenceEnd, or citedSourceId",
      });
    }
    spanRule(body, ctx);
  });
export type ReviewBody = z.infer<typeof ReviewBody>;

/**
 * `POST /api/stances/{id}/revert`: undoes the coding's latest revision. `revision`, when given, is the one the
 * caller means to undo: if someone has changed the coding since, nothing happens and the answer is a 409.
 */
export const RevertBody = z.strictObject({ revision: id("revision").optional(), note: note.optional() }, objectBody);
export type RevertBody = z.infer<typeof RevertBody>;

/** `POST /api/stances`: a coding the automatic coder missed, added by an analyst. */
export const AddCodingBody = z
  .strictObject(
    {
      reportId: id("reportId"),
      actor: z
        .string({ error: "actor must be an actor code such as TR" })
        .trim()
        .min(1, "actor must be an actor code such as TR")
        .pipe(actorCode),
      stance,
      evidenceStart: offset("evidenceStart"),
      evidenceEnd: offset("evidenceEnd"),
      statementDate: statementDate.optional(),
      citedSourceId: id("citedSourceId").nullable().optional(),
      note: note.optional(),
    },
    objectBody,
  )
  .superRefine(spanRule);
export type AddCodingBody = z.infer<typeof AddCodingBody>;

function spanRule(body: { evidenceStart?: number; evidenceEnd?: number }, ctx: z.RefinementCtx) {
  const { evidenceStart: start, evidenceEnd: end } = body;
  if ((start === undefined) !== (end === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [start === undefined ? "evidenceStart" : "evidenceEnd"],
      message: "give evidenceStart and evidenceEnd together",
    });
  } else if (start !== undefined && end !== undefined && end <= start) {
    ctx.addIssue({ code: "custom", path: ["evidenceEnd"], message: "evidenceEnd must be greater than evidenceStart" });
  }
}

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
    throw new ApiError("bad_request", `Invalid evidence: ${problem}`, {
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

/**
 * The coding's values after a review. Confirm and reject change only the status. A correction must change
 * something: correcting to the stance the coding already has, and nothing else, is refused (confirm it
 * instead). A new cited source dates the statement unless statementDate is given.
 */
export function applyReview(current: CodingValues, review: ReviewBody, context: ReviewContext = {}): CodingValues {
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
    throw new ApiError(
      "bad_request",
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
