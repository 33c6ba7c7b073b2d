import type { Stance } from "./labels";

/**
 * How each label looks everywhere: an Okabe-Ito colour pair that stays distinct for colour-blind readers,
 * plus a glyph and the word, so the label never rests on colour alone.
 */
export const STANCE_STYLE: Record<Stance, { label: string; glyph: string; color: string; tint: string }> = {
  support: { label: "Support", glyph: "▲", color: "#0072B2", tint: "#e0eef8" },
  neutral: { label: "Neutral", glyph: "●", color: "#6b6b6b", tint: "#efefed" },
  condemn: { label: "Condemn", glyph: "▼", color: "#D55E00", tint: "#fbe9dd" },
};

const FALLBACK_ACTOR_COLORS = ["#c51b7d", "#542788", "#1b7837", "#35978f", "#8c510a", "#b8860b", "#e7298a", "#01665e"];

export function actorColor(actor: { code: string; color?: string | null }, index = 0): string {
  return actor.color ?? FALLBACK_ACTOR_COLORS[index % FALLBACK_ACTOR_COLORS.length] ?? "#444";
}
