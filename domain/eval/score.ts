import { STANCES, type Stance } from "../labels";

/** Scoring of report-level labels against gold labels, as the corpus README defines it. */

export type Label = Stance | "none";
export const LABELS: readonly Label[] = [...STANCES, "none"];

export type Pair = { id: string; actor: string; language: string; gold: Label; predicted: Label };

export type Scores = {
  n: number;
  accuracy: number | null;
  macroF1: number | null;
  perLabel: Record<Stance, { precision: number | null; recall: number | null; f1: number | null; support: number }>;
  /** confusion[gold][predicted] */
  confusion: Record<Label, Record<Label, number>>;
  /** Share of gold-none pairs that got a stance. */
  falseStanceRate: number | null;
};

const round = (x: number) => Math.round(x * 1000) / 1000;

export function score(pairs: readonly Pair[]): Scores {
  const confusion = Object.fromEntries(
    LABELS.map((g) => [g, Object.fromEntries(LABELS.map((p) => [p, 0]))]),
  ) as Scores["confusion"];
  for (const p of pairs) confusion[p.gold][p.predicted]++;
  const perLabel = {} as Scores["perLabel"];
  const f1s: number[] = [];
  for (const label of STANCES) {
    const tp = confusion[label][label];
    const predicted = LABELS.reduce((sum, g) => sum + confusion[g][label], 0);
    const actual = LABELS.reduce((sum, p) => sum + confusion[label][p], 0);
    const precision = predicted ? tp / predicted : null;
    const recall = actual ? tp / actual : null;
    // A label that is neither in the gold nor predicted is left out of the macro average.
    let f1: number | null = null;
    if (predicted || actual) f1 = tp === 0 ? 0 : (2 * tp) / (predicted + actual);
    if (f1 !== null) f1s.push(f1);
    perLabel[label] = {
      precision: precision === null ? null : round(precision),
      recall: recall === null ? null : round(recall),
      f1: f1 === null ? null : round(f1),
      support: actual,
    };
  }
  const correct = pairs.filter((p) => p.gold === p.predicted).length;
  const none = pairs.filter((p) => p.gold === "none");
  return {
    n: pairs.length,
    accuracy: pairs.length ? round(correct / pairs.length) : null,
    macroF1: f1s.length ? round(f1s.reduce((a, b) => a + b, 0) / f1s.length) : null,
    perLabel,
    confusion,
    falseStanceRate: none.length ? round(none.filter((p) => p.predicted !== "none").length / none.length) : null,
  };
}

export type CalibrationBand = {
  from: number;
  to: number;
  n: number;
  /** Share of the band's statements that were right; null for an empty band. */
  accuracy: number | null;
  /** Mean confidence of the band's statements. */
  confidence: number | null;
};

/**
 * Reliability over ten equal-width confidence bands, and the expected calibration error: the mean gap between a
 * band's confidence and its accuracy, weighted by how many statements fall in it.
 */
export function calibration(items: readonly { confidence: number; correct: boolean }[]): {
  ece: number | null;
  bands: CalibrationBand[];
} {
  const bands = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, n: 0, right: 0, sum: 0 }));
  for (const item of items) {
    const band = bands[Math.min(9, Math.max(0, Math.floor(item.confidence * 10)))] as (typeof bands)[number];
    band.n++;
    band.sum += item.confidence;
    if (item.correct) band.right++;
  }
  const gap = bands.reduce((sum, b) => sum + (b.n ? Math.abs(b.right / b.n - b.sum / b.n) * b.n : 0), 0);
  return {
    ece: items.length ? round(gap / items.length) : null,
    bands: bands.map((b) => ({
      from: b.from,
      to: b.to,
      n: b.n,
      accuracy: b.n ? round(b.right / b.n) : null,
      confidence: b.n ? round(b.sum / b.n) : null,
    })),
  };
}
