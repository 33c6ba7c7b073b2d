import fs from "node:fs";
import { describe, expect, test } from "vitest";
import { findCitations } from "@/domain/coder/citations";
import { normalizeBody } from "@/domain/text";

const seed = normalizeBody(fs.readFileSync("db/seed/edm-20-151-turkey-supports-azerbaijan.txt", "utf8"));
const seedCitations = findCitations(seed, { reportDate: "2023-10-01", reportPrecision: "month" });

describe("findCitations on the seed article", () => {
  test("finds every dated citation and none of the undated ones", () => {
    expect(seedCitations.map((c) => `${c.outlet} ${c.date}`)).toEqual([
      "TASS 2023-09-19",
      "EDM 2023-09-20",
      "Al Jazeera 2023-09-25",
      "Al Jazeera 2023-09-19",
      "Trend.az 2023-09-21",
      "EDM 2023-09-28",
      "Apa.az 2023-09-21",
      "Euronews 2023-10-02",
      "Eurasianet 2023-09-21",
      "Poliqon.az 2023-06-01",
      "Daily Sabah 2022-12-23",
      "EDM 2022-12-13",
      "Radio Free Europe/Radio Liberty 2022-08-09",
      "EDM 2023-07-06",
      "EDM 2023-06-21",
      "New Arab 2021-02-04",
      "Trend.az 2023-09-25",
    ]);
    expect(seed).toContain("(Source: Tccb.gov.tr)");
  });

  test("offsets point at the citation text, without brackets or 'see'", () => {
    for (const c of seedCitations) expect(seed.slice(c.start, c.end)).toBe(c.citation);
    expect(seedCitations[1]?.citation).toBe("EDM, September 20");
  });
});

describe("findCitations forms and years", () => {
  const ctx = { reportDate: "2024-01-10" };

  test("a month after the publication date belongs to the year before", () => {
    const [c] = findCitations("Officials spoke (Reuters, December 28).", ctx);
    expect(c).toMatchObject({ outlet: "Reuters", date: "2023-12-28", precision: "day" });
  });

  test("day-first, explicit years and month-only citations", () => {
    const text = "A (Le Monde, 3 January 2024). B (DW, March 2022). C (BBC, Jan. 5, 2024).";
    expect(findCitations(text, ctx).map((c) => [c.outlet, c.date, c.precision])).toEqual([
      ["Le Monde", "2024-01-03", "day"],
      ["DW", "2022-03-01", "month"],
      ["BBC", "2024-01-05", "day"],
    ]);
  });

  test("brackets that are not dated citations are ignored", () => {
    expect(findCitations("The ministry (MFA) and the plan (see above) and (February 30).", ctx)).toEqual([]);
    expect(findCitations("An impossible day (TASS, February 30).", ctx)).toEqual([]);
  });
});
