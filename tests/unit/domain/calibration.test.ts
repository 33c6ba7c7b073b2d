import { describe, expect, test } from "vitest";
import actorsData from "@/db/seed/actors.json";
import { CALIBRATION, type CoderActor, calibrate, codeReport } from "@/domain/coder";
import { CALIBRATION_INTERCEPT, CALIBRATION_SLOPE } from "@/domain/coder/calibration";
import { fitPlatt, rankingAuc } from "@/domain/eval/fit";

const actors = (actorsData as { actors: CoderActor[] }).actors;

describe("the calibration map", () => {
  const grid = Array.from({ length: 101 }, (_, i) => i / 100);

  test("the fitted parameters: a positive slope, so the weights' order is kept", () => {
    expect(CALIBRATION).toEqual({ slope: CALIBRATION_SLOPE, intercept: CALIBRATION_INTERCEPT });
    expect(CALIBRATION_SLOPE).toBeGreaterThan(0);
  });

  test("monotone in the weight and always within [0.05, 0.99]", () => {
    const mapped = grid.map((w) => calibrate(w));
    for (let i = 1; i < mapped.length; i++) expect(mapped[i]).toBeGreaterThanOrEqual(mapped[i - 1] as number);
    for (const c of mapped) {
      expect(c).toBeGreaterThanOrEqual(0.05);
      expect(c).toBeLessThanOrEqual(0.99);
    }
    // Strictly rising below the cap: a weaker cue is never as sure as a stronger one.
    expect(calibrate(0.45)).toBeLessThan(calibrate(0.5));
    expect(calibrate(0.75)).toBeLessThan(calibrate(0.85));
  });

  test("the fitted values for a few weights", () => {
    expect(calibrate(0.34)).toBe(0.827);
    expect(calibrate(0.5)).toBe(0.91);
    expect(calibrate(0.6)).toBe(0.941);
    expect(calibrate(0.75)).toBe(0.972);
    expect(calibrate(0.85)).toBe(0.986);
    expect(calibrate(0.92)).toBe(0.99);
    expect(calibrate(2)).toBe(0.99);
  });

  test("without a map, the weight itself, clamped", () => {
    expect(calibrate(0.637, null)).toBe(0.637);
    expect(calibrate(0, null)).toBe(0.05);
    expect(calibrate(1, null)).toBe(0.99);
    expect(calibrate(0.5, { slope: 1, intercept: 0 })).toBe(0.5);
  });
});

describe("the coder's confidences", () => {
  const input = {
    text:
      "Paris condemned the offensive. Moscow rejected the criticism from Berlin. " +
      "The Kremlin called on both sides to stop the fighting.",
    language: "en",
    publishedOn: "2023-09-20",
    topic: { title: "Azerbaijan's September 2023 military operation in Karabakh", actingParty: "Azerbaijan" },
    actors,
  };

  test("are the calibrated raw weights, and the labels do not depend on the map", () => {
    const calibrated = codeReport(input);
    const raw = codeReport(input, { calibration: null });
    expect(calibrated.statements.length).toBe(3);
    expect(calibrated.statements.map((s) => [s.actor, s.stance])).toEqual(
      raw.statements.map((s) => [s.actor, s.stance]),
    );
    expect(calibrated.reportStances.map((s) => [s.actor, s.stance, s.statement])).toEqual(
      raw.reportStances.map((s) => [s.actor, s.stance, s.statement]),
    );
    calibrated.statements.forEach((s, i) => {
      expect(s.confidence).toBeCloseTo(calibrate(raw.statements[i]?.confidence ?? 0), 2);
    });
    // The reported criticism is the least sure, with or without the map.
    const least = (r: typeof raw) => r.statements.reduce((a, b) => (b.confidence < a.confidence ? b : a)).actor;
    expect(least(calibrated)).toBe("DE");
    expect(least(raw)).toBe("DE");
  });
});

describe("fitting the map", () => {
  test("recovers the parameters that generated the outcomes", () => {
    // Expected counts, not random draws: at each weight, right in proportion to the true map's probability.
    const truth = { slope: 1.5, intercept: 1 };
    const items: { confidence: number; correct: boolean }[] = [];
    for (const w of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
      const p = 1 / (1 + Math.exp(-(truth.slope * Math.log(w / (1 - w)) + truth.intercept)));
      const right = Math.round(p * 1000);
      for (let k = 0; k < 1000; k++) items.push({ confidence: w, correct: k < right });
    }
    const fit = fitPlatt(items);
    expect(fit.slope).toBeCloseTo(1.5, 1);
    expect(fit.intercept).toBeCloseTo(1, 1);
  });

  test("stays finite when every statement is right", () => {
    const fit = fitPlatt([0.4, 0.6, 0.8].map((confidence) => ({ confidence, correct: true })));
    expect(Number.isFinite(fit.slope) && Number.isFinite(fit.intercept)).toBe(true);
  });

  test("ranking: the share of (wrong, right) pairs in which the wrong one is less sure", () => {
    const items = [
      { confidence: 0.5, correct: false },
      { confidence: 0.9, correct: false },
      { confidence: 0.7, correct: true },
      { confidence: 0.9, correct: true },
    ];
    // (0.5 < 0.7) 1, (0.5 < 0.9) 1, (0.9 > 0.7) 0, (0.9 = 0.9) 0.5 → 2.5 / 4.
    expect(rankingAuc(items)).toBe(0.625);
    expect(rankingAuc(items.filter((i) => i.correct))).toBeNull();
  });
});
