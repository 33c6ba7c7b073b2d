"use client";

import type { ReactNode } from "react";
import { type DashboardFilters, hasActiveFilters } from "@/contracts/filters";
import type { ActorItem, OutletItem, TopicItem } from "@/contracts/responses";
import { REVIEW_STATUSES, type ReviewStatus, STANCES, type Stance } from "@/domain/labels";
import { CountriesSelect } from "./countries-select";

type Props = {
  filters: DashboardFilters;
  onChange: (patch: Partial<DashboardFilters>) => void;
  onReset: () => void;
  actors: ActorItem[];
  topics: TopicItem[];
  outlets?: OutletItem[];
  /** The filters this view offers (all of them on the dashboard). */
  fields?: readonly (keyof DashboardFilters)[];
  /** What choosing no country means in this view. */
  countriesNoneHint?: string;
  /** Filters of this view alone, drawn after the shared ones. */
  children?: ReactNode;
  /** Whether a filter of this view alone is set (Reset then clears it too). */
  extraActive?: boolean;
};

const ALL_FIELDS: readonly (keyof DashboardFilters)[] = ["actor", "topic", "from", "to", "outlet", "stance", "status"];

const STATUS_LABELS: Record<ReviewStatus, string> = {
  auto: "Automatic, not reviewed",
  confirmed: "Confirmed",
  corrected: "Corrected",
  rejected: "Rejected",
};

type Option = { value: string; label: string };

/** A labelled single-choice filter; a value the options lack (e.g. from a pasted URL) shows as its own option. */
export function SelectField(props: {
  name: string;
  label: string;
  value: string;
  anyLabel: string;
  options: Option[];
  onChange: (value: string) => void;
}) {
  const { name, label, value, anyLabel, options, onChange } = props;
  const known = value === "" || options.some((o) => o.value.toLowerCase() === value.toLowerCase());
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <select id={`filter-${name}`} name={name} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {!known && <option value={value}>{value}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

function DateField(props: {
  name: "from" | "to";
  label: string;
  value?: string;
  min?: string;
  max?: string;
  onChange: (value: string) => void;
}) {
  const { name, label, value, min, max, onChange } = props;
  return (
    <div className="field">
      <label htmlFor={`filter-${name}`}>{label}</label>
      <input
        id={`filter-${name}`}
        name={name}
        type="date"
        value={value ?? ""}
        min={min}
        max={max}
        onChange={(e) => onChange(e.target.value)}
      />
    </div>
  );
}

const capitalise = (s: string) => `${s[0]?.toUpperCase() ?? ""}${s.slice(1)}`;

/** Every filter of the dashboard; each change becomes a new URL (see useDashboardFilters). */
export function FilterBar({
  filters,
  onChange,
  onReset,
  actors,
  topics,
  outlets = [],
  fields = ALL_FIELDS,
  countriesNoneHint,
  children,
  extraActive = false,
}: Props) {
  const shows = (field: keyof DashboardFilters) => fields.includes(field);
  // One value is chosen here; a URL may carry a list (stance=support,neutral), which shows as its own option.
  const joined = (list: readonly string[] | undefined) => list?.join(",") ?? "";
  const split = <T extends string>(value: string) => (value ? (value.split(",") as T[]) : undefined);
  return (
    <form className="filter-bar" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      {shows("actor") && (
        <CountriesSelect
          actors={actors}
          selected={filters.actor ?? []}
          onChange={(actor) => onChange({ actor })}
          noneHint={countriesNoneHint}
        />
      )}
      <div className="filter-bar__grid">
        {shows("topic") && (
          <SelectField
            name="topic"
            label="Topic"
            anyLabel="All topics"
            value={filters.topic ?? ""}
            options={topics.map((t) => ({ value: t.slug, label: t.title }))}
            onChange={(v) => onChange({ topic: v || undefined })}
          />
        )}
        {shows("from") && (
          <DateField
            name="from"
            label="From"
            value={filters.from}
            max={filters.to}
            onChange={(v) => onChange({ from: v || undefined })}
          />
        )}
        {shows("to") && (
          <DateField
            name="to"
            label="To"
            value={filters.to}
            min={filters.from}
            onChange={(v) => onChange({ to: v || undefined })}
          />
        )}
        {shows("outlet") && (
          <SelectField
            name="outlet"
            label="Outlet"
            anyLabel="All outlets"
            value={filters.outlet ?? ""}
            options={outlets.map((o) => ({ value: o.outlet, label: o.outlet }))}
            onChange={(v) => onChange({ outlet: v || undefined })}
          />
        )}
        {shows("stance") && (
          <SelectField
            name="stance"
            label="Stance"
            anyLabel="Any stance"
            value={joined(filters.stance)}
            options={STANCES.map((s) => ({ value: s, label: capitalise(s) }))}
            onChange={(v) => onChange({ stance: split<Stance>(v) })}
          />
        )}
        {shows("status") && (
          <SelectField
            name="status"
            label="Review status"
            anyLabel="All but rejected"
            value={joined(filters.status)}
            options={REVIEW_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            onChange={(v) => onChange({ status: split<ReviewStatus>(v) })}
          />
        )}
        {children}
        <div className="field field--actions">
          <button
            type="button"
            className="button button--ghost"
            onClick={onReset}
            disabled={!hasActiveFilters(filters) && !extraActive}
          >
            Reset filters
          </button>
        </div>
      </div>
    </form>
  );
}
