import { isIsoDate } from "../../domain/dates";
import { Problem } from "../../domain/errors";

/**
 * Opaque keyset cursors: which list they belong to and the sort key of the last row of a page,
 * base64url-encoded, so that a cursor of one list is refused by another.
 */
export type CursorKind = "stances" | "reports";

/** Where a page of shifts ended: the date bucket of the change (and whether it is a day), actor and topic. */
export type ShiftKey = { bucketDate: string; byDay: boolean; actor: string; topicId: number };

export function encodeCursor(kind: CursorKind, key: readonly [string, number]): string {
  return Buffer.from(JSON.stringify([kind, ...key]), "utf8").toString("base64url");
}

export function encodeShiftCursor(key: ShiftKey): string {
  return Buffer.from(
    JSON.stringify(["shifts", key.bucketDate, key.byDay ? 1 : 0, key.actor, key.topicId]),
    "utf8",
  ).toString("base64url");
}

export function decodeShiftCursor(cursor: string): ShiftKey {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(raw) && raw.length === 5 && raw[0] === "shifts") {
      const [, bucketDate, byDay, actor, topicId] = raw;
      if (
        typeof bucketDate === "string" &&
        isIsoDate(bucketDate) &&
        (byDay === 0 || byDay === 1) &&
        typeof actor === "string" &&
        actor.length <= 40 &&
        printable(actor) &&
        Number.isInteger(topicId) &&
        topicId > 0 &&
        topicId <= 2_147_483_647
      ) {
        return { bucketDate, byDay: byDay === 1, actor, topicId };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** Where a page of the review queue ended: the last coding's confidence (as stored) and id. */
export type ReviewKey = { confidence: number; id: number };

export function encodeReviewCursor(key: ReviewKey): string {
  return Buffer.from(JSON.stringify(["review", key.confidence, key.id]), "utf8").toString("base64url");
}

export function decodeReviewCursor(cursor: string): ReviewKey {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(raw) && raw.length === 3 && raw[0] === "review") {
      const [, confidence, id] = raw;
      if (
        typeof confidence === "number" &&
        confidence >= 0 &&
        confidence <= 1 &&
        Number.isInteger(id) &&
        id > 0 &&
        id <= 2_147_483_647
      ) {
        return { confidence, id };
      }
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** No control characters (NUL, which PostgreSQL text cannot hold, among them): a cursor never carries them. */
function printable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 127) return false;
  }
  return true;
}

function invalidCursor(): Problem {
  return new Problem("invalid", "Invalid cursor: pass the nextCursor value of a previous page unchanged", {
    issues: [{ path: "cursor", message: "not a cursor this API issued" }],
  });
}

export function decodeCursor(kind: CursorKind, cursor: string): [string, number] {
  try {
    const raw: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    const value = Array.isArray(raw) && raw[0] === kind ? raw.slice(1) : null;
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === "string" &&
      isIsoDate(value[0]) &&
      Number.isInteger(value[1]) &&
      value[1] >= 0 &&
      value[1] <= 2_147_483_647
    ) {
      return [value[0], value[1] as number];
    }
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}
