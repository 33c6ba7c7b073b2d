import type { Stance } from "../../domain/labels";

type StanceStyle = { label: string; glyph: string; color: string; text: string; tint: string; onColor: string };

/**
 * How each label looks everywhere: an Okabe-Ito colour pair that stays distinct for colour-blind readers,
 * plus a glyph and the word, so the label never rests on colour alone. `color` paints the chart marks; `text`
 * is the same hue darkened for words and borders, at 5:1 or more on its tint and on white; `onColor` writes on
 * a mark (white on blue and grey, black on orange: 5:1 or more, where white on orange is 3.9:1). WCAG AA.
 */
export const STANCE_STYLE: Record<Stance, StanceStyle> = {
  support: { label: "Support", glyph: "▲", color: "#0072B2", text: "#00609a", tint: "#e0eef8", onColor: "#fff" },
  neutral: { label: "Neutral", glyph: "●", color: "#6b6b6b", text: "#595959", tint: "#efefed", onColor: "#fff" },
  condemn: { label: "Condemn", glyph: "▼", color: "#D55E00", text: "#a34700", tint: "#fbe9dd", onColor: "#000" },
};

const FALLBACK_ACTOR_COLORS = ["#c51b7d", "#542788", "#1b7837", "#35978f", "#8c510a", "#b8860b", "#e7298a", "#01665e"];

export function actorColor(actor: { code: string; color?: string | null }, index = 0): string {
  return actor.color ?? FALLBACK_ACTOR_COLORS[index % FALLBACK_ACTOR_COLORS.length] ?? "#444";
}
