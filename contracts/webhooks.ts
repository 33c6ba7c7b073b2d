import { z } from "zod";
import { formatDate } from "../domain/dates";
import type { ShiftItem } from "./responses";

/**
 * Webhooks as the API gives them: what a registration looks like and what a delivery carries. The signing and
 * sending are server/webhooks; the outbox is db/queries/webhooks.ts.
 */

export const SHIFT_EVENT = "shift.created";

export const NewWebhookBody = z.strictObject(
  {
    url: z
      .string({ error: "url must be a string" })
      .trim()
      .max(2000, "url is at most 2000 characters")
      .refine((v) => /^https?:\/\/[^\s]+$/i.test(v) && URL.canParse(v), {
        message: "url must be an http:// or https:// address that receives a JSON POST",
      }),
    description: z
      .string({ error: "description must be a string" })
      .trim()
      .max(500, "description is at most 500 characters")
      .transform((v) => v || null)
      .nullable()
      .optional(),
    minConfidence: z
      .number({ error: "minConfidence must be a number from 0 to 1" })
      .min(0, "minConfidence must be a number from 0 to 1")
      .max(1, "minConfidence must be a number from 0 to 1")
      .nullable()
      .optional(),
    reviewed: z.boolean({ error: "reviewed must be true or false" }).optional(),
  },
  { error: (issue) => (issue.code === "invalid_type" ? "send a JSON object" : undefined) },
);
export type NewWebhookBody = z.infer<typeof NewWebhookBody>;

/** The words of a shift, for feeds, payloads and the page: "Russia moved from neutral to support". */
export function describeShift(s: Pick<ShiftItem, "actorName" | "from" | "to">): string {
  return `${s.actorName} moved from ${s.from} to ${s.to}`;
}

export function reportUrl(baseUrl: string, reportId: number, codingId: number): string {
  return `${baseUrl.replace(/\/$/, "")}/reports/${reportId}#coding-${codingId}`;
}

/**
 * What a webhook receives for one shift: `reason` is "new" when the write made the shift, "standing" when the
 * shift stood already and has just come to meet the webhook's filters (its second coding confirmed, say).
 */
export function shiftPayload(shift: ShiftItem, baseUrl: string, reason: "new" | "standing" = "new") {
  const side = (e: ShiftItem["evidence"]["before"]) => ({
    ...e,
    date: formatDate(e.statementDate, e.statementDatePrecision),
    url: reportUrl(baseUrl, e.reportId, e.codingId),
  });
  return {
    event: SHIFT_EVENT,
    reason,
    summary: `${describeShift(shift)} on "${shift.topicTitle}" (${formatDate(shift.fromDate, shift.fromDatePrecision)} to ${formatDate(shift.toDate, shift.toDatePrecision)})`,
    shift: {
      ...shift,
      evidence: { before: side(shift.evidence.before), after: side(shift.evidence.after) },
    },
  };
}

/** The outbox's entry for a shift (db/queries/webhooks.ts writes it in the shift's own transaction). */
export function shiftOutbox(baseUrl: string) {
  return {
    event: SHIFT_EVENT,
    payload: (shift: ShiftItem, reason: "new" | "standing") =>
      shiftPayload(shift, baseUrl, reason) as unknown as Record<string, unknown>,
  };
}

/** Sent once when a source fails BROKEN_AFTER_FAILURES times in a row (contracts/sources.ts). */
export const SOURCE_FAILED_EVENT = "source.failed";

/** The source a `source.failed` delivery names: its id, name, feed URL and topic slug. */
export type FailedSource = { id: number; name: string; url: string; topic: string };

/** What a webhook receives when a source breaks; `summary` is the line the delivery log shows. */
export function sourceFailedPayload(source: FailedSource, consecutiveFailures: number, lastError: string, at: Date) {
  return {
    event: SOURCE_FAILED_EVENT,
    summary: `Source "${source.name}" failed ${consecutiveFailures} times in a row: ${lastError}`,
    source,
    consecutiveFailures,
    lastError,
    at: at.toISOString(),
  };
}

/** The outbox's entry for a broken source (db/queries/sources.ts writes it with the failure that broke it). */
export function sourceFailedOutbox() {
  return {
    event: SOURCE_FAILED_EVENT,
    payload: (source: FailedSource, failures: number, error: string) =>
      sourceFailedPayload(source, failures, error, new Date()) as unknown as Record<string, unknown>,
  };
}
