/**
 * From a cue's weight (the coder's raw score: cue weight times what lowered it) to a confidence that reads as the
 * chance the coding is right: a Platt map, p = 1 / (1 + e^-(slope * logit(weight) + intercept)). With a positive
 * slope it keeps the weights' order, so the codings most likely wrong still come first in the review queue.
 */
export type Calibration = { slope: number; intercept: number };

// Fitted 2026-12-07 on the corpus folders dev and dev2: `npx tsx scripts/fit-calibration.ts` (docs/coder.md).
export const CALIBRATION_SLOPE = 1.12;
export const CALIBRATION_INTERCEPT = 2.31;

export const CALIBRATION: Calibration = { slope: CALIBRATION_SLOPE, intercept: CALIBRATION_INTERCEPT };

/** The coder is never certain either way: an analyst's own coding is the only one with confidence 1. */
export const MIN_CONFIDENCE = 0.05;
export const MAX_CONFIDENCE = 0.99;

const clamp = (x: number) => Math.min(MAX_CONFIDENCE, Math.max(MIN_CONFIDENCE, x));

/** A weight's confidence, in [0.05, 0.99] to three places; `null` gives the clamped weight itself (for fitting). */
export function calibrate(weight: number, calibration: Calibration | null = CALIBRATION): number {
  const w = clamp(weight);
  if (calibration === null) return Math.round(w * 1000) / 1000;
  const z = calibration.slope * Math.log(w / (1 - w)) + calibration.intercept;
  return Math.round(clamp(1 / (1 + Math.exp(-z))) * 1000) / 1000;
}
