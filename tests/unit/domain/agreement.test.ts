import { describe, expect, test } from "vitest";
import {
  type AgreementLabel,
  cohensKappa,
  computeAgreement,
  confusionOf,
  type LabelPairCount,
  stanceAgreement,
} from "@/domain/agreement";

/** Rows of a confusion table as label-pair counts for one actor. */
function pairs(actor: string, rows: Partial<Record<AgreementLabel, Partial<Record<AgreementLabel, number>>>>) {
  const out: LabelPairCount[] = [];
  for (const [coder, cols] of Object.entries(rows)) {
    for (const [analyst, count] of Object.entries(cols ?? {})) {
      out.push({ actor, coder: coder as AgreementLabel, analyst: analyst as AgreementLabel, count: count ?? 0 });
    }
  }
  return out;
}

describe("Cohen's kappa", () => {
  test("the textbook two-rater case: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no gives 0.4", () => {
    // po = 35/50 = 0.7; the coder says support 25/50 = 0.5, the analyst 30/50 = 0.6;
    // pe = 0.5 * 0.6 + 0.5 * 0.4 = 0.5; kappa = (0.7 - 0.5) / (1 - 0.5) = 0.4.
    const table = confusionOf(
      pairs("X", { support: { support: 20, condemn: 5 }, condemn: { support: 10, condemn: 15 } }),
    );
    expect(cohensKappa(table)).toEqual({ n: 50, rawAgreement: 0.7, kappa: 0.4 });
  });

  test("three labels, worked by hand", () => {
    //                analyst: support neutral condemn | coder total
    // coder support            10       2       0     | 12
    // coder neutral             1       5       2     |  8
    // coder condemn             0       1       9     | 10
    // analyst total            11       8      11     | 30
    // po = 24/30 = 0.8; pe = (12*11 + 8*8 + 10*11) / 900 = 306/900 = 0.34; kappa = 0.46/0.66 = 23/33.
    const table = confusionOf(
      pairs("X", {
        support: { support: 10, neutral: 2 },
        neutral: { support: 1, neutral: 5, condemn: 2 },
        condemn: { neutral: 1, condemn: 9 },
      }),
    );
    const k = cohensKappa(table);
    expect(k.n).toBe(30);
    expect(k.rawAgreement).toBe(0.8);
    expect(k.kappa).toBeCloseTo(23 / 33, 4);
    expect(k.kappa).toBe(0.697);
  });

  test("complete disagreement against the margins is negative", () => {
    // Each side says support once and condemn once, never the same: po = 0, pe = 0.5, kappa = -1.
    const table = confusionOf(pairs("X", { support: { condemn: 1 }, condemn: { support: 1 } }));
    expect(cohensKappa(table)).toEqual({ n: 2, rawAgreement: 0, kappa: -1 });
  });

  test("no codings: every figure null, never NaN", () => {
    expect(cohensKappa(confusionOf([]))).toEqual({ n: 0, rawAgreement: null, kappa: null });
  });

  test("both sides using one same label throughout (pe = 1): kappa null, agreement 1", () => {
    const table = confusionOf(pairs("X", { support: { support: 4 } }));
    expect(cohensKappa(table)).toEqual({ n: 4, rawAgreement: 1, kappa: null });
  });

  test("pe near 1 but not 1 still gives a number", () => {
    const table = confusionOf(pairs("X", { support: { support: 999, condemn: 1 } }));
    const k = cohensKappa(table);
    expect(k.rawAgreement).toBe(0.999);
    // pe = (1000 * 999) / 1000^2 = 0.999, po = 0.999: kappa 0.
    expect(k.kappa).toBe(0);
  });
});

describe("per-stance precision, recall and F1", () => {
  const table = confusionOf(
    pairs("X", {
      support: { support: 10, neutral: 2 },
      neutral: { support: 1, neutral: 5, condemn: 2 },
      condemn: { neutral: 1, condemn: 9 },
    }),
  );

  test("support: TP 10, coder said it 12 times, analysts 11 times", () => {
    // n = 12 + 11 - 10 = 13; agreement 10/13; precision 10/12; recall 10/11; F1 = 20 / (20 + 2 + 1).
    expect(stanceAgreement(table, "support")).toEqual({
      stance: "support",
      n: 13,
      agreement: 0.7692,
      precision: 0.8333,
      recall: 0.9091,
      f1: 0.8696,
    });
  });

  test("a stance nobody used has null ratios", () => {
    const none = confusionOf(pairs("X", { support: { support: 1 } }));
    expect(stanceAgreement(none, "condemn")).toEqual({
      stance: "condemn",
      n: 0,
      agreement: null,
      precision: null,
      recall: null,
      f1: null,
    });
  });

  test("a stance only analysts used: precision null, recall and F1 zero", () => {
    const added = confusionOf(pairs("X", { none: { neutral: 2 } }));
    expect(stanceAgreement(added, "neutral")).toMatchObject({ n: 2, precision: null, recall: 0, f1: 0 });
  });
});

describe("computeAgreement", () => {
  test("sums actors into one table, keeps each actor's own figures, and fills every cell", () => {
    const result = computeAgreement([
      ...pairs("TR", { support: { support: 3 }, neutral: { none: 1 } }),
      ...pairs("FR", { condemn: { condemn: 2, neutral: 1 }, none: { condemn: 1 } }),
    ]);
    expect(result.n).toBe(8);
    expect(result.rawAgreement).toBe(0.625);
    // Margins: coder support 3, neutral 1, condemn 3, none 1; analyst support 3, neutral 1, condemn 3, none 1.
    // pe = (9 + 1 + 9 + 1) / 64 = 20/64; kappa = (40/64 - 20/64) / (44/64) = 20/44.
    expect(result.kappa).toBeCloseTo(20 / 44, 4);
    expect(result.labels).toEqual(["support", "neutral", "condemn", "none"]);
    expect(result.confusion.condemn).toEqual({ support: 0, neutral: 1, condemn: 2, none: 0 });
    expect(result.confusion.none).toEqual({ support: 0, neutral: 0, condemn: 1, none: 0 });
    expect(result.confusion.support.none).toBe(0);
    // TR: po = 3/4; coder support 3, neutral 1; analyst support 3, none 1: pe = 9/16; kappa = (12/16 - 9/16) / (7/16).
    expect(result.perActor).toEqual([
      { actor: "TR", n: 4, rawAgreement: 0.75, kappa: 0.4286 },
      // FR: po = 2/4; coder condemn 3, none 1; analyst condemn 3, neutral 1: pe = 9/16; kappa = (8/16 - 9/16) / (7/16).
      { actor: "FR", n: 4, rawAgreement: 0.5, kappa: -0.1429 },
    ]);
    expect(result.perStance.map((s) => s.stance)).toEqual(["support", "neutral", "condemn"]);
    expect(JSON.stringify(result)).not.toContain("NaN");
  });

  test("no reviewed codings at all", () => {
    const result = computeAgreement([]);
    expect(result).toMatchObject({ n: 0, rawAgreement: null, kappa: null, perActor: [] });
    expect(result.perStance.every((s) => s.n === 0 && s.f1 === null)).toBe(true);
  });
});
