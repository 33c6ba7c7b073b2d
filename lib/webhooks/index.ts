import { createHmac, randomBytes } from "node:crypto";
import { z } from "zod";
import type { ShiftItem } from "../../db/queries/shifts";
import { formatDate } from "../dates";
import { ApiError } from "../http";
import { outboundUrlProblem } from "../net/outbound";

/**
 * Webhooks: what a registration looks like, what a delivery carries and how it is signed, and how long to
 * wait between tries. The outbox lives in db/queries/webhooks.ts, the sending in ./worker.ts.
 */

export const SHIFT_EVENT = "shift.created";

/** How many times a delivery is tried before it is marked failed. */
export const MAX_ATTEMPTS = 6;

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

/** A 400 when the URL names or resolves to an address deliveries may not reach (lib/net/outbound.ts). */
export async function assertPublicUrl(url: string): Promise<void> {
  const problem = await outboundUrlProblem(url);
  if (problem) {
    throw new ApiError(
      "bad_request",
      `Invalid body: url: ${problem}. Webhooks must reach a public address; set ALLOW_PRIVATE_URLS=1 on the server to allow this machine and private networks`,
      { issues: [{ path: "url", message: problem }] },
    );
  }
}

export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}

/**
 * `X-Stancewatch-Signature`: the HMAC-SHA256 of "<timestamp>.<body>" with the webhook's secret, the timestamp
 * being `X-Stancewatch-Timestamp` (Unix seconds). The receiver recomputes it over the raw body and refuses an
 * old timestamp, so a captured delivery cannot be replayed later (docs/guide.md has a receiver).
 */
export function signature(secret: string, body: string, timestamp: number): string {
  return `sha256=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The wait after a failed try: base, 3x base, 9x base ... (a base of 10 s gives 10 s, 30 s, 1.5 min, 4.5 min, 13.5 min). */
export function retryDelayMs(failedAttempts: number, baseMs: number): number {
  return baseMs * 3 ** Math.max(0, failedAttempts - 1);
}

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
