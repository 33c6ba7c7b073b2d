"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import type { Selection } from "@/browser/selection";
import type { ChartActor } from "@/components/charts/data";
import { actorColor } from "@/components/charts/style";
import { describeFilters } from "@/contracts/filter-words";
import { effectiveFilters } from "@/contracts/filters";
import { useDashboardFilters } from "@/hooks/use-dashboard-filters";
import { useActors, useOutlets, useTopics } from "@/hooks/use-reference-data";
import { FilterBar } from "../filters/filter-bar";
import { AlignmentPanel } from "./alignment-panel";
import { DistributionPanel } from "./distribution-panel";
import { EvidencePanel } from "./evidence-panel";
import { MatrixPanel } from "./matrix-panel";
import { TimelinePanel } from "./timeline-panel";

/** The analysts' morning view: filters in the URL, four charts, and the quotes behind any mark. */
export function Dashboard() {
  const { filters, setFilters, update } = useDashboardFilters();
  const actorsQuery = useActors();
  const topics = useTopics().data?.items ?? [];
  const outlets = useOutlets().data?.items ?? [];
  const actors = actorsQuery.data?.items ?? [];
  const [selection, setSelection] = useState<Selection | null>(null);

  const defaults = useMemo(() => actors.filter((a) => a.isDefault).map((a) => a.code), [actors]);
  const effective = useMemo(() => effectiveFilters(filters, defaults), [filters, defaults]);
  const chartActors: ChartActor[] = useMemo(
    () =>
      actors
        .map((a, i) => ({ code: a.code, name: a.name, color: actorColor(a, i) }))
        .filter((a) => effective.actor?.includes(a.code)),
    [actors, effective.actor],
  );
  const colors = useMemo(() => new Map(actors.map((a, i) => [a.code, actorColor(a, i)])), [actors]);
  const words = describeFilters(
    filters,
    { actors: new Map(actors.map((a) => [a.code, a.name])), topics: new Map(topics.map((t) => [t.slug, t.title])) },
    defaults,
  );

  // A new filter state makes the open evidence list stale.
  const key = JSON.stringify(effective);
  useEffect(() => {
    void key;
    setSelection(null);
  }, [key]);
  const close = useCallback(() => setSelection(null), []);

  if (actorsQuery.isError) {
    return (
      <section className="empty-state" role="alert">
        <h1>The dashboard could not load its actors</h1>
        <p>{actorsQuery.error.message}</p>
        <button type="button" className="button" onClick={() => void actorsQuery.refetch()}>
          Try again
        </button>
      </section>
    );
  }

  return (
    <div className={`dashboard${selection ? " dashboard--with-evidence" : ""}`}>
      <div className="dashboard__main">
        <header className="dashboard__head">
          <div>
            <p className="eyebrow">Stances across reports and over time</p>
            <h1>Where governments stand</h1>
            <p className="dashboard__filters-in-words" data-testid="active-filters">
              {words}
            </p>
          </div>
        </header>
        <FilterBar
          filters={filters}
          onChange={update}
          onReset={() => setFilters({})}
          actors={actors}
          topics={topics}
          outlets={outlets}
        />
        <div className="dashboard__grid">
          <div className="dashboard__wide">
            <MatrixPanel filters={effective} actors={chartActors} onSelect={setSelection} />
          </div>
          <DistributionPanel filters={effective} actors={chartActors} onSelect={setSelection} />
          <AlignmentPanel filters={effective} actors={chartActors} onSelect={setSelection} />
          <div className="dashboard__wide">
            <TimelinePanel filters={effective} actors={chartActors} onSelect={setSelection} />
          </div>
        </div>
      </div>
      <EvidencePanel selection={selection} actorColors={colors} onClose={close} />
    </div>
  );
}
