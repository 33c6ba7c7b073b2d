import type { DatePrecision, ReviewStatus, Stance } from "./labels";
import { reduceStances, STANCE_SCORE } from "./stance";

/**
 * Stance shifts: where an actor's label on a topic changes between two consecutive statement dates, always as
 * the current codings give it, so a correction or a new report rewrites history. They are stored: the table
 * rollup_shifts (db/schema/rollups.ts) holds one row per shift, kept by a trigger on the per-date stances in the
 * same transaction as every write (db/migrations/0005_rollup_shifts.sql), and reads page through it
 * (rollupShiftRows in db/queries/rollups.ts), shiftBetween turning each row into a Shift. detectShifts recomputes
 * them from the codings themselves: the reference the stored rows are tested against. Pure: db/queries/shifts.ts
 * supplies the rows and the codings.
 */

export type ShiftCoding = {
  id: number;
  actor: string;
  topicId: number;
  /** The current stance: a corrected coding carries its corrected label. */
  stance: Stance;
  status: ReviewStatus;
  statementDate: string;
  statementDatePrecision: DatePrecision;
  reportId: number;
  reportTitle: string;
  reportOutlet: string;
  /** Orders statements of one date across reports: earlier publication first. */
  reportPublishedOn: string;
  evidence: string;
  evidenceStart: number;
  /** The coder's confidence (an analyst's own coding: 1), rounded to three places as the API gives it. */
  confidence: number;
};

export type ShiftEvidence = Pick<
  ShiftCoding,
  | "reportId"
  | "reportTitle"
  | "reportOutlet"
  | "evidence"
  | "statementDate"
  | "statementDatePrecision"
  | "confidence"
  | "status"
> & { codingId: number };

export type Shift = {
  /** Stable while the change it names stands: actor, topic, the date it happened and the two labels. */
  id: string;
  actor: string;
  topicId: number;
  from: Stance;
  to: Stance;
  fromDate: string;
  fromDatePrecision: DatePrecision;
  toDate: string;
  toDatePrecision: DatePrecision;
  /** The change in net score: neutral to condemn is -1, condemn to support +2. */
  magnitude: number;
  evidence: { before: ShiftEvidence; after: ShiftEvidence };
};

/**
 * A statement known only to the month ("October 2023") is its own date, placed before every day of that month:
 * it is stored and charted at the month's start, and a statement dated to the day within the month is the
 * more precise one, so it is taken as the later.
 */
export function dateBucket(date: string, precision: DatePrecision): { key: string; order: string } {
  return precision === "month"
    ? { key: date.slice(0, 7), order: `${date.slice(0, 7)}-00` }
    : { key: date, order: date };
}

type Bucket = { order: string; stance: Stance; carrying: ShiftCoding };

/** One label per date by the codebook (explicit beats neutral; between support and condemn, the later one). */
function reduceDate(codings: readonly ShiftCoding[]): Bucket | null {
  // Text order within a report, publication order across reports of the same date.
  const ordered = [...codings].sort(
    (a, b) =>
      a.reportPublishedOn.localeCompare(b.reportPublishedOn) ||
      a.reportId - b.reportId ||
      a.evidenceStart - b.evidenceStart ||
      a.id - b.id,
  );
  const stance = reduceStances(ordered.map((c, position) => ({ stance: c.stance, date: "", position })));
  if (!stance) return null;
  const carrying = ordered.filter((c) => c.stance === stance).at(-1) as ShiftCoding;
  return { order: dateBucket(carrying.statementDate, carrying.statementDatePrecision).order, stance, carrying };
}

function evidenceOf(c: ShiftCoding): ShiftEvidence {
  return {
    codingId: c.id,
    reportId: c.reportId,
    reportTitle: c.reportTitle,
    reportOutlet: c.reportOutlet,
    evidence: c.evidence,
    statementDate: c.statementDate,
    statementDatePrecision: c.statementDatePrecision,
    confidence: c.confidence,
    status: c.status,
  };
}

