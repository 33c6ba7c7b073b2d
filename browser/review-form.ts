import type { StanceItem } from "../contracts/responses";
import { dateAsTyped } from "../domain/dates";
import type { Stance } from "../domain/labels";
import type { ReviewInput } from "./api-client";

/**
 * The correction form of the review queue, as a request: what the reviewer changed, with a new evidence passage
 * turned into offsets of the report body through the context shown around the old one. Framework-free.
 */

type Shown = Pick<StanceItem, "stance" | "statementDate" | "statementDatePrecision" | "evidence" | "evidenceStart"> & {
  context: { before: string; after: string };
};

const ELLIPSIS = "…";

export function correctionOf(
  item: Shown,
  form: { stance: Stance; date: string; evidence: string },
): ReviewInput | string {
  const body: ReviewInput = { action: "correct" };
  if (form.stance !== item.stance) body.stance = form.stance;
  const date = form.date.trim();
  if (!/^\d{4}-\d{2}(-\d{2})?$/.test(date))
    return "Write the date as YYYY-MM-DD, or YYYY-MM when only the month is known";
  if (date !== dateAsTyped(item.statementDate, item.statementDatePrecision)) body.statementDate = date;
  const passage = form.evidence.trim();
  if (!passage) return "The evidence cannot be empty: keep the sentence, or choose another passage of the text";
  if (passage !== item.evidence) {
    // The context is the body's own text on either side of the evidence, less an ellipsis where it was cut.
    const before = item.context.before.startsWith(ELLIPSIS) ? item.context.before.slice(1) : item.context.before;
    const after = item.context.after.endsWith(ELLIPSIS) ? item.context.after.slice(0, -1) : item.context.after;
    const shown = before + item.evidence + after;
    const start = item.evidenceStart - before.length;
    let best = -1;
    for (let at = shown.indexOf(passage); at >= 0; at = shown.indexOf(passage, at + 1)) {
      if (best < 0 || Math.abs(at - before.length) < Math.abs(best - before.length)) best = at;
    }
    if (best < 0) return "The evidence must be a passage of the text shown: copy it from there";
    body.evidenceStart = start + best;
    body.evidenceEnd = start + best + passage.length;
  }
  if (Object.keys(body).length === 1) return "Nothing changed: press A to confirm the coding as it is";
  return body;
}
