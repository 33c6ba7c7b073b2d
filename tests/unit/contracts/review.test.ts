import { describe, expect, test } from "vitest";
import { AddCodingBody, ReviewBody } from "@/contracts/review";

const problems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("ReviewBody", () => {
  test("confirm and reject take only a note, trimmed, empty meaning none", () => {
    expect(ReviewBody.parse({ action: "confirm" })).toEqual({ action: "confirm" });
    expect(ReviewBody.parse({ action: "reject", note: "  wrong speaker " })).toEqual({
      action: "reject",
      note: "wrong speaker",
    });
    expect(ReviewBody.parse({ action: "confirm", note: "   " }).note).toBeNull();
    expect(problems(ReviewBody.safeParse({ action: "confirm", stance: "support" }))).toEqual([
      'stance: stance is only for action "correct"; confirm takes only a note',
    ]);
  });

  test("correct needs something to change; the span comes as a pair, end after start", () => {
    expect(problems(ReviewBody.safeParse({ action: "correct" }))).toEqual([
      "action: correct needs what to change: stance, statementDate, evidenceStart and evidenceEnd, or citedSourceId",
    ]);
    expect(problems(ReviewBody.safeParse({ action: "correct", evidenceStart: 4 }))).toEqual([
      "evidenceEnd: give evidenceStart and evidenceEnd together",
    ]);
    expect(problems(ReviewBody.safeParse({ action: "correct", evidenceStart: 9, evidenceEnd: 9 }))).toEqual([
      "evidenceEnd: evidenceEnd must be greater than evidenceStart",
    ]);
    expect(ReviewBody.parse({ action: "correct", citedSourceId: null })).toEqual({
      action: "correct",
      citedSourceId: null,
    });
  });

  test("statementDate is a day, or a month stored as its first day", () => {
    expect(ReviewBody.parse({ action: "correct", statementDate: "2023-09-19" }).statementDate).toEqual({
      date: "2023-09-19",
      precision: "day",
    });
    expect(ReviewBody.parse({ action: "correct", statementDate: "2023-09" }).statementDate).toEqual({
      date: "2023-09-01",
      precision: "month",
    });
    for (const bad of ["2023-02-30", "2023-13", "19 Sep 2023", "2023"]) {
      expect(ReviewBody.safeParse({ action: "correct", statementDate: bad }).success).toBe(false);
    }
  });

  test("what to fix is named for each bad field, and unknown fields are refused", () => {
    expect(problems(ReviewBody.safeParse({ action: "approve" }))).toEqual([
      "action: action must be one of confirm, correct, reject",
    ]);
    expect(problems(ReviewBody.safeParse({ action: "correct", stance: "praise" }))).toEqual([
      "stance: stance must be one of support, neutral, condemn",
    ]);
    expect(
      problems(ReviewBody.safeParse({ action: "correct", stance: "condemn", evidenceStart: 1.5, evidenceEnd: 3 })),
    ).toEqual(["evidenceStart: evidenceStart must be a whole number (a UTF-16 offset into the report body)"]);
    expect(problems(ReviewBody.safeParse({ action: "confirm", note: "x".repeat(2001) }))).toEqual([
      "note: note is at most 2000 characters",
    ]);
    const unknown = ReviewBody.safeParse({ action: "confirm", status: "confirmed" });
    expect(unknown.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["status"] });
    expect(problems(ReviewBody.safeParse(["confirm"]))).toEqual([": send a JSON object"]);
  });
});

describe("AddCodingBody", () => {
  const ok = { reportId: 3, actor: " tr ", stance: "support", evidenceStart: 10, evidenceEnd: 40 };

  test("the actor code is trimmed and upper-cased; dates and cited source are optional", () => {
    expect(AddCodingBody.parse(ok)).toEqual({ ...ok, actor: "TR" });
  });

  test.each([
    [{ ...ok, reportId: "3" }, "reportId: reportId must be a number"],
    [{ ...ok, reportId: 0 }, "reportId: reportId must be 1 or more"],
    [{ ...ok, actor: "" }, "actor: actor must be an actor code such as TR"],
    [{ ...ok, stance: undefined }, "stance: stance must be one of support, neutral, condemn"],
    [{ ...ok, evidenceStart: -1 }, "evidenceStart: evidenceStart must be 0 or more"],
    [{ ...ok, evidenceEnd: 5 }, "evidenceEnd: evidenceEnd must be greater than evidenceStart"],
    [{ ...ok, citedSourceId: 2.5 }, "citedSourceId: citedSourceId must be a whole number"],
  ])("%o is refused: %s", (body, message) => {
    expect(problems(AddCodingBody.safeParse(body))).toEqual([message]);
  });
});
