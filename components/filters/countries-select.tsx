"use client";

import type { MouseEvent } from "react";

type Props = {
  actors: { code: string; name: string; isDefault: boolean }[];
  selected: string[];
  onChange: (codes: string[]) => void;
  /** What choosing none means here (the dashboard: the default actors). */
  noneHint?: string;
};

/**
 * A native multi-select labelled "Countries": keyboard, screen readers and scripts all know how to use it.
 * A plain click toggles one country, so no one needs to know about Ctrl-click.
 */
export function CountriesSelect({ actors, selected, onChange, noneHint }: Props) {
  const toggle = (e: MouseEvent<HTMLOptionElement>, code: string) => {
    e.preventDefault();
    onChange(selected.includes(code) ? selected.filter((c) => c !== code) : [...selected, code]);
  };
  const defaults = actors.filter((a) => a.isDefault).map((a) => a.name);
  return (
    <div className="field field--countries">
      <label htmlFor="filter-countries">Countries</label>
      <select
        id="filter-countries"
        name="actor"
        multiple
        size={Math.min(Math.max(actors.length, 3), 7)}
        value={selected}
        aria-describedby="filter-countries-hint"
        onChange={(e) => onChange(Array.from(e.currentTarget.selectedOptions, (o) => o.value))}
      >
        {actors.map((a) => (
          <option key={a.code} value={a.code} onMouseDown={(e) => toggle(e, a.code)}>
            {a.name}
          </option>
        ))}
      </select>
      <span id="filter-countries-hint" className="field__hint">
        {selected.length === 0
          ? (noneHint ?? `None chosen: ${defaults.length} default actors`)
          : `${selected.length} chosen`}
        {selected.length > 0 && (
          <button type="button" className="link-button" onClick={() => onChange([])}>
            Clear
          </button>
        )}
      </span>
    </div>
  );
}
