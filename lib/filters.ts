import { z } from "zod";
import { CONFIDENCE_PATTERN, REVIEW_STATUSES, STANCES } from "./labels";
import { isIsoDate } from "./dates";

/**
 * Query-string schemas shared by the route handlers and the client. Every value arrives as a string; list
 * filters are comma lists (`actor=TR,RU`) and repeated parameters are joined into one list before parsing.
 */

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

function commaList<O>(item: z.ZodType<O, string>, label: string) {
  return z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, `${label} needs at least one value`))
    .transform((list) => [...new Set(list)]);
}

const isoDate = (name: string) =>
  z
    .string()
    .trim()
    .refine(isIsoDate, { message: `${name} must be a calendar date written YYYY-MM-DD` });

// Any short token: whether it names an actor is the database's answer, which lists the valid codes.
export const actorCode = z
  .string()
  .max(40, "actor codes are short, such as TR or EU")
  .transform((s) => s.toUpperCase());

/** An enum matched regardless of letter case (`stance=SUPPORT` works as well as `stance=support`). */
function looseEnum<const T extends readonly [string, ...string[]]>(values: T, name: string) {
  return z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(values, { message: `${name} must be one of ${values.join(", ")}` }));
}

const stanceValue = looseEnum(STANCES, "stance");
const statusValue = looseEnum(REVIEW_STATUSES, "status");

const positiveId = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a whole number from 1 to 999999999`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be a whole number from 1 to 999999999`);

/** A topic is named by its numeric id or its slug. */
export const topicRef = z
  .string()
  .trim()
  .min(1, "topic must not be empty")
  .max(200, "topic is at most 200 characters")
  .regex(/^\d{1,9}$|^(?!\d+$)[a-z0-9][a-z0-9-]*$/i, "topic must be a topic id or slug");

export const dateRange = {
  from: isoDate("from").optional(),
  to: isoDate("to").optional(),
};

export const codingFilters = {
  actor: commaList(actorCode, "actor").optional(),
  topic: topicRef.optional(),
  stance: commaList(stanceValue, "stance").optional(),
  status: commaList(statusValue, "status").optional(),
  ...dateRange,
  // One report id, or a comma list of up to 200 (the reports behind an alignment cell).
  report: commaList(positiveId("report"), "report")
    .refine((ids) => ids.length <= 200, "report takes at most 200 ids")
    .optional(),
  // A source key as the summary returns it: "report:<id>:<date>" or "cited:<outlet>:<date>".
  source: z
    .string()
    .max(300, "source is at most 300 characters")
    .regex(
      /^report:\d{1,9}:\d{4}-\d{2}-\d{2}$|^cited:.+:\d{4}-\d{2}-\d{2}$/,
      'source must be a summary key such as "report:12:2023-10-01" or "cited:al jazeera:2023-09-25"',
    )
    .optional(),
  outlet: z.string().trim().min(1, "outlet must not be empty").max(200, "outlet is at most 200 characters").optional(),
};

export const page = {
  // Optional: a JSON page defaults to DEFAULT_PAGE_SIZE, a CSV export to every row.
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a positive whole number")
    .transform(Number)
    .refine((n) => n >= 1, "limit must be at least 1")
    // Not refused when large: a JSON page is capped at MAX_PAGE_SIZE, a CSV export takes any limit.
    .transform((n) => Math.min(n, Number.MAX_SAFE_INTEGER))
    .optional(),
  cursor: z.string().max(200, "cursor is not one this API issued").optional(),
};

function withOrderedRange<T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) {
  return schema.refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "from must be on or before to",
    path: ["from"],
  });
}

export const StancesQuery = withOrderedRange(
  z.strictObject({
    ...codingFilters,
    ...page,
    format: looseEnum(["json", "csv"], "format").default("json"),
  }),
);
export type StancesQuery = z.infer<typeof StancesQuery>;

export const SUMMARY_GROUPS = ["source", "report", "day", "month", "outlet"] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

