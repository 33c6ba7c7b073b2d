import { describe, expect, test } from "vitest";
import {
  parseDashboardFilters,
  parseReviewFilters,
  parseShiftFilters,
  ReportsQuery,
  StancesQuery,
  SummaryQuery,
  searchParamsToObject,
} from "@/contracts/filters";

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

describe("the same filters in a page's URL", () => {
  test("the API's field rules, one field (and one list item) at a time: a bad value is left out, the others kept", () => {
    const url = new URLSearchParams(
      "actor=tr,ru&topic=karabakh-2023&from=2023-09-31&to=2023-10-01&stance=support,maybe",
    );
    expect(parseDashboardFilters(url)).toEqual({
      actor: ["TR", "RU"],
      topic: "karabakh-2023",
      to: "2023-10-01",
      stance: ["support"],
    });
  });

  test("from after to drops to; repeated parameters join as in the API", () => {
    const url = new URLSearchParams("from=2023-10-02&to=2023-10-01&actor=TR&actor=EU&status=confirmed");
    expect(parseDashboardFilters(url)).toEqual({ from: "2023-10-02", actor: ["TR", "EU"], status: ["confirmed"] });
  });

  test("an actor code the API does not know is kept for the API to name; a long outlet is cut", () => {
    expect(parseDashboardFilters({ actor: "xx" }).actor).toEqual(["XX"]);
    expect(parseDashboardFilters({ outlet: `  ${"o".repeat(250)}` }).outlet).toBe("o".repeat(200));
  });

  test("the shifts view adds the standing; the review queue its confidence bound", () => {
    expect(parseShiftFilters(new URLSearchParams("actor=DE&minConfidence=0.9&reviewed=1&outlet=TASS"))).toEqual({
      actor: ["DE"],
      minConfidence: 0.9,
      reviewed: true,
    });
    expect(parseShiftFilters({ minConfidence: "2", reviewed: "perhaps" })).toEqual({});
    expect(parseReviewFilters({ topic: "karabakh-2023", maxConfidence: "0.5", stance: "support" })).toEqual({
      topic: "karabakh-2023",
      maxConfidence: 0.5,
    });
  });
});
