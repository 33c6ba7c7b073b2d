import type { Stance } from "./labels";

export const STANCE_SCORE: Record<Stance, number> = { support: 1, neutral: 0, condemn: -1 };

export type StanceCounts = { support: number; neutral: number; condemn: number };

/** Net score: support +1, neutral 0, condemn -1, averaged over the codings; null when there are none. */
export function netScore(counts: StanceCounts): number | null {
  const total = counts.support + counts.neutral + counts.condemn;
  if (total === 0) return null;
  return Math.round(((counts.support - counts.condemn) / total) * 1000) / 1000;
}

export type DatedStatement = { stance: Stance; date: string; position: number };

/**
 * One label from several statements, by the codebook: support or condemn beats neutral; when support and
 * condemn both occur the later statement wins (statement date first, then position in the text).
 */
export function reduceStances(statements: readonly DatedStatement[]): Stance | null {
  if (statements.length === 0) return null;
  const explicit = statements.filter((s) => s.stance !== "neutral");
  if (explicit.length === 0) return "neutral";
  const latest = explicit.reduce((a, b) => (b.date > a.date || (b.date === a.date && b.position > a.position) ? b : a));
  return latest.stance;
}
