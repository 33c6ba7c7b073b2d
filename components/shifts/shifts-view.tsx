"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { actorColor } from "@/components/charts/style";
import { effectiveFilters, filtersToSearchParams, parseShiftFilters, shiftFilters } from "@/contracts/filters";
import type { ShiftItem } from "@/contracts/responses";
import { formatDate } from "@/domain/dates";
import { meetsStanding } from "@/domain/shifts";
import { useUrlFilters } from "@/hooks/use-dashboard-filters";
import { useActors, useTopics } from "@/hooks/use-reference-data";
import { useShifts } from "@/hooks/use-shifts";
import { FilterBar } from "../filters/filter-bar";
import { ConfidenceField, ReviewedField } from "../filters/standing-fields";
import { QueryState } from "../ui/query-state";
import { StanceBadge } from "../ui/stance-badge";

/** Every stance shift under the URL's filters, newest first, with the sentences on both sides. */
export function ShiftsView() {
  const { filters, update, setFilters } = useUrlFilters(parseShiftFilters);
  const actors = useActors().data?.items ?? [];
  const topics = useTopics().data?.items ?? [];
  const defaults = useMemo(() => actors.filter((a) => a.isDefault).map((a) => a.code), [actors]);
  const scope = shiftFilters({ ...filters, ...effectiveFilters(filters, defaults) });
  const query = useShifts(scope);
  // Set once hydrated: the filters respond from then on (tests wait for it).
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);
  const colors = new Map(actors.map((a, i) => [a.code, actorColor(a, i)]));
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const feed = `/api/shifts/feed?${filtersToSearchParams(shiftFilters(filters)).toString()}`.replace(/\?$/, "");

  return (
    <div className="shifts" data-ready={ready ? "true" : "false"}>
      <FilterBar
        filters={shiftFilters(filters)}
        onChange={update}
        onReset={() => setFilters({})}
        actors={actors}
        topics={topics}
        fields={["actor", "topic", "from", "to"]}
        extraActive={filters.minConfidence !== undefined || Boolean(filters.reviewed)}
      >
        <ConfidenceField
          name="minConfidence"
          label="Coder confidence"
          anyLabel="Any confidence"
          value={filters.minConfidence}
          onChange={(minConfidence) => update({ minConfidence })}
        />
        <ReviewedField value={Boolean(filters.reviewed)} onChange={(reviewed) => update({ reviewed })} />
      </FilterBar>
      <p className="shifts__alerts">
        Follow these shifts: <a href={feed}>Atom feed</a> for a feed reader, or{" "}
        <Link href="/settings/webhooks">webhooks</Link> for a JSON POST to your own service.
      </p>
      <section
        aria-labelledby="shifts-title"
        aria-busy={query.isFetching}
        className={query.isPlaceholderData ? "chart__body--refreshing" : undefined}
      >
        <h2 id="shifts-title" className="visually-hidden">
          Shifts
        </h2>
        <QueryState what="the shifts" loading={query.isLoading} error={query.error} />
        {query.data && items.length === 0 && (
          <div className="empty-state" data-testid="shifts-empty">
            <h2>No stance shift under these filters</h2>
            <p className="muted">
              A shift is a change in an actor&apos;s label between two dated statements on a topic. Widen the dates,
              choose other countries, or add reports.
            </p>
          </div>
        )}
        <ol className="shift-list" data-testid="shift-list">
          {items.map((s) => (
            <ShiftCard key={s.id} shift={s} color={colors.get(s.actor) ?? "#444"} />
          ))}
        </ol>
        {query.hasNextPage && (
          <p className="shifts__more">
            <span className="muted">The {items.length.toLocaleString("en")} most recent shifts are shown. </span>
            <button
              type="button"
              className="button button--ghost"
              onClick={() => query.fetchNextPage()}
              disabled={query.isFetchingNextPage}
            >
              {query.isFetchingNextPage ? "Loading older shifts…" : "Show older shifts"}
            </button>
          </p>
        )}
      </section>
    </div>
  );
}

const STATUS_WORDS = { auto: "not reviewed", confirmed: "confirmed", corrected: "corrected", rejected: "rejected" };

function ShiftCard({ shift: s, color }: { shift: ShiftItem; color: string }) {
  const reviewed = meetsStanding(s, { reviewed: true });
  return (
    <li className="shift-card" data-actor={s.actor} data-shift={s.id} data-reviewed={reviewed ? "true" : "false"}>
      <header className="shift-card__head">
        <span className="actor-chip" style={{ borderColor: color }}>
          {s.actorName}
        </span>
        <StanceBadge stance={s.from} size="sm" />
        <span aria-hidden="true">→</span>
        <span className="visually-hidden">to</span>
        <StanceBadge stance={s.to} size="sm" />
        <span className="shift-card__when">
          <time dateTime={s.fromDate}>{formatDate(s.fromDate, s.fromDatePrecision)}</time> →{" "}
          <time dateTime={s.toDate}>{formatDate(s.toDate, s.toDatePrecision)}</time>
        </span>
        <span className="shift-card__magnitude" title="Change in net score (support +1, neutral 0, condemn −1)">
          {s.magnitude > 0 ? "+" : ""}
          {s.magnitude}
        </span>
        <span className={`status-tag status-tag--${reviewed ? "confirmed" : "auto"}`}>
          {reviewed ? "reviewed" : "not reviewed"}
        </span>
      </header>
      <p className="shift-card__topic muted">{s.topicTitle}</p>
      <div className="shift-card__sides">
        {(["before", "after"] as const).map((side) => {
          const e = s.evidence[side];
          return (
            <figure key={side} className="shift-card__side">
              <figcaption>
                {side === "before" ? "Before" : "After"} · {formatDate(e.statementDate, e.statementDatePrecision)} ·{" "}
                <span title="The coder's confidence in this coding (an analyst's own coding: 100%)">
                  {Math.round(e.confidence * 100)}% confident
                </span>{" "}
                · <span data-testid="shift-side-status">{STATUS_WORDS[e.status]}</span>
              </figcaption>
              <blockquote className="evidence__quote" style={{ borderLeftColor: color }}>
                {e.evidence}
              </blockquote>
              <p className="evidence__source">
                <Link href={`/reports/${e.reportId}#coding-${e.codingId}`}>{e.reportTitle}</Link> ({e.reportOutlet})
              </p>
            </figure>
          );
        })}
      </div>
    </li>
  );
}