/**
 * The shift from one date's label to the next date's, given the coding that carries each (its stance is the
 * date's label): what detectShifts finds, and what the database's per-date stances give directly.
 */
export function shiftBetween(before: ShiftCoding, after: ShiftCoding): Shift {
  const toKey = dateBucket(after.statementDate, after.statementDatePrecision).key;
  return {
    id: `${after.actor}:${after.topicId}:${toKey}:${before.stance}-${after.stance}`,
    actor: after.actor,
    topicId: after.topicId,
    from: before.stance,
    to: after.stance,
    fromDate: before.statementDate,
    fromDatePrecision: before.statementDatePrecision,
    toDate: after.statementDate,
    toDatePrecision: after.statementDatePrecision,
    magnitude: STANCE_SCORE[after.stance] - STANCE_SCORE[before.stance],
    evidence: { before: evidenceOf(before), after: evidenceOf(after) },
  };
}

/** Every shift in the codings, per actor and topic in date order; rejected codings count for nothing. */
export function detectShifts(codings: readonly ShiftCoding[]): Shift[] {
  const series = new Map<string, Map<string, ShiftCoding[]>>();
  for (const c of codings) {
    if (c.status === "rejected") continue;
    const pair = `${c.actor}\u0000${c.topicId}`;
    const dates = series.get(pair) ?? new Map<string, ShiftCoding[]>();
    series.set(pair, dates);
    const { key } = dateBucket(c.statementDate, c.statementDatePrecision);
    const list = dates.get(key);
    if (list) list.push(c);
    else dates.set(key, [c]);
  }
  const shifts: Shift[] = [];
  for (const dates of series.values()) {
    const buckets = [...dates.values()]
      .map(reduceDate)
      .filter((b): b is Bucket => b !== null)
      .sort((a, b) => a.order.localeCompare(b.order));
    for (let i = 1; i < buckets.length; i++) {
      const prev = buckets[i - 1] as Bucket;
      const next = buckets[i] as Bucket;
      if (prev.stance !== next.stance) shifts.push(shiftBetween(prev.carrying, next.carrying));
    }
  }
  return shifts;
}

/** Newest first: by the date of the change, then actor, so the order is the same on every read. */
export function newestFirst(a: Shift, b: Shift): number {
  const da = dateBucket(a.toDate, a.toDatePrecision).order;
  const db = dateBucket(b.toDate, b.toDatePrecision).order;
  // Actor codes by code unit, as the database orders them (collation "C").
  return db.localeCompare(da) || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0) || a.topicId - b.topicId;
}

/** What a reader of shifts can ask of their evidence: both codings this confident, both reviewed by an analyst. */
export type ShiftStanding = { minConfidence?: number | null; reviewed?: boolean };

const REVIEWED: ReadonlySet<ReviewStatus> = new Set(["confirmed", "corrected"]);

/** Whether both codings of a shift meet the standing asked (the same test GET /api/shifts makes in SQL). */
type SideStanding = { confidence: number; status: ReviewStatus };

export function meetsStanding(
  shift: { evidence: { before: SideStanding; after: SideStanding } },
  standing: ShiftStanding,
): boolean {
  return [shift.evidence.before, shift.evidence.after].every(
    (e) =>
      (standing.minConfidence == null || e.confidence >= standing.minConfidence) &&
      (!standing.reviewed || REVIEWED.has(e.status)),
  );
}

/**
 * The shifts a write made worth an alert under a standing: those after it that meet the standing and did not
 * before it (new shifts, and shifts whose codings were reviewed or re-scored into it), by id.
 */
export function shiftsNowMeeting<T extends Shift>(
  before: readonly Shift[],
  after: readonly T[],
  standing: ShiftStanding = {},
): T[] {
  const had = new Set(before.filter((s) => meetsStanding(s, standing)).map((s) => s.id));
  return after.filter((s) => !had.has(s.id) && meetsStanding(s, standing));
}
