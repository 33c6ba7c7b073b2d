"use client";

import { useEffect, useId, useState } from "react";
import { SelectField } from "./filter-bar";

/**
 * Confidence bounds offered in the filters, where the coder's calibrated confidences fall (0.83 to 0.99 for the
 * cues it knows; an analyst's own coding is 1).
 */
export const CONFIDENCE_STEPS = [0.8, 0.9, 0.95, 0.98] as const;

/** A bound on the coder's confidence, chosen from a few steps (a URL may carry another value, shown as its own). */
export function ConfidenceField(props: {
  name: "minConfidence" | "maxConfidence";
  label: string;
  anyLabel: string;
  value: number | undefined;
  onChange: (value: number | undefined) => void;
}) {
  const { name, label, anyLabel, value, onChange } = props;
  const words = name === "minConfidence" ? "at least" : "at most";
  return (
    <SelectField
      name={name}
      label={label}
      anyLabel={anyLabel}
      value={value === undefined ? "" : String(value)}
      options={CONFIDENCE_STEPS.map((v) => ({ value: String(v), label: `${words} ${Math.round(v * 100)}%` }))}
      onChange={(v) => onChange(v === "" ? undefined : Number(v))}
    />
  );
}

/** Only shifts whose two codings an analyst confirmed, corrected or coded. */
export function ReviewedField(props: { value: boolean; onChange: (value: boolean) => void }) {
  const id = useId();
  // Shown at once: the URL the value comes from changes a moment after the click, and a box that sprang back
  // meanwhile would read as a click that did not take.
  const [checked, setChecked] = useState(props.value);
  useEffect(() => setChecked(props.value), [props.value]);
  return (
    <div className="field field--check">
      <label htmlFor={id}>
        <input
          id={id}
          name="reviewed"
          type="checkbox"
          checked={checked}
          onChange={(e) => {
            setChecked(e.target.checked);
            props.onChange(e.target.checked);
          }}
        />{" "}
        Reviewed only
      </label>
      <span className="field__hint">both codings checked by an analyst</span>
    </div>
  );
}