export const SummaryQuery = withOrderedRange(
  z.strictObject({
    ...codingFilters,
    by: looseEnum(SUMMARY_GROUPS, "by").default("source"),
    // A chart draws at most about 1,000 marks: past this many groups, sources and reports are grouped by month.
    maxGroups: z
      .string()
      .regex(/^\d+$/, "maxGroups must be a positive whole number")
      .transform(Number)
      .refine((n) => n >= 1 && n <= 5000, "maxGroups must be between 1 and 5000")
      .optional(),
  }),
);
export type SummaryQuery = z.infer<typeof SummaryQuery>;

/** The filters every coding read shares (stances, summary, alignment, charts and exports). */
export type CodingFilters = Omit<SummaryQuery, "by" | "maxGroups">;

export const AlignmentQuery = withOrderedRange(z.strictObject({ ...codingFilters }));
export type AlignmentQuery = z.infer<typeof AlignmentQuery>;

/** The coder-agreement report: which codings count (it picks the reviewed statuses itself). */
export const CoderAgreementQuery = withOrderedRange(
  z.strictObject({ actor: codingFilters.actor, topic: codingFilters.topic, ...dateRange, ...page }),
);
export type CoderAgreementQuery = z.infer<typeof CoderAgreementQuery>;

/** A confidence bound from the query string: a number from 0 to 1. */
export const confidenceParam = (name: string) =>
  z.string().trim().regex(CONFIDENCE_PATTERN, `${name} must be a number from 0 to 1, such as 0.9`).transform(Number);

/** `reviewed=true`: only what an analyst confirmed, corrected or coded; `false` (the default) asks nothing. */
export const reviewedParam = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.enum(["true", "false", "1", "0"], { message: "reviewed must be true or false" }))
  .transform((v) => v === "true" || v === "1");

/** What makes a shift worth an alert: both of its codings at least this confident, or both reviewed. */
export const shiftStanding = {
  minConfidence: confidenceParam("minConfidence").optional(),
  reviewed: reviewedParam.optional(),
};

/** Stance shifts: `from` and `to` bound the date of the change itself. */
export const ShiftsQuery = withOrderedRange(
  z.strictObject({
    actor: codingFilters.actor,
    topic: codingFilters.topic,
    ...dateRange,
    ...shiftStanding,
    ...page,
  }),
);
export type ShiftsQuery = z.infer<typeof ShiftsQuery>;

/** The review queue: automatic codings, least confident first; `maxConfidence` leaves out the surer ones. */
export const ReviewQueueQuery = z.strictObject({
  actor: codingFilters.actor,
  topic: codingFilters.topic,
  maxConfidence: confidenceParam("maxConfidence").optional(),
  ...page,
});
export type ReviewQueueQuery = z.infer<typeof ReviewQueueQuery>;

/** Chart exports take the dashboard's filters; `evidence=1` adds the evidence appendix to a CSV. */
export const ExportQuery = withOrderedRange(
  z.strictObject({
    actor: codingFilters.actor,
    topic: codingFilters.topic,
    stance: codingFilters.stance,
    status: codingFilters.status,
    outlet: codingFilters.outlet,
    ...dateRange,
    evidence: looseEnum(["0", "1", "true", "false"], "evidence")
      .transform((v) => v === "1" || v === "true")
      .optional(),
  }),
);
export type ExportQuery = z.infer<typeof ExportQuery>;

export const ReportsQuery = withOrderedRange(
  z.strictObject({
    topic: topicRef.optional(),
    outlet: codingFilters.outlet,
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}$/i, "language must be an ISO 639-1 code such as en")
      .transform((s) => s.toLowerCase())
      .optional(),
    ...dateRange,
    ...page,
  }),
);
export type ReportsQuery = z.infer<typeof ReportsQuery>;

export const IdParam = positiveId("id");

/** Turns URLSearchParams into the plain object the schemas parse; repeated keys become one comma list. */
export function searchParamsToObject(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    out[key] = params.getAll(key).join(",");
  }
  return out;
}
