import { describe, expect, test } from "vitest";
import { netScore, reduceStances } from "@/domain/stance";

describe("reduceStances (codebook: several statements in one report)", () => {
  test("no statements gives no label", () => {
    expect(reduceStances([])).toBeNull();
  });

  test("support or condemn outweighs neutral, whatever the order", () => {
    expect(
      reduceStances([
        { stance: "neutral", date: "2023-09-25", position: 10 },
        { stance: "condemn", date: "2023-09-19", position: 5 },
      ]),
    ).toBe("condemn");
  });

  test("between support and condemn the later statement wins: date first, then text order", () => {
    const early = { stance: "condemn" as const, date: "2023-09-19", position: 900 };
    const late = { stance: "support" as const, date: "2023-09-21", position: 10 };
    expect(reduceStances([early, late])).toBe("support");
    expect(reduceStances([late, { ...early, date: "2023-09-21", position: 20 }])).toBe("condemn");
  });

  test("only neutral statements stay neutral", () => {
    expect(reduceStances([{ stance: "neutral", date: "2023-01-01", position: 0 }])).toBe("neutral");
  });
});

describe("netScore", () => {
  test("averages +1, 0 and -1 and rounds to three places", () => {
    expect(netScore({ support: 1, neutral: 1, condemn: 1 })).toBe(0);
    expect(netScore({ support: 2, neutral: 0, condemn: 1 })).toBe(0.333);
    expect(netScore({ support: 0, neutral: 0, condemn: 3 })).toBe(-1);
    expect(netScore({ support: 0, neutral: 0, condemn: 0 })).toBeNull();
  });
});
