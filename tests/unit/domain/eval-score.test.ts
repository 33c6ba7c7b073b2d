import { describe, expect, test } from "vitest";
import { calibration, type Pair, score } from "@/domain/eval/score";

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

describe("calibration", () => {
  test("ten equal bands, each with its accuracy and mean confidence, and the weighted gap between them", () => {
    const items = [
      { confidence: 0.95, correct: true },
      { confidence: 0.91, correct: true },
      { confidence: 0.62, correct: true },
      { confidence: 0.68, correct: false },
      { confidence: 0.05, correct: false },
    ];
    const c = calibration(items);
    expect(c.bands).toHaveLength(10);
    expect(c.bands[9]).toEqual({ from: 0.9, to: 1, n: 2, accuracy: 1, confidence: 0.93 });
    expect(c.bands[6]).toEqual({ from: 0.6, to: 0.7, n: 2, accuracy: 0.5, confidence: 0.65 });
    expect(c.bands[0]).toMatchObject({ n: 1, accuracy: 0 });
    expect(c.bands[3]).toMatchObject({ n: 0, accuracy: null, confidence: null });
    // (2 × |1 − 0.93| + 2 × |0.5 − 0.65| + 1 × |0 − 0.05|) / 5 = 0.49 / 5
    expect(c.ece).toBe(0.098);
    expect(calibration([]).ece).toBeNull();
  });

  test("a confidence of exactly 1 falls in the top band", () => {
    expect(calibration([{ confidence: 1, correct: true }]).bands[9]?.n).toBe(1);
  });
});
