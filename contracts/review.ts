import { z } from "zod";
import { isIsoDate } from "../domain/dates";
import { MAX_NOTE_LENGTH, REVIEW_STATUSES, STANCES } from "../domain/labels";
import { type DatedOn, REVIEW_ACTIONS } from "../domain/review";
import { actorCode } from "./filters";

/** The request bodies of `PATCH /api/stances/{id}`, `POST /api/stances/{id}/revert` and `POST /api/stances`. */

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
