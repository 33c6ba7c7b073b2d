import { z } from "zod";
import { REVIEW_STATUSES, STANCES } from "../db/schema/enums";
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

export const actorCode = z
  .string()
  .transform((s) => s.toUpperCase())
  .pipe(z.string().regex(/^[A-Z][A-Z0-9_-]{0,15}$/, "actor codes are letters such as TR or EU"));

const stanceValue = z.enum(STANCES, { message: `stance must be one of ${STANCES.join(", ")}` });
const statusValue = z.enum(REVIEW_STATUSES, { message: `status must be one of ${REVIEW_STATUSES.join(", ")}` });

const positiveId = (name: string) =>
  z
    .string()
    .regex(/^\d{1,9}$/, `${name} must be a positive whole number`)
    .transform(Number)
    .refine((n) => n > 0, `${name} must be a positive whole number`);

/** A topic is named by its numeric id or its slug. */
export const topicRef = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9][a-z0-9-]*$|^\d+$/i, "topic must be a topic id or slug");

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
  report: positiveId("report").optional(),
  outlet: z.string().trim().min(1, "outlet must not be empty").max(200).optional(),
};

export const page = {
  limit: z
    .string()
    .regex(/^\d+$/, "limit must be a positive whole number")
    .transform(Number)
    .refine((n) => n >= 1, "limit must be at least 1")
    // Capped rather than refused: asking for more than a page holds just returns a full page.
    .transform((n) => Math.min(n, MAX_PAGE_SIZE))
    .default(DEFAULT_PAGE_SIZE),
  cursor: z.string().max(200).optional(),
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
    format: z.enum(["json", "csv"], { message: "format must be json or csv" }).default("json"),
  }),
);
export type StancesQuery = z.infer<typeof StancesQuery>;

export const SUMMARY_GROUPS = ["source", "report", "month", "outlet"] as const;
export type SummaryGroup = (typeof SUMMARY_GROUPS)[number];

export const SummaryQuery = withOrderedRange(
  z.strictObject({
    ...codingFilters,
    by: z.enum(SUMMARY_GROUPS, { message: `by must be one of ${SUMMARY_GROUPS.join(", ")}` }).default("source"),
  }),
);
export type SummaryQuery = z.infer<typeof SummaryQuery>;

/** The filters every coding read shares (stances, summary, later charts and exports). */
export type CodingFilters = Omit<SummaryQuery, "by">;

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
