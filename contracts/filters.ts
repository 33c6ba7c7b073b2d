import { z } from "zod";
import { isIsoDate } from "../domain/dates";
import { CONFIDENCE_PATTERN, REVIEW_STATUSES, STANCES } from "../domain/labels";

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

/** Group limits that keep every chart under about 1,000 marks (6 actors x 150 columns): past them, months. */
export const MATRIX_MAX_GROUPS = 150;
export const TIMELINE_MAX_GROUPS = 150;

// ---- The same filters in a page's URL ----
// The dashboard, /shifts, /quality and /review keep their filters in the URL under the API's names, parsed by
// the API's own field schemas. Parsing is lenient, field by field: a hand-edited URL with one bad value still
// opens, without that value (an unknown actor code is left for the API to name, with the valid ones).

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(params: ParamSource, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.getAll(key).join(",") || undefined;
  const v = params[key];
  return (Array.isArray(v) ? v.join(",") : v) || undefined;
}

/** The list filters' items: in a URL, a list keeps the items that parse (`stance=support,maybe` is support). */
const LIST_ITEMS: Record<string, z.ZodType<unknown, string>> = {
  actor: actorCode,
  stance: stanceValue,
  status: statusValue,
};

/** The fields of `shape` that parse, each on its own; the others are left out. */
function lenient<S extends z.ZodRawShape>(shape: S, params: ParamSource): Partial<z.output<z.ZodObject<S>>> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const raw = read(params, key);
    if (raw === undefined) continue;
    const item = LIST_ITEMS[key];
    if (item) {
      const items = raw.split(",").flatMap((v) => {
        const parsed = item.safeParse(v.trim());
        return parsed.success && v.trim() ? [parsed.data] : [];
      });
      if (items.length) out[key] = [...new Set(items)];
      continue;
    }
    // A long outlet is cut, as the filter box cuts it, rather than dropped.
    const parsed = (schema as z.ZodType).safeParse(key === "outlet" ? raw.trim().slice(0, 200) : raw);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return out as Partial<z.output<z.ZodObject<S>>>;
}

const dashboardFields = {
  actor: codingFilters.actor,
  topic: codingFilters.topic,
  from: dateRange.from,
  to: dateRange.to,
  outlet: codingFilters.outlet,
  stance: codingFilters.stance,
  status: codingFilters.status,
};

/** The dashboard's filters: the coding filters a person sets. */
export type DashboardFilters = Partial<z.output<z.ZodObject<typeof dashboardFields>>>;

export const FILTER_KEYS = Object.keys(dashboardFields) as (keyof DashboardFilters)[];

export function parseDashboardFilters(params: ParamSource): DashboardFilters {
  const f = lenient(dashboardFields, params);
  if (f.from && f.to && f.from > f.to) delete f.to;
  return f;
}

/** Query parameters in a stable order, lists comma-joined, empty values left out. */
export function filtersToSearchParams(
  filters: Record<string, string | number | boolean | readonly (string | number)[] | undefined | null>,
): URLSearchParams {
  const params = new URLSearchParams();
  const entries = Object.entries(filters).sort(([a], [b]) => a.localeCompare(b));
  for (const [key, value] of entries) {
    // A false switch (reviewed=false) is the default: left out, like an empty value.
    if (value === undefined || value === null || value === "" || value === false) continue;
    if (Array.isArray(value)) {
      if (value.length) params.set(key, value.join(","));
    } else params.set(key, String(value));
  }
  return params;
}

/** The filters the API is asked with: no country chosen means the default actors. */
export function effectiveFilters(filters: DashboardFilters, defaultActors: readonly string[]): DashboardFilters {
  return { ...filters, actor: filters.actor?.length ? filters.actor : [...defaultActors] };
}

export function hasActiveFilters(filters: DashboardFilters): boolean {
  return FILTER_KEYS.some((k) => filters[k] !== undefined);
}

/** The filters the Coder quality view shares with the dashboard (the agreement API takes no others). */
export type AgreementFilters = Pick<DashboardFilters, "actor" | "topic" | "from" | "to">;

export function agreementFilters(filters: DashboardFilters): AgreementFilters {
  const { actor, topic, from, to } = filters;
  return Object.fromEntries(
    Object.entries({ actor, topic, from, to }).filter(([, v]) => v !== undefined),
  ) as AgreementFilters;
}

/** What the shifts view asks of a shift's two codings (both at least this confident; both reviewed). */
export type ShiftStandingFilters = { minConfidence?: number; reviewed?: boolean };

/** The filters of the shifts view and feed (the shifts API takes no others). */
export type ShiftFilters = AgreementFilters & ShiftStandingFilters;

export function shiftFilters(filters: DashboardFilters & ShiftStandingFilters): ShiftFilters {
  const { minConfidence, reviewed } = filters;
  return {
    ...agreementFilters(filters),
    ...(minConfidence !== undefined ? { minConfidence } : {}),
    ...(reviewed ? { reviewed } : {}),
  };
}

/** Codings fetched per page of the review queue: enough for a long run of decisions without a wait. */
export const REVIEW_PAGE = 50;

/** Shifts per page of the Shifts view; the timeline marks those of the pages loaded (the first at least). */
export const SHIFTS_PAGE = 500;

/** The shifts view's URL: the dashboard's filters it shares, and the standing of the shifts shown. */
export function parseShiftFilters(params: ParamSource): ShiftFilters {
  return shiftFilters({ ...parseDashboardFilters(params), ...lenient(shiftStanding, params) });
}

/** The review queue's filters, as they live in the URL of /review. */
export type ReviewFilters = Pick<DashboardFilters, "actor" | "topic"> & { maxConfidence?: number };

export function parseReviewFilters(params: ParamSource): ReviewFilters {
  const { actor, topic } = parseDashboardFilters(params);
  const { maxConfidence } = lenient({ maxConfidence: ReviewQueueQuery.shape.maxConfidence }, params);
  return {
    ...(actor ? { actor } : {}),
    ...(topic ? { topic } : {}),
    ...(maxConfidence !== undefined ? { maxConfidence } : {}),
  };
}
