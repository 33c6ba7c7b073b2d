import { STANCE_STYLE } from "@/components/charts/style";
import type { Stance } from "@/domain/labels";

/** The three labels with colour, glyph and word. */
export function StanceKey({ extra }: { extra?: { label: string; swatch: string }[] }) {
  return (
    <ul className="legend">
      {(Object.keys(STANCE_STYLE) as Stance[]).map((s) => (
        <li key={s}>
          <span
            className="legend__swatch"
            style={{ background: STANCE_STYLE[s].color, color: STANCE_STYLE[s].onColor }}
            aria-hidden="true"
          >
            {STANCE_STYLE[s].glyph}
          </span>
          {STANCE_STYLE[s].label}
        </li>
      ))}
      {extra?.map((e) => (
        <li key={e.label}>
          <span className="legend__swatch" style={{ background: e.swatch }} aria-hidden="true" />
          {e.label}
        </li>
      ))}
    </ul>
  );
}

export function ActorKey({ actors }: { actors: { code: string; name: string; color: string }[] }) {
  return (
    <ul className="legend">
      {actors.map((a) => (
        <li key={a.code}>
          <span className="legend__line" style={{ background: a.color }} aria-hidden="true" />
          {a.name}
        </li>
      ))}
    </ul>
  );
}
