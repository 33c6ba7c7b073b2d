import { describe, expect, it } from "vitest";
import type { DatePrecision, ReviewStatus, Stance } from "../../../domain/labels";
import { detectShifts, meetsStanding, newestFirst, type ShiftCoding, shiftsNowMeeting } from "../../../domain/shifts";

let nextId = 1;
function coding(
  actor: string,
  stance: Stance,
  statementDate: string,
  more: Partial<ShiftCoding> & { precision?: DatePrecision; status?: ReviewStatus } = {},
): ShiftCoding {
  const { precision, ...rest } = more;
  const id = nextId++;
  return {
    id,
    actor,
    topicId: 1,
    stance,
    status: "auto",
    statementDate,
    statementDatePrecision: precision ?? "day",
    reportId: 100 + id,
    reportTitle: `Report ${id}`,
    reportOutlet: "Wire",
    reportPublishedOn: statementDate,
    evidence: `${actor} ${stance} on ${statementDate}.`,
    evidenceStart: 0,
    confidence: 0.8,
    ...rest,
  };
}

describe("detectShifts", () => {
  it("emits one shift per change of label, with dates, magnitude and the evidence on both sides", () => {
    const a = coding("RU", "neutral", "2023-09-19");
    const b = coding("RU", "neutral", "2023-09-20");
    const c = coding("RU", "support", "2023-09-21");
    const d = coding("RU", "condemn", "2023-10-05");
    const shifts = detectShifts([d, b, a, c]);
    expect(shifts.map((s) => [s.from, s.to, s.fromDate, s.toDate, s.magnitude])).toEqual([
      ["neutral", "support", "2023-09-20", "2023-09-21", 1],
      ["support", "condemn", "2023-09-21", "2023-10-05", -2],
    ]);
    expect(shifts[0]?.evidence.before).toMatchObject({ codingId: b.id, evidence: b.evidence, reportId: b.reportId });
    expect(shifts[0]?.evidence.after).toMatchObject({ codingId: c.id, evidence: c.evidence });
    expect(shifts[0]?.id).toBe("RU:1:2023-09-21:neutral-support");
  });

  it("no change, no shift; one coding, no shift", () => {
    expect(detectShifts([coding("TR", "support", "2023-09-19"), coding("TR", "support", "2023-09-25")])).toEqual([]);
    expect(detectShifts([coding("TR", "support", "2023-09-19")])).toEqual([]);
    expect(detectShifts([])).toEqual([]);
  });

  it("same-day conflicting codings reduce to one label: explicit beats neutral, then the later statement", () => {
    const day1 = coding("FR", "neutral", "2023-09-18");
    // The same day: a call on both sides, then a condemnation later in the same report.
    const report = { reportId: 7, reportPublishedOn: "2023-09-19" };
    const early = coding("FR", "neutral", "2023-09-19", { ...report, evidenceStart: 10 });
    const late = coding("FR", "condemn", "2023-09-19", { ...report, evidenceStart: 400 });
    const shifts = detectShifts([late, early, day1]);
    expect(shifts).toHaveLength(1);
    expect(shifts[0]).toMatchObject({ from: "neutral", to: "condemn", toDate: "2023-09-19", magnitude: -1 });
    expect(shifts[0]?.evidence.after.codingId).toBe(late.id);
    // Support and condemn on one day: the one later in the text wins, so no shift from an earlier support.
    const before = coding("US", "support", "2023-09-18");
    const cond = coding("US", "condemn", "2023-09-19", { reportId: 9, evidenceStart: 5 });
    const supp = coding("US", "support", "2023-09-19", { reportId: 9, evidenceStart: 90 });
    expect(detectShifts([before, cond, supp])).toEqual([]);
  });

  it("a correction rewrites history: with the corrected stance the shift disappears", () => {
    const first = coding("EU", "condemn", "2023-09-19");
    const second = coding("EU", "neutral", "2023-09-21");
    expect(detectShifts([first, second])).toHaveLength(1);
    const corrected = { ...second, stance: "condemn" as const, status: "corrected" as const };
    expect(detectShifts([first, corrected])).toEqual([]);
  });

  it("a rejected coding counts for nothing, in either position", () => {
    const a = coding("DE", "condemn", "2023-09-19");
    const wrong = coding("DE", "support", "2023-09-20", { status: "rejected" });
    const b = coding("DE", "condemn", "2023-09-22");
    expect(detectShifts([a, wrong, b])).toEqual([]);
    const shifts = detectShifts([a, coding("DE", "neutral", "2023-09-20"), b]);
    expect(shifts.map((s) => `${s.from}>${s.to}`)).toEqual(["condemn>neutral", "neutral>condemn"]);
  });

  it("a report without a day is its own date, before every day of its month", () => {
    const sep = coding("TR", "neutral", "2023-09-25");
    const octMonth = coding("TR", "support", "2023-10-01", { precision: "month" });
    const oct2 = coding("TR", "condemn", "2023-10-02");
    const shifts = detectShifts([oct2, octMonth, sep]);
    // Sep 25 neutral, then "October 2023" support, then Oct 2 condemn.
    expect(shifts.map((s) => [s.from, s.to, s.fromDate, s.fromDatePrecision, s.toDate, s.toDatePrecision])).toEqual([
      ["neutral", "support", "2023-09-25", "day", "2023-10-01", "month"],
      ["support", "condemn", "2023-10-01", "month", "2023-10-02", "day"],
    ]);
    expect(shifts[0]?.id).toBe("TR:1:2023-10:neutral-support");
    // Two month-only statements of the same month are one date, reduced by the codebook.
    const a = coding("EU", "neutral", "2023-11-01", { precision: "month", evidenceStart: 1, reportId: 5 });
    const b = coding("EU", "condemn", "2023-11-01", { precision: "month", evidenceStart: 9, reportId: 5 });
    expect(detectShifts([coding("EU", "condemn", "2023-10-20"), a, b])).toEqual([]);
  });

  it("keeps topics and actors apart", () => {
    const t1 = coding("RU", "neutral", "2023-09-19", { topicId: 1 });
    const t2 = coding("RU", "condemn", "2023-09-20", { topicId: 2 });
    const t1b = coding("RU", "support", "2023-09-21", { topicId: 1 });
    const other = coding("TR", "condemn", "2023-09-20", { topicId: 1 });
    const shifts = detectShifts([t1, t2, t1b, other]);
    expect(shifts.map((s) => [s.actor, s.topicId, s.from, s.to])).toEqual([["RU", 1, "neutral", "support"]]);
  });

  it("orders newest first, and finds which shifts a write created", () => {
    const a = coding("RU", "neutral", "2023-09-19");
    const b = coding("RU", "support", "2023-09-21");
    const c = coding("TR", "neutral", "2023-09-19");
    const d = coding("TR", "condemn", "2023-09-30");
    const before = detectShifts([a, b]);
    const after = detectShifts([a, b, c, d]);
    expect([...after].sort(newestFirst).map((s) => s.actor)).toEqual(["TR", "RU"]);
    expect(shiftsNowMeeting(before, after).map((s) => s.actor)).toEqual(["TR"]);
    expect(shiftsNowMeeting(after, after)).toEqual([]);
  });
});

