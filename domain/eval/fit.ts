import type { Calibration } from "../coder/calibration";

/** Fitting the coder's calibration (scripts/fit-calibration.ts): two parameters, so few errors can carry them. */

export type Scored = { confidence: number; correct: boolean };

const logit = (p: number) => Math.log(p / (1 - p));

/**
 * The Platt map that makes `correct` most likely given each statement's raw weight (`confidence`, in (0, 1)):
 * logistic regression on logit(weight) by Newton's method. A tiny pull towards the identity map (slope 1,
 * intercept 0) keeps it finite when no statement is wrong.
 */
export function fitPlatt(items: readonly Scored[], pull = 1e-3): Calibration {
  let a = 1;
  let b = 0;
  const xs = items.map((i) => logit(Math.min(0.999, Math.max(0.001, i.confidence))));
  for (let iter = 0; iter < 100; iter++) {
    // Gradient and Hessian of the negative log-likelihood plus pull * ((a - 1)^2 + b^2).
    let ga = 2 * pull * (a - 1);
    let gb = 2 * pull * b;
    let haa = 2 * pull;
    let hab = 0;
    let hbb = 2 * pull;
    items.forEach((item, k) => {
      const x = xs[k] as number;
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const r = p - (item.correct ? 1 : 0);
      const w = p * (1 - p);
      ga += r * x;
      gb += r;
      haa += w * x * x;
      hab += w * x;
      hbb += w;
    });
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  return { slope: a, intercept: b };
}

/**
 * How well confidence ranks the codings: the share of (wrong, right) pairs in which the wrong one is less sure
 * (ties count half). 0.5 is no better than chance; null when none or all are right.
 */
export function rankingAuc(items: readonly Scored[]): number | null {
  const wrong = items.filter((i) => !i.correct);
  const right = items.filter((i) => i.correct);
  if (wrong.length === 0 || right.length === 0) return null;
  let sum = 0;
  for (const w of wrong)
    for (const r of right) sum += w.confidence < r.confidence ? 1 : w.confidence === r.confidence ? 0.5 : 0;
  return Math.round((sum / (wrong.length * right.length)) * 1000) / 1000;
}
