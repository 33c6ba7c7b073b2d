import { STANCE_STYLE } from "@/components/charts/style";
import type { Stance } from "@/domain/labels";

/** A label in colour, glyph and word, so it reads without colour too. */
export function StanceBadge({ stance, size = "md" }: { stance: Stance; size?: "sm" | "md" | "lg" }) {
  const style = STANCE_STYLE[stance];
  return (
    <span
      className={`stance-badge stance-badge--${size}`}
      style={{ color: style.text, background: style.tint, borderColor: style.text }}
      data-stance={stance}
    >
      <span aria-hidden="true">{style.glyph}</span> {style.label}
    </span>
  );
}

export function StanceLegend() {
  return (
    <ul className="stance-legend" aria-label="Legend">
      {(Object.keys(STANCE_STYLE) as Stance[]).map((s) => (
        <li key={s}>
          <StanceBadge stance={s} size="sm" />
        </li>
      ))}
    </ul>
  );
}