describe("the standing of a shift's evidence", () => {
  it("carries each side's confidence and review status", () => {
    const [shift] = detectShifts([
      coding("RU", "neutral", "2023-09-19", { confidence: 0.55, status: "confirmed" }),
      coding("RU", "support", "2023-09-21", { confidence: 0.9 }),
    ]);
    expect(shift?.evidence.before).toMatchObject({ confidence: 0.55, status: "confirmed" });
    expect(shift?.evidence.after).toMatchObject({ confidence: 0.9, status: "auto" });
  });

  it("meets a standing only when both codings do: confidence at least the bound, reviewed by an analyst", () => {
    const shiftOf = (b: Partial<ShiftCoding>, a: Partial<ShiftCoding>) =>
      detectShifts([coding("TR", "neutral", "2023-09-19", b), coding("TR", "condemn", "2023-09-20", a)])[0] as never;
    const auto = shiftOf({ confidence: 0.7 }, { confidence: 0.9 });
    expect(meetsStanding(auto, {})).toBe(true);
    expect(meetsStanding(auto, { minConfidence: 0.7 })).toBe(true);
    expect(meetsStanding(auto, { minConfidence: 0.71 })).toBe(false);
    expect(meetsStanding(auto, { reviewed: true })).toBe(false);
    const half = shiftOf({ status: "confirmed" }, { status: "auto" });
    expect(meetsStanding(half, { reviewed: true })).toBe(false);
    const both = shiftOf({ status: "corrected" }, { status: "confirmed", confidence: 1 });
    expect(meetsStanding(both, { reviewed: true })).toBe(true);
    expect(meetsStanding(both, { reviewed: true, minConfidence: 0.9 })).toBe(false);
  });

  it("a shift that becomes reviewed is due then, under a reviewed standing only, and never twice", () => {
    const before = coding("FR", "support", "2023-09-19", { status: "confirmed" });
    const after = coding("FR", "condemn", "2023-09-20");
    const unreviewed = detectShifts([before, after]);
    const reviewed = detectShifts([before, { ...after, status: "confirmed" }]);
    expect(shiftsNowMeeting([], unreviewed, { reviewed: true })).toEqual([]);
    expect(shiftsNowMeeting(unreviewed, reviewed, { reviewed: true }).map((s) => s.actor)).toEqual(["FR"]);
    expect(shiftsNowMeeting(unreviewed, reviewed)).toEqual([]);
    expect(shiftsNowMeeting(reviewed, reviewed, { reviewed: true })).toEqual([]);
  });
});
