import { STANCE_STYLE } from "@/components/charts/style";
import type { ReportDetail } from "@/contracts/responses";
import { formatDate } from "@/domain/dates";
import { MAX_NOTE_LENGTH, STANCES, type Stance } from "@/domain/labels";

/** The fields the review forms share (correct, reject, add a coding), each labelled for screen readers. */

export function StanceField(props: {
  id: string;
  value: Stance | "";
  onChange: (stance: Stance) => void;
  /** A placeholder option, for a form where nothing is chosen yet. */
  placeholder?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Stance</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value as Stance)} required>
        {props.placeholder && <option value="">{props.placeholder}</option>}
        {STANCES.map((s) => (
          <option key={s} value={s}>
            {STANCE_STYLE[s].glyph} {STANCE_STYLE[s].label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A cited source of the report by id, or "" for none. */
export function CitedSourceField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  citedSources: ReportDetail["citedSources"];
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Cited source</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">None (dated by the report)</option>
        {props.citedSources.map((s) => (
          <option key={s.id} value={s.id}>
            {s.outlet}, {formatDate(s.date, s.precision)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A statement's date as typed: the day, or only the month (YYYY-MM); `strict` lets the browser check the form. */
export function StatementDateField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  strict?: boolean;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id}>Statement date</label>
      <input
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        placeholder="YYYY-MM-DD or YYYY-MM"
        aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        {...(props.strict ? { pattern: "\\d{4}-\\d{2}(-\\d{2})?", required: true } : {})}
      />
      {props.hint && (
        <span id={`${props.id}-hint`} className="field__hint">
          {props.hint}
        </span>
      )}
    </div>
  );
}

export function NoteField(props: { id: string; value: string; onChange: (value: string) => void; label?: string }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label ?? "Note"}</label>
      <textarea
        id={props.id}
        rows={2}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        maxLength={MAX_NOTE_LENGTH}
      />
    </div>
  );
}

/** The submit and cancel buttons of a review form. */
export function FormActions(props: {
  label: string;
  pendingLabel?: string;
  pending: boolean;
  disabled?: boolean;
  danger?: boolean;
  onCancel: () => void;
}) {
  return (
    <div className="review-actions">
      <button
        type="submit"
        className={`button button--small${props.danger ? " button--danger" : ""}`}
        disabled={props.pending || props.disabled}
      >
        {props.pending ? (props.pendingLabel ?? "Saving…") : props.label}
      </button>
      <button type="button" className="button button--small button--ghost" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}
