import { STANCES, type Stance } from "./labels";

/**
 * Agreement between the automatic coder and the analysts who reviewed its codings: raw agreement, Cohen's
 * kappa, a confusion table, and per-label precision and recall (the analyst's label is the reference).
 * Pure arithmetic on counts; db/queries/agreement.ts supplies them.
 */

/**
 * Codings imported as hand-coded by analysts (the sample data's coder is "analyst:sample"): no automatic coder
 * saw them, so they say nothing about its quality.
 */
export const HAND_CODER_PREFIX = "analyst:";

/** "none": the coder coded nothing where an analyst added a coding, or an analyst rejected what the coder coded. */
export const AGREEMENT_LABELS = [...STANCES, "none"] as const;
export type AgreementLabel = (typeof AGREEMENT_LABELS)[number];

/** How many reviewed codings one actor has with this pair of labels. */
export type LabelPairCount = { actor: string; coder: AgreementLabel; analyst: AgreementLabel; count: number };

export type Confusion = Record<AgreementLabel, Record<AgreementLabel, number>>;

export type StanceAgreement = {
  stance: Stance;
  /** Codings that the coder or the analyst (or both) labelled with this stance. */
  n: number;
  /** Of those n, the share on which both gave this stance; null when n is 0. */
  agreement: number | null;
  /** Of the coder's codings with this stance, the share the analyst kept; null when the coder never gave it. */
  precision: number | null;
  /** Of the analysts' codings with this stance, the share the coder found; null when analysts never gave it. */
  recall: number | null;
  /** Harmonic mean of precision and recall (2TP / (2TP + FP + FN)); null when n is 0. */
  f1: number | null;
};

export type ActorAgreement = { actor: string; n: number; rawAgreement: number | null; kappa: number | null };

export type Agreement = {
  n: number;
  rawAgreement: number | null;
  kappa: number | null;
  labels: AgreementLabel[];
  /** confusion[coderLabel][analystLabel] = number of codings. */
  confusion: Confusion;
  perStance: StanceAgreement[];
  perActor: ActorAgreement[];
};

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const ratio = (a: number, b: number) => (b === 0 ? null : round(a / b));

export function emptyConfusion(): Confusion {
  const row = () => Object.fromEntries(AGREEMENT_LABELS.map((l) => [l, 0])) as Record<AgreementLabel, number>;
  return Object.fromEntries(AGREEMENT_LABELS.map((l) => [l, row()])) as Confusion;
}

export function confusionOf(pairs: readonly Pick<LabelPairCount, "coder" | "analyst" | "count">[]): Confusion {
  const table = emptyConfusion();
  for (const p of pairs) table[p.coder][p.analyst] += p.count;
  return table;
}

/**
 * Cohen's kappa with observed agreement po and chance agreement pe from the margins: (po - pe) / (1 - pe).
 * With no codings both figures are null; when pe is 1 (both sides used one and the same label throughout)
 * kappa is undefined and null.
 */
export function cohensKappa(table: Confusion): { n: number; rawAgreement: number | null; kappa: number | null } {
  let n = 0;
  let agreed = 0;
  let marginProducts = 0;
  for (const a of AGREEMENT_LABELS) {
    let coderTotal = 0;
    let analystTotal = 0;
    for (const b of AGREEMENT_LABELS) {
      coderTotal += table[a][b];
      analystTotal += table[b][a];
    }
    n += coderTotal;
    agreed += table[a][a];
    marginProducts += coderTotal * analystTotal;
  }
  if (n === 0) return { n, rawAgreement: null, kappa: null };
  // Counts are whole numbers: compare pe with 1 exactly before dividing.
  if (marginProducts === n * n) return { n, rawAgreement: round(agreed / n), kappa: null };
  const po = agreed / n;
  const pe = marginProducts / (n * n);
  return { n, rawAgreement: round(po), kappa: round((po - pe) / (1 - pe)) };
}

export function stanceAgreement(table: Confusion, stance: Stance): StanceAgreement {
  const tp = table[stance][stance];
  let coderSaid = 0;
  let analystSaid = 0;
  for (const l of AGREEMENT_LABELS) {
    coderSaid += table[stance][l];
    analystSaid += table[l][stance];
  }
  const n = coderSaid + analystSaid - tp;
  return {
    stance,
    n,
    agreement: ratio(tp, n),
    precision: ratio(tp, coderSaid),
    recall: ratio(tp, analystSaid),
    f1: ratio(2 * tp, tp + n),
  };
}

/** The whole report from per-actor label-pair counts; actors keep the order in which they first appear. */
export function computeAgreement(pairs: readonly LabelPairCount[]): Agreement {
  const confusion = confusionOf(pairs);
  const byActor = new Map<string, LabelPairCount[]>();
  for (const p of pairs) byActor.set(p.actor, [...(byActor.get(p.actor) ?? []), p]);
  const perActor = [...byActor].map(([actor, rows]) => ({ actor, ...cohensKappa(confusionOf(rows)) }));
  return {
    ...cohensKappa(confusion),
    labels: [...AGREEMENT_LABELS],
    confusion,
    perStance: STANCES.map((s) => stanceAgreement(confusion, s)),
    perActor: perActor.filter((a) => a.n > 0),
  };
}
