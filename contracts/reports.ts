import { z } from "zod";
import { isIsoDate } from "../domain/dates";
import type { DatePrecision } from "../domain/labels";
import { normalizeBody } from "../domain/text";
import type { ReportDetail, ReportSummary, StanceItem } from "./responses";

/** The body of `POST /api/reports` (and of the import script's entries): a report to store and code. */

/** A report's text may be up to 1 MB (UTF-8) once normalised. */
export const MAX_TEXT_BYTES = 1_000_000;
/** The request may be larger than the text (JSON escapes, metadata); past this it is refused unread (413). */
export const MAX_INGEST_BODY_BYTES = 3_000_000;

const trimmed = (name: string, max: number) =>
  z
    .string({ error: `${name} must be a string` })
    .trim()
    .min(1, `${name} must not be empty`)
    .max(max, `${name} is at most ${max} characters`);

/** "YYYY-MM-DD", or "YYYY-MM" when only the month is known (stored as its first day, precision month). */
export const publicationDate = z
  .string({ error: "publishedOn must be a string" })
  .trim()
  .refine((v) => isIsoDate(v) || (/^\d{4}-\d{2}$/.test(v) && isIsoDate(`${v}-01`)), {
    message: "publishedOn must be a calendar date written YYYY-MM-DD, or YYYY-MM when only the month is known",
  })
  .transform((v): { date: string; precision: DatePrecision } =>
    v.length === 7 ? { date: `${v}-01`, precision: "month" } : { date: v, precision: "day" },
  )
  .refine((v) => v.date <= tomorrow(), { message: "publishedOn is in the future" });

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

/** An http(s) address; `message` says what it must be when it is not one. */
export const httpUrl = (message: string) =>
  z
    .string({ error: "url must be a string" })
    .trim()
    .max(2000, "url is at most 2000 characters")
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), {
      message,
    });

/** A report's language: a two-letter ISO 639-1 code. */
export const languageCode = z
  .string({ error: "language must be a string" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2}$/, "language must be a two-letter ISO 639-1 code such as en, fr, de, tr or ru");

/** An existing topic, by id or slug. */
export const topicField = z.union([z.string().trim().min(1).max(200), z.number().int().min(1).max(2_147_483_647)], {
  error: "topic must be an existing topic's id or slug",
});

export const NewReportBody = z.strictObject(
  {
    title: trimmed("title", 500),
    outlet: trimmed("outlet", 200),
    publishedOn: publicationDate,
    url: httpUrl("url must be an http:// or https:// address").nullable().optional(),
    language: languageCode.optional(),
    topic: topicField,
    text: z
      .string({ error: "text must be a string" })
      .transform((v) => normalizeBody(v))
      .refine((v) => v.trim().length > 0, { message: "text is empty: paste the report's text" })
      .refine((v) => Buffer.byteLength(v, "utf8") <= MAX_TEXT_BYTES, {
        message: `text is over 1 MB (${MAX_TEXT_BYTES} bytes of UTF-8); split the report or trim it`,
      }),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);

export type NewReportBody = z.infer<typeof NewReportBody>;

/** What `POST /api/reports` answers with 201: the stored report, its codings and the per-actor labels. */
export type IngestResult = Omit<ReportSummary, "createdAt" | "codingCount"> & {
  coder: string;
  citedSources: Omit<ReportDetail["citedSources"][number], "id">[];
  stances: StanceItem[];
  reportStances: { actor: string; stance: string; confidence: number; codingId: number | null }[];
};
