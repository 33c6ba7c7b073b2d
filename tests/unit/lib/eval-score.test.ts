import { describe, expect, test } from "vitest";
import { type Pair, score } from "@/lib/eval/score";

const pair = (gold: Pair["gold"], predicted: Pair["predicted"]): Pair => ({
  id: "r",
  actor: "TR",
  language: "en",
  gold,
  predicted,
});

describe("scoring the coder", () => {
  test("macro-F1 over the three stances, with none counted as a miss or a false stance", () => {
    // support: tp 1, fp 1 (on a none pair), fn 0 → F1 2/3; condemn: tp 1, fn 1 (predicted none) → F1 2/3;
    // neutral: tp 1 → F1 1. Macro-F1 = (2/3 + 2/3 + 1) / 3 = 0.778.
    const s = score([
      pair("support", "support"),
      pair("none", "support"),
      pair("condemn", "condemn"),
      pair("condemn", "none"),
      pair("neutral", "neutral"),
      pair("none", "none"),
    ]);
    expect(s.macroF1).toBe(0.778);
    expect(s.accuracy).toBe(0.667);
    expect(s.falseStanceRate).toBe(0.5);
    expect(s.confusion.none.support).toBe(1);
    expect(s.perLabel.condemn).toMatchObject({ precision: 1, recall: 0.5, f1: 0.667, support: 2 });
  });

  test("no pairs gives nulls, never NaN", () => {
    const s = score([]);
    expect(s).toMatchObject({ n: 0, accuracy: null, macroF1: null, falseStanceRate: null });
  });
});
