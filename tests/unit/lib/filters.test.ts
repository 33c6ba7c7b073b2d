import { describe, expect, test } from "vitest";
import { ReportsQuery, StancesQuery, SummaryQuery, searchParamsToObject } from "@/lib/filters";

const parse = (qs: string) => StancesQuery.safeParse(searchParamsToObject(new URLSearchParams(qs)));

describe("StancesQuery", () => {
  test("actor is a comma list, upper-cased and de-duplicated; repeated parameters join it", () => {
    expect(parse("actor=tr,RU,TR").data?.actor).toEqual(["TR", "RU"]);
    expect(parse("actor=TR&actor=EU").data?.actor).toEqual(["TR", "EU"]);
  });

  test("defaults: JSON, and no limit (a page is 100 rows, a CSV export every row)", () => {
    expect(parse("").data).toEqual({ format: "json" });
  });

  test("a large limit is not refused (pages cap it); zero and words are refused", () => {
    expect(parse("limit=50000").data?.limit).toBe(50000);
    expect(parse("limit=0").success).toBe(false);
    expect(parse("limit=ten").success).toBe(false);
  });

  test.each([
    ["from=2023-02-30", "from"],
    ["to=23-09-01", "to"],
    ["from=2023-10-01&to=2023-09-01", "from"],
    ["stance=approve", "stance"],
    ["status=pending", "status"],
    ["report=abc", "report"],
    ["format=xml", "format"],
    ["actor=", "actor"],
    ["actors=TR", "actors"],
  ])("%s is refused on %s", (qs, path) => {
    const result = parse(qs);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys : [i.path.join(".")]));
    expect(paths?.some((p) => p === path || p.startsWith(`${path}.`))).toBe(true);
  });
});

describe("SummaryQuery and ReportsQuery", () => {
  test("by defaults to source and accepts the four groupings only", () => {
    expect(SummaryQuery.parse({}).by).toBe("source");
    for (const by of ["source", "report", "month", "outlet"]) expect(SummaryQuery.parse({ by }).by).toBe(by);
    expect(SummaryQuery.safeParse({ by: "week" }).success).toBe(false);
  });

  test("reports take a language code and a date range", () => {
    expect(ReportsQuery.parse({ language: "EN", from: "2023-01-01" })).toMatchObject({
      language: "en",
      from: "2023-01-01",
    });
    expect(ReportsQuery.safeParse({ language: "english" }).success).toBe(false);
  });
});
